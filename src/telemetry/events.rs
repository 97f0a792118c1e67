//! Named events: each pairs its log line with its metric, so that what the
//! logs say and what `/metrics` counts cannot drift apart. No event logs a
//! secret: they carry topic coordinates, error classes and messages only.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use tracing::{info, warn};

use super::metrics::{DeadLetterLabels, ErrorLabels, RebalanceLabels, TopicLabels};
use super::Telemetry;

/// A record went to the dead-letter topic and was acknowledged there.
#[derive(Debug)]
pub struct DeadLettered<'a> {
    /// The dead-letter topic.
    pub topic: &'a str,
    /// The error class, e.g. `not_json`.
    pub class: &'a str,
    /// What was wrong, for people.
    pub message: &'a str,
    /// Where the record came from.
    pub source_topic: &'a str,
    /// Its partition.
    pub partition: i32,
    /// Its offset.
    pub offset: i64,
}

impl Telemetry {
    /// A record was read from `topic`.
    pub fn consumed(&self, topic: &str) {
        self.metrics()
            .consumed
            .get_or_create(&TopicLabels {
                topic: topic.to_owned(),
            })
            .inc();
    }

    /// An enriched record was acknowledged on `topic`.
    pub fn produced(&self, topic: &str) {
        self.metrics()
            .produced
            .get_or_create(&TopicLabels {
                topic: topic.to_owned(),
            })
            .inc();
    }

    /// A dead letter was acknowledged: one warning line with the reason and
    /// the source coordinates, and the counter by class.
    pub fn dead_lettered(&self, e: &DeadLettered<'_>) {
        warn!(
            class = e.class,
            reason = e.message,
            source_topic = e.source_topic,
            partition = e.partition,
            offset = e.offset,
            dead_letter_topic = e.topic,
            "dead-lettered {}[{}]@{}: {}",
            e.source_topic,
            e.partition,
            e.offset,
            e.message
        );
        self.metrics()
            .dead_lettered
            .get_or_create(&DeadLetterLabels {
                topic: e.topic.to_owned(),
                class: e.class.to_owned(),
            })
            .inc();
        self.metrics()
            .dead_lettered_by_topic
            .get_or_create(&TopicLabels {
                topic: e.topic.to_owned(),
            })
            .inc();
    }

    /// A record's output or dead letter was acknowledged: its latencies.
    pub fn acknowledged(&self, processing: Duration, end_to_end: Option<Duration>) {
        self.metrics()
            .processing_seconds
            .observe(processing.as_secs_f64());
        if let Some(e2e) = end_to_end {
            self.metrics().end_to_end_seconds.observe(e2e.as_secs_f64());
        }
    }

    /// Partitions were assigned (`kind = "assign"`) or revoked (`"revoke"`).
    pub fn rebalanced(&self, kind: &'static str, partitions: &[i32], assigned_now: usize) {
        info!(
            kind,
            ?partitions,
            assigned = assigned_now,
            "rebalance: {kind} {partitions:?}"
        );
        self.metrics()
            .rebalances
            .get_or_create(&RebalanceLabels { kind })
            .inc();
        self.metrics().assigned_partitions.set(assigned_now as i64);
    }

    /// A librdkafka log line, as rdkafka would log it, except that
    /// connection failures (`FAIL`), which librdkafka repeats on every
    /// reconnect attempt of every broker thread while a broker is away, are
    /// let through once per [`LogLimiter::WINDOW`] per client.
    pub fn librdkafka_log(
        &self,
        client: &'static str,
        level: rdkafka::config::RDKafkaLogLevel,
        fac: &str,
        message: &str,
    ) {
        use rdkafka::config::RDKafkaLogLevel as L;
        let suppressed = if fac == "FAIL" {
            match self.inner.limiter.admit(client, "log FAIL") {
                Some(n) => n,
                None => return,
            }
        } else {
            0
        };
        let more = if suppressed > 0 {
            format!(
                " ({suppressed} more connection failures in the last {:?})",
                LogLimiter::WINDOW
            )
        } else {
            String::new()
        };
        match level {
            L::Emerg | L::Alert | L::Critical | L::Error => {
                tracing::error!(target: "librdkafka", client, "librdkafka: {fac} {message}{more}")
            }
            L::Warning => warn!(target: "librdkafka", client, "librdkafka: {fac} {message}{more}"),
            L::Notice | L::Info => {
                info!(target: "librdkafka", client, "librdkafka: {fac} {message}{more}")
            }
            L::Debug => {
                tracing::debug!(target: "librdkafka", client, "librdkafka: {fac} {message}")
            }
        }
    }

    /// Whether a broker is reachable, from the client's statistics and
    /// errors; logs the transitions (not every report) and sets readiness.
    pub fn broker_reachable(&self, up: bool) {
        let was = self.health().set_broker_up(up);
        if was == up {
            return;
        }
        let mut down = self
            .inner
            .down_since
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if up {
            if let Some(since) = down.take() {
                info!(
                    down_for = ?since.elapsed(),
                    "broker reachable again after {:.1?}: resuming",
                    since.elapsed()
                );
            }
        } else {
            *down = Some(Instant::now());
            warn!(
                "no broker reachable: not ready; in-flight records wait, librdkafka reconnects with back-off"
            );
        }
    }

    /// Fetching was paused (`true`) because output is not keeping up with
    /// the in-flight bound, or resumed (`false`).
    pub fn backpressure(&self, paused: bool) {
        if paused {
            info!("in-flight bound reached and no acknowledgement for 500ms: pausing fetch");
            self.metrics().pauses.inc();
            self.metrics().paused.set(1);
        } else {
            info!("acknowledgements caught up: resuming fetch");
            self.metrics().paused.set(0);
        }
    }

    /// A Kafka client reported an error. The counter counts each; the log
    /// says it once per [`LogLimiter::WINDOW`] per client and code, with how
    /// many like it were left out (a broker outage makes librdkafka report
    /// the same error on every reconnect attempt).
    pub fn kafka_error(&self, client: &'static str, code: &str, message: &str) {
        if let Some(suppressed) = self.inner.limiter.admit(client, code) {
            if suppressed > 0 {
                warn!(
                    client,
                    code,
                    suppressed,
                    "kafka {client} error: {message} ({suppressed} more like it in the last {:?})",
                    LogLimiter::WINDOW
                );
            } else {
                warn!(client, code, "kafka {client} error: {message}");
            }
        }
        self.metrics()
            .kafka_errors
            .get_or_create(&ErrorLabels {
                client,
                code: code.to_owned(),
            })
            .inc();
    }
}

/// (client, code) → (last logged, left out since).
type Seen = HashMap<(&'static str, String), (Instant, u64)>;

/// Admits one log line per (client, code) per [`LogLimiter::WINDOW`].
#[derive(Debug, Default)]
pub struct LogLimiter {
    seen: Mutex<Seen>,
}

impl LogLimiter {
    /// The window.
    pub const WINDOW: Duration = Duration::from_secs(10);

    /// `Some(n)` when a line may be logged now, `n` being how many were
    /// left out since the last; `None` when this one is left out.
    pub fn admit(&self, client: &'static str, code: &str) -> Option<u64> {
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        match seen.get_mut(&(client, code.to_owned())) {
            Some((last, suppressed)) if now.duration_since(*last) < Self::WINDOW => {
                *suppressed += 1;
                None
            }
            Some((last, suppressed)) => {
                let n = *suppressed;
                *last = now;
                *suppressed = 0;
                Some(n)
            }
            None => {
                seen.insert((client, code.to_owned()), (now, 0));
                Some(0)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_errors_are_admitted_once_per_window() {
        let l = LogLimiter::default();
        assert_eq!(l.admit("consumer", "AllBrokersDown"), Some(0));
        assert_eq!(l.admit("consumer", "AllBrokersDown"), None);
        assert_eq!(l.admit("consumer", "AllBrokersDown"), None);
        assert_eq!(l.admit("consumer", "Transport"), Some(0));
        assert_eq!(l.admit("producer", "AllBrokersDown"), Some(0));
    }
}
