//! The Prometheus metrics of one worker, served at `/metrics`.
//!
//! | metric | type | labels |
//! | --- | --- | --- |
//! | `newswire_messages_consumed_total` | counter | `topic` (input) |
//! | `newswire_messages_produced_total` | counter | `topic` (output) |
//! | `newswire_messages_dead_lettered_total` | counter | `topic` (dead-letter), `class` |
//! | `newswire_enrich_duration_seconds` | histogram | |
//! | `newswire_processing_duration_seconds` | histogram | (consumed → acknowledged) |
//! | `newswire_end_to_end_latency_seconds` | histogram | (input record timestamp → acknowledged) |
//! | `newswire_in_flight_messages` | gauge | |
//! | `newswire_consumer_lag_messages` | gauge | `topic`, `partition` |
//! | `newswire_assigned_partitions` | gauge | |
//! | `newswire_rebalances_total` | counter | `kind` (`assign`, `revoke`) |
//! | `newswire_consumer_paused` | gauge | (1 while the in-flight bound pauses fetching) |
//! | `newswire_backpressure_pauses_total` | counter | |
//! | `newswire_kafka_errors_total` | counter | `client`, `code` |
//! | `newswire_transactions_committed_total` | counter | (exactly-once) |
//! | `newswire_transactions_aborted_total` | counter | (exactly-once) |

use prometheus_client::encoding::text::encode;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

/// Labels naming a topic.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct TopicLabels {
    /// The topic.
    pub topic: String,
}

/// Labels of a dead letter.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct DeadLetterLabels {
    /// The dead-letter topic.
    pub topic: String,
    /// The error class (`not_json`, `missing_body`, ...).
    pub class: String,
}

/// Labels naming a partition.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct PartitionLabels {
    /// The topic.
    pub topic: String,
    /// The partition number.
    pub partition: i32,
}

/// Labels of a rebalance.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RebalanceLabels {
    /// `assign` or `revoke`.
    pub kind: &'static str,
}

/// Labels of a client error.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ErrorLabels {
    /// `consumer` or `producer`.
    pub client: &'static str,
    /// librdkafka's error code name.
    pub code: String,
}

/// Every metric of one worker, and the registry that encodes them.
pub struct Metrics {
    registry: Registry,
    /// Records read from the input topic.
    pub consumed: Family<TopicLabels, Counter>,
    /// Enriched records acknowledged on the output topic.
    pub produced: Family<TopicLabels, Counter>,
    /// Records acknowledged on the dead-letter topic.
    pub dead_lettered: Family<DeadLetterLabels, Counter>,
    /// Time spent decoding, enriching and encoding one record.
    pub enrich_seconds: Histogram,
    /// Time from consuming a record to its acknowledgement.
    pub processing_seconds: Histogram,
    /// Time from the input record's timestamp to its acknowledgement.
    pub end_to_end_seconds: Histogram,
    /// Records consumed and not yet acknowledged.
    pub in_flight: Gauge,
    /// Records behind the partition's end, per assigned partition.
    pub consumer_lag: Family<PartitionLabels, Gauge>,
    /// Partitions currently assigned.
    pub assigned_partitions: Gauge,
    /// Rebalance events.
    pub rebalances: Family<RebalanceLabels, Counter>,
    /// 1 while fetching is paused by the in-flight bound.
    pub paused: Gauge,
    /// Times fetching was paused by the in-flight bound.
    pub pauses: Counter,
    /// Errors reported by the Kafka clients.
    pub kafka_errors: Family<ErrorLabels, Counter>,
    /// Transactions committed (exactly-once).
    pub transactions_committed: Counter,
    /// Transactions aborted (exactly-once).
    pub transactions_aborted: Counter,
    /// Dead letters by topic, all classes (not exported: the summary's sum).
    pub dead_lettered_by_topic: Family<TopicLabels, Counter>,
    /// Lag summed over assigned partitions (not exported: the summary's sum).
    pub lag_total: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

fn latency_histogram() -> Histogram {
    // 100 µs to ~105 s.
    Histogram::new(exponential_buckets(0.0001, 2.0, 21))
}

impl Metrics {
    /// Registers every metric, all at zero.
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("newswire");
        let m = Metrics {
            consumed: Family::default(),
            produced: Family::default(),
            dead_lettered: Family::default(),
            enrich_seconds: latency_histogram(),
            processing_seconds: latency_histogram(),
            end_to_end_seconds: latency_histogram(),
            in_flight: Gauge::default(),
            consumer_lag: Family::default(),
            assigned_partitions: Gauge::default(),
            rebalances: Family::default(),
            paused: Gauge::default(),
            pauses: Counter::default(),
            kafka_errors: Family::default(),
            transactions_committed: Counter::default(),
            transactions_aborted: Counter::default(),
            dead_lettered_by_topic: Family::default(),
            lag_total: Gauge::default(),
            registry: Registry::default(),
        };
        registry.register(
            "messages_consumed",
            "Records read from the input topic",
            m.consumed.clone(),
        );
        registry.register(
            "messages_produced",
            "Enriched records acknowledged on the output topic",
            m.produced.clone(),
        );
        registry.register(
            "messages_dead_lettered",
            "Records acknowledged on the dead-letter topic, by error class",
            m.dead_lettered.clone(),
        );
        registry.register(
            "enrich_duration_seconds",
            "Time to decode, enrich and encode one record",
            m.enrich_seconds.clone(),
        );
        registry.register(
            "processing_duration_seconds",
            "Time from consuming a record to the acknowledgement of its output or dead letter",
            m.processing_seconds.clone(),
        );
        registry.register(
            "end_to_end_latency_seconds",
            "Time from the input record's timestamp to the acknowledgement of its output or dead letter",
            m.end_to_end_seconds.clone(),
        );
        registry.register(
            "in_flight_messages",
            "Records consumed and not yet acknowledged",
            m.in_flight.clone(),
        );
        registry.register(
            "consumer_lag_messages",
            "Records between the stored offset and the end of each assigned partition",
            m.consumer_lag.clone(),
        );
        registry.register(
            "assigned_partitions",
            "Input partitions assigned to this worker",
            m.assigned_partitions.clone(),
        );
        registry.register(
            "rebalances",
            "Consumer group rebalance events, by kind",
            m.rebalances.clone(),
        );
        registry.register(
            "consumer_paused",
            "1 while fetching is paused because worker.max_in_flight records are unacknowledged",
            m.paused.clone(),
        );
        registry.register(
            "backpressure_pauses",
            "Times fetching was paused because output did not keep up",
            m.pauses.clone(),
        );
        registry.register(
            "kafka_errors",
            "Errors reported by the Kafka clients, by client and error code",
            m.kafka_errors.clone(),
        );
        registry.register(
            "transactions_committed",
            "Transactions committed (exactly-once delivery)",
            m.transactions_committed.clone(),
        );
        registry.register(
            "transactions_aborted",
            "Transactions aborted, their records produced again (exactly-once delivery)",
            m.transactions_aborted.clone(),
        );
        Metrics { registry, ..m }
    }

    /// The metrics in the Prometheus/OpenMetrics text format.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        encode(&mut out, &self.registry).expect("writing to a String cannot fail");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_every_family_with_its_name() {
        let m = Metrics::new();
        m.consumed
            .get_or_create(&TopicLabels { topic: "in".into() })
            .inc();
        m.dead_lettered
            .get_or_create(&DeadLetterLabels {
                topic: "dlq".into(),
                class: "not_json".into(),
            })
            .inc();
        let text = m.encode();
        assert!(
            text.contains("newswire_messages_consumed_total{topic=\"in\"} 1"),
            "{text}"
        );
        assert!(
            text.contains(
                "newswire_messages_dead_lettered_total{topic=\"dlq\",class=\"not_json\"} 1"
            ),
            "{text}"
        );
        assert!(
            text.contains("# TYPE newswire_enrich_duration_seconds histogram"),
            "{text}"
        );
        assert!(text.ends_with("# EOF\n"), "{text}");
    }
}
