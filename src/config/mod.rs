//! Settings of the worker: one typed [`Settings`] value, loaded in layers.
//!
//! ```text
//! config/default.toml (built in) < --config FILE < NEWSWIRE_* env < flags
//!        └──────────── load::load ─► toml table ─► Settings ─► validate
//! ```
//!
//! - [`load`] merges the layers into one TOML table, remembering where each
//!   value came from, and deserialises it (unknown settings are errors).
//! - `Settings::validate` rejects values that cannot work, naming the
//!   setting and the layer it came from.
//! - [`kafka`] is the only place that spells librdkafka property names: it
//!   turns the settings into the consumer, producer and admin configurations
//!   and refuses passthrough properties that would break delivery.
//!
//! `config/default.toml` documents every setting; it is the single source of
//! the defaults, so the documentation cannot drift from the behaviour.

mod error;
pub mod kafka;
mod load;

use std::net::SocketAddr;
use std::time::Duration;

use serde::{Deserialize, Serialize};

pub use error::ConfigError;
pub use kafka::KafkaSettings;
pub use load::{load, Override, Sources};

/// The built-in defaults, with their documentation.
pub const DEFAULT_TOML: &str = include_str!("../../config/default.toml");

/// Every setting of `newswire run`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Topic names and creation.
    pub topics: Topics,
    /// Consumer group behaviour.
    pub consumer: Consumer,
    /// Concurrency, limits and timeouts of the processing.
    pub worker: Worker,
    /// Logs, metrics and health endpoints.
    pub telemetry: Telemetry,
    /// librdkafka passthrough properties.
    #[serde(skip)]
    pub kafka: KafkaSettings,
}

/// `[topics]`: where articles come from and where records go.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Topics {
    /// Topic of raw articles.
    pub input: String,
    /// Topic of enriched records.
    pub output: String,
    /// Topic of records that could not be enriched.
    pub dead_letter: String,
    /// Create missing topics at start.
    pub create: bool,
    /// Partitions of created topics.
    pub partitions: i32,
    /// Replication factor of created topics.
    pub replication_factor: i32,
}

/// `[consumer]`: the consumer group.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Consumer {
    /// Consumer group id.
    pub group: String,
    /// Where a group without committed offsets starts.
    pub start_from: StartFrom,
    /// Background commit interval of acknowledged offsets.
    #[serde(with = "humantime_serde")]
    pub commit_interval: Duration,
}

/// Where a consumer group with no committed offset starts reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StartFrom {
    /// The oldest record still in the topic.
    Earliest,
    /// Only records produced after the group first joins.
    Latest,
}

/// `[worker]`: processing limits.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Worker {
    /// Messages consumed but not yet acknowledged, at most.
    pub max_in_flight: usize,
    /// Larger input records are dead-lettered unread.
    pub max_message_bytes: usize,
    /// Enrichment threads; 0 means one per core.
    pub enrich_threads: usize,
    /// Enrich (true) or pass each input through unchanged (false,
    /// benchmarks only).
    pub enrich: bool,
    /// Time a graceful shutdown may take.
    #[serde(with = "humantime_serde")]
    pub shutdown_timeout: Duration,
    /// Time a rebalance waits for the in-flight work of revoked partitions.
    #[serde(with = "humantime_serde")]
    pub drain_timeout: Duration,
    /// At-least-once or exactly-once.
    pub delivery: Delivery,
    /// exactly-once: records per transaction, at most.
    pub transaction_max_records: usize,
    /// exactly-once: age of a transaction's first record that commits it.
    #[serde(with = "humantime_serde")]
    pub transaction_interval: Duration,
    /// exactly-once: this instance's name in its `transactional.id`; empty
    /// means the host name.
    pub instance_id: String,
}

/// The delivery guarantee of `newswire run`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Delivery {
    /// Offsets are committed after their records are acknowledged; a crash
    /// may produce a record twice.
    #[default]
    AtLeastOnce,
    /// Records and offsets are committed in one transaction per batch.
    ExactlyOnce,
}

impl Worker {
    /// This instance's name for its `transactional.id`: `instance_id`, else
    /// the host name, else `"default"`.
    pub fn instance_id(&self) -> String {
        let given = self.instance_id.trim();
        if !given.is_empty() {
            return given.to_owned();
        }
        std::fs::read_to_string("/proc/sys/kernel/hostname")
            .ok()
            .or_else(|| std::env::var("HOSTNAME").ok())
            .map(|h| h.trim().to_owned())
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| "default".to_owned())
    }

    /// The transactional id of this instance in `group` (exactly-once):
    /// `newswire-<group>-<instance>`.
    pub fn transactional_id(&self, group: &str) -> String {
        format!("newswire-{group}-{}", self.instance_id())
    }

    /// The number of enrichment threads to start.
    pub fn enrich_threads(&self) -> usize {
        if self.enrich_threads == 0 {
            std::thread::available_parallelism().map_or(1, |n| n.get())
        } else {
            self.enrich_threads
        }
    }
}

/// `[telemetry]`: logs, metrics, health.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Telemetry {
    /// Log line format.
    pub log_format: LogFormat,
    /// Log filter directive (RUST_LOG wins when set).
    pub log_level: String,
    /// Interval of the summary log line; zero turns it off.
    #[serde(with = "humantime_serde")]
    pub summary_interval: Duration,
    /// Address of the HTTP endpoint; empty turns it off.
    pub http_listen: String,
    /// Interval of librdkafka statistics.
    #[serde(with = "humantime_serde")]
    pub stats_interval: Duration,
}

impl Telemetry {
    /// The HTTP endpoint's address, or `None` when it is turned off.
    /// Valid after `Settings::validate` (part of loading).
    pub fn http_addr(&self) -> Option<SocketAddr> {
        self.http_listen.trim().parse().ok()
    }
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

impl Settings {
    /// The built-in defaults alone.
    pub fn defaults() -> Settings {
        load(&Sources::default()).expect("config/default.toml is valid")
    }

    /// Checks the values that deserialising cannot: ranges, topic names,
    /// addresses, and the librdkafka passthrough. `origin` says where a
    /// setting's value came from, for the message.
    pub(crate) fn validate(&self, origin: &dyn Fn(&str) -> String) -> Result<(), ConfigError> {
        let bad = |setting: &str, message: String| {
            Err(ConfigError::invalid(setting, origin(setting), message))
        };
        let t = &self.topics;
        for (name, value) in [
            ("topics.input", &t.input),
            ("topics.output", &t.output),
            ("topics.dead_letter", &t.dead_letter),
        ] {
            if let Err(why) = check_topic_name(value) {
                return bad(name, why);
            }
        }
        if t.output == t.input || t.dead_letter == t.input {
            return bad(
                if t.output == t.input {
                    "topics.output"
                } else {
                    "topics.dead_letter"
                },
                format!(
                    "must differ from topics.input ({:?}): the worker would read its own output",
                    t.input
                ),
            );
        }
        if t.dead_letter == t.output {
            return bad(
                "topics.dead_letter",
                format!("must differ from topics.output ({:?})", t.output),
            );
        }
        if t.partitions < 1 {
            return bad(
                "topics.partitions",
                format!("must be at least 1, got {}", t.partitions),
            );
        }
        if t.replication_factor < 1 {
            return bad(
                "topics.replication_factor",
                format!("must be at least 1, got {}", t.replication_factor),
            );
        }
        if self.consumer.group.trim().is_empty() {
            return bad("consumer.group", "must not be empty".to_owned());
        }
        if self.consumer.commit_interval.is_zero() {
            return bad(
                "consumer.commit_interval",
                "must be longer than 0s".to_owned(),
            );
        }
        let w = &self.worker;
        if w.max_in_flight == 0 || w.max_in_flight > 1_000_000 {
            return bad(
                "worker.max_in_flight",
                format!("must be between 1 and 1000000, got {}", w.max_in_flight),
            );
        }
        if w.max_message_bytes == 0 {
            return bad("worker.max_message_bytes", "must be at least 1".to_owned());
        }
        if w.enrich_threads > 1024 {
            return bad(
                "worker.enrich_threads",
                format!(
                    "must be at most 1024 (0 = one per core), got {}",
                    w.enrich_threads
                ),
            );
        }
        if w.shutdown_timeout.is_zero() {
            return bad(
                "worker.shutdown_timeout",
                "must be longer than 0s".to_owned(),
            );
        }
        if w.drain_timeout.is_zero() {
            return bad("worker.drain_timeout", "must be longer than 0s".to_owned());
        }
        if w.transaction_max_records == 0 {
            return bad(
                "worker.transaction_max_records",
                "must be at least 1".to_owned(),
            );
        }
        if w.transaction_interval.is_zero() {
            return bad(
                "worker.transaction_interval",
                "must be longer than 0s".to_owned(),
            );
        }
        let tel = &self.telemetry;
        if let Err(e) = tracing_subscriber::EnvFilter::try_new(&tel.log_level) {
            return bad("telemetry.log_level", format!("not a log filter: {e}"));
        }
        if !tel.http_listen.trim().is_empty() && tel.http_addr().is_none() {
            return bad(
                "telemetry.http_listen",
                format!(
                    "{:?} is not an address like 127.0.0.1:9464 (\"\" turns it off)",
                    tel.http_listen
                ),
            );
        }
        if tel.stats_interval < Duration::from_millis(100) {
            return bad(
                "telemetry.stats_interval",
                "must be at least 100ms".to_owned(),
            );
        }
        self.kafka.validate(origin)
    }

    /// The effective settings as TOML, secrets redacted: what
    /// `newswire config` prints.
    pub fn to_toml_redacted(&self) -> String {
        let mut table = toml::Table::try_from(self).expect("settings serialise to TOML");
        table.insert(
            "kafka".to_owned(),
            toml::Value::Table(self.kafka.to_table_redacted()),
        );
        toml::to_string_pretty(&table).expect("a TOML table serialises")
    }
}

/// Kafka's own rule for topic names.
fn check_topic_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("must not be empty".to_owned());
    }
    if name == "." || name == ".." {
        return Err(format!("{name:?} is not a topic name"));
    }
    if name.len() > 249 {
        return Err(format!(
            "is {} characters long; Kafka allows 249",
            name.len()
        ));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
    {
        return Err(format!(
            "{name:?} holds {c:?}; Kafka topic names use only ASCII letters, digits, '.', '_' and '-'"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(overrides: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        let sources = Sources {
            overrides: overrides
                .iter()
                .map(|(k, v)| Override::new(*k, *v, "--set"))
                .collect(),
            ..Sources::default()
        };
        load(&sources)
    }

    #[test]
    fn defaults_load_and_validate() {
        let s = Settings::defaults();
        assert_eq!(s.topics.input, "articles");
        assert_eq!(s.consumer.start_from, StartFrom::Earliest);
        assert_eq!(s.worker.shutdown_timeout, Duration::from_secs(30));
        assert_eq!(s.telemetry.log_format, LogFormat::Text);
        assert_eq!(s.worker.delivery, Delivery::AtLeastOnce);
        assert_eq!(
            s.kafka.common.get("bootstrap.servers").map(String::as_str),
            Some("127.0.0.1:9092")
        );
    }

    #[test]
    fn bad_values_name_the_setting_and_where_it_came_from() {
        let e = with(&[("worker.max_in_flight", "0")])
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "invalid setting worker.max_in_flight (from flag --set): must be between 1 and 1000000, got 0"
        );
        let e = with(&[("topics.input", "my topic")])
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("invalid setting topics.input (from flag --set): \"my topic\" holds ' '"),
            "{e}"
        );
        let e = with(&[("topics.output", "articles")])
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("invalid setting topics.output"), "{e}");
        let e = with(&[("telemetry.http_listen", "localhost")])
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("invalid setting telemetry.http_listen"),
            "{e}"
        );
        let e = with(&[("telemetry.log_level", "info,[")])
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("invalid setting telemetry.log_level"), "{e}");
    }

    #[test]
    fn delivery_is_a_closed_set_named_in_errors() {
        let s = with(&[("worker.delivery", "exactly-once")]).unwrap();
        assert_eq!(s.worker.delivery, Delivery::ExactlyOnce);
        let s = with(&[("worker.instance_id", "pod-3"), ("consumer.group", "g")]).unwrap();
        assert_eq!(s.worker.transactional_id("g"), "newswire-g-pod-3");
        let e = with(&[("worker.delivery", "exactly_once")])
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with(
                "invalid setting worker.delivery (from flag --set): unknown variant `exactly_once`"
            ),
            "{e}"
        );
    }

    #[test]
    fn redacted_toml_hides_secrets_and_round_trips() {
        let s = with(&[
            ("kafka.sasl.password", "hunter2"),
            ("kafka.sasl.username", "alice"),
            ("kafka.producer.linger.ms", "7"),
        ])
        .unwrap();
        let text = s.to_toml_redacted();
        assert!(!text.contains("hunter2"), "{text}");
        assert!(
            text.contains("\"sasl.password\" = \"<redacted>\""),
            "{text}"
        );
        assert!(text.contains("\"sasl.username\" = \"alice\""), "{text}");
        assert!(text.contains("\"linger.ms\" = \"7\""), "{text}");
        // What `newswire config` prints is itself a valid config file.
        let back: toml::Table = text.parse().unwrap();
        assert_eq!(back["worker"]["shutdown_timeout"].as_str(), Some("30s"));
    }
}
