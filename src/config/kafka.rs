//! librdkafka properties: the passthrough tables and the client configs built
//! from the settings. The only module that spells librdkafka property names.
//!
//! The consumer is configured for at-least-once delivery (see
//! `pipeline::offsets`): `enable.auto.offset.store=false` so that an offset is
//! stored only after its record is acknowledged, and auto-commit on, which
//! commits stored offsets in the background. The producer waits for all
//! in-sync replicas (`acks=all`) and keeps one request in flight per broker
//! (`max.in.flight.requests.per.connection=1`), so a retry never reorders
//! records; like a restart, it may write a record twice, which at-least-once
//! allows. It is not idempotent: librdkafka 2.12's idempotent producer
//! busy-polls while a request is in flight, which costs a worker that is
//! enriching on the same cores about a tenth of its throughput. Exactly-once
//! needs idempotence and gets it, with transactions. Passthrough properties
//! that would undo any of this are refused with a message saying which
//! setting to use instead.

use std::collections::BTreeMap;

use rdkafka::ClientConfig;

use super::{ConfigError, Delivery, Settings, StartFrom};

/// Properties newswire sets itself, and the setting to use instead.
const OWNED: &[(&str, &str)] = &[
    ("group.id", "use consumer.group"),
    (
        "enable.auto.offset.store",
        "offsets are stored only after acknowledgement",
    ),
    (
        "enable.auto.commit",
        "acknowledged offsets are committed in the background",
    ),
    ("auto.commit.interval.ms", "use consumer.commit_interval"),
    ("auto.offset.reset", "use consumer.start_from"),
    ("statistics.interval.ms", "use telemetry.stats_interval"),
    (
        "enable.partition.eof",
        "the worker does not use end-of-partition events",
    ),
    (
        "enable.idempotence",
        "it follows worker.delivery (exactly-once needs it)",
    ),
    (
        "max.in.flight.requests.per.connection",
        "one request in flight keeps order across retries",
    ),
    (
        "max.in.flight",
        "one request in flight keeps order across retries",
    ),
    ("acks", "the producer waits for all in-sync replicas"),
    (
        "request.required.acks",
        "the producer waits for all in-sync replicas",
    ),
    (
        "transactional.id",
        "exactly-once derives it from consumer.group and worker.instance_id",
    ),
];

/// Which client a passthrough property applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// `[kafka]`: both clients (and the admin client).
    Common,
    /// `[kafka.consumer]`.
    Consumer,
    /// `[kafka.producer]`.
    Producer,
}

impl Scope {
    /// Splits `consumer.fetch.min.bytes` into (Consumer, `fetch.min.bytes`);
    /// a property without a client prefix is common.
    pub fn split(path: &str) -> (Scope, &str) {
        if let Some(p) = path.strip_prefix("consumer.") {
            (Scope::Consumer, p)
        } else if let Some(p) = path.strip_prefix("producer.") {
            (Scope::Producer, p)
        } else {
            (Scope::Common, path)
        }
    }

    fn setting(self, prop: &str) -> String {
        match self {
            Scope::Common => format!("kafka.{prop}"),
            Scope::Consumer => format!("kafka.consumer.{prop}"),
            Scope::Producer => format!("kafka.producer.{prop}"),
        }
    }
}

/// The `[kafka]`, `[kafka.consumer]` and `[kafka.producer]` tables, with
/// dotted property names as keys and every value as text.
#[derive(Debug, Clone, Default)]
pub struct KafkaSettings {
    /// Properties for every client.
    pub common: BTreeMap<String, String>,
    /// Properties for the consumer only.
    pub consumer: BTreeMap<String, String>,
    /// Properties for the producer only.
    pub producer: BTreeMap<String, String>,
    origins: BTreeMap<String, String>,
}

impl KafkaSettings {
    /// Sets one property.
    pub fn set(&mut self, scope: Scope, prop: &str, value: &str, origin: &str) {
        let map = match scope {
            Scope::Common => &mut self.common,
            Scope::Consumer => &mut self.consumer,
            Scope::Producer => &mut self.producer,
        };
        map.insert(prop.to_owned(), value.to_owned());
        self.origins.insert(scope.setting(prop), origin.to_owned());
    }

    /// Where each property came from, keyed by setting (`kafka.sasl.username`).
    pub(crate) fn origins(&self) -> &BTreeMap<String, String> {
        &self.origins
    }

    /// Merges a `[kafka]` table: `consumer` and `producer` sub-tables go to
    /// their client, nested tables become dotted names.
    pub(crate) fn merge_table(
        &mut self,
        table: &toml::Table,
        origin: &str,
    ) -> Result<(), ConfigError> {
        for (key, value) in table {
            match (key.as_str(), value) {
                ("consumer", toml::Value::Table(t)) => {
                    self.merge_scope(Scope::Consumer, "", t, origin)?
                }
                ("producer", toml::Value::Table(t)) => {
                    self.merge_scope(Scope::Producer, "", t, origin)?
                }
                _ => {
                    let mut one = toml::Table::new();
                    one.insert(key.clone(), value.clone());
                    self.merge_scope(Scope::Common, "", &one, origin)?;
                }
            }
        }
        Ok(())
    }

    fn merge_scope(
        &mut self,
        scope: Scope,
        prefix: &str,
        table: &toml::Table,
        origin: &str,
    ) -> Result<(), ConfigError> {
        for (key, value) in table {
            let prop = if prefix.is_empty() {
                key.clone()
            } else {
                format!("{prefix}.{key}")
            };
            let text = match value {
                toml::Value::Table(t) => {
                    self.merge_scope(scope, &prop, t, origin)?;
                    continue;
                }
                toml::Value::String(s) => s.clone(),
                toml::Value::Integer(i) => i.to_string(),
                toml::Value::Float(f) => f.to_string(),
                toml::Value::Boolean(b) => b.to_string(),
                toml::Value::Array(items) => {
                    let mut parts = Vec::new();
                    for item in items {
                        match item {
                            toml::Value::String(s) => parts.push(s.clone()),
                            other => parts.push(other.to_string()),
                        }
                    }
                    parts.join(",")
                }
                toml::Value::Datetime(_) => {
                    return Err(ConfigError::invalid(
                        &scope.setting(&prop),
                        origin.to_owned(),
                        "librdkafka properties are text, numbers or booleans".to_owned(),
                    ))
                }
            };
            self.set(scope, &prop, &text, origin);
        }
        Ok(())
    }

    /// Refuses properties newswire owns and a missing `bootstrap.servers`.
    pub(crate) fn validate(&self, origin: &dyn Fn(&str) -> String) -> Result<(), ConfigError> {
        for (scope, map) in [
            (Scope::Common, &self.common),
            (Scope::Consumer, &self.consumer),
            (Scope::Producer, &self.producer),
        ] {
            for prop in map.keys() {
                if let Some((_, why)) = OWNED.iter().find(|(p, _)| p == prop) {
                    let setting = scope.setting(prop);
                    return Err(ConfigError::invalid(
                        &setting,
                        origin(&setting),
                        format!("newswire sets {prop} itself ({why}); remove it"),
                    ));
                }
            }
        }
        let servers = self.common.get("bootstrap.servers").map(|s| s.trim());
        if servers.is_none_or(str::is_empty) {
            return Err(ConfigError::invalid(
                "kafka.bootstrap.servers",
                origin("kafka.bootstrap.servers"),
                "must name at least one broker (host:port); NEWSWIRE_BROKERS sets it".to_owned(),
            ));
        }
        Ok(())
    }

    /// The tables as TOML, secret values replaced by `<redacted>`.
    pub fn to_table_redacted(&self) -> toml::Table {
        let redact = |map: &BTreeMap<String, String>| -> toml::Table {
            map.iter()
                .map(|(k, v)| {
                    let v = if is_secret(k) {
                        "<redacted>".to_owned()
                    } else {
                        v.clone()
                    };
                    (k.clone(), toml::Value::String(v))
                })
                .collect()
        };
        let mut table = redact(&self.common);
        table.insert(
            "consumer".to_owned(),
            toml::Value::Table(redact(&self.consumer)),
        );
        table.insert(
            "producer".to_owned(),
            toml::Value::Table(redact(&self.producer)),
        );
        table
    }

    /// The brokers, for log lines.
    pub fn bootstrap_servers(&self) -> &str {
        self.common
            .get("bootstrap.servers")
            .map_or("", String::as_str)
    }

    /// A property's value for log lines: the value, or `<redacted>`.
    pub fn display_value<'a>(&'a self, prop: &str) -> Option<&'a str> {
        self.common.get(prop).map(|v| {
            if is_secret(prop) {
                "<redacted>"
            } else {
                v.as_str()
            }
        })
    }
}

/// Whether a property holds a secret that must never be printed or logged.
pub fn is_secret(prop: &str) -> bool {
    let p = prop.to_ascii_lowercase();
    p.contains("password")
        || p.contains("secret")
        || p.contains("sasl.oauthbearer.config")
        || p.contains("ssl.key.pem")
        || p.contains("ssl_key")
        || p.contains("token")
}

fn base(settings: &Settings, scoped: &BTreeMap<String, String>) -> ClientConfig {
    let mut c = ClientConfig::new();
    c.set("client.id", "newswire");
    for (k, v) in settings.kafka.common.iter().chain(scoped) {
        c.set(k, v);
    }
    c
}

/// The consumer's configuration: passthrough, then what delivery needs.
///
/// At-least-once: offsets are stored after acknowledgement and committed in
/// the background. Exactly-once: no commits at all from the consumer (the
/// producer's transactions carry the offsets), and only committed records
/// of a transactional input are read.
pub fn consumer_config(settings: &Settings) -> ClientConfig {
    let mut c = base(settings, &settings.kafka.consumer);
    let exactly_once = settings.worker.delivery == Delivery::ExactlyOnce;
    c.set("group.id", &settings.consumer.group)
        .set("enable.auto.offset.store", "false")
        .set(
            "enable.auto.commit",
            if exactly_once { "false" } else { "true" },
        )
        .set(
            "auto.commit.interval.ms",
            millis(settings.consumer.commit_interval).to_string(),
        )
        .set(
            "auto.offset.reset",
            match settings.consumer.start_from {
                StartFrom::Earliest => "earliest",
                StartFrom::Latest => "latest",
            },
        )
        .set("enable.partition.eof", "false")
        .set(
            "statistics.interval.ms",
            millis(settings.telemetry.stats_interval).to_string(),
        );
    if exactly_once {
        c.set("isolation.level", "read_committed");
    }
    c
}

/// The producer's configuration: passthrough, then ordered delivery to all
/// in-sync replicas; exactly-once adds idempotence and the instance's
/// `transactional.id`.
pub fn producer_config(settings: &Settings) -> ClientConfig {
    let mut c = base(settings, &settings.kafka.producer);
    match settings.worker.delivery {
        Delivery::AtLeastOnce => {
            c.set("enable.idempotence", "false")
                .set("acks", "all")
                .set("max.in.flight.requests.per.connection", "1");
        }
        Delivery::ExactlyOnce => {
            c.set("enable.idempotence", "true").set(
                "transactional.id",
                settings.worker.transactional_id(&settings.consumer.group),
            );
        }
    }
    c
}

/// librdkafka's default `message.max.bytes`.
const LIBRDKAFKA_MESSAGE_MAX_BYTES: usize = 1_000_000;
/// librdkafka's smallest accepted `message.max.bytes`.
const LIBRDKAFKA_MESSAGE_MAX_BYTES_MIN: usize = 1_000;

/// Lowers the producer's `message.max.bytes` to the output topic's
/// `max.message.bytes` when that is smaller, so that librdkafka refuses an
/// oversized record when it is enqueued (a dead letter) instead of the
/// broker refusing it later (under exactly-once, an aborted transaction
/// that would fail again on every retry). Returns the limit in force.
pub fn cap_message_bytes(c: &mut ClientConfig, topic_max_message_bytes: usize) -> usize {
    let configured = c
        .get("message.max.bytes")
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(LIBRDKAFKA_MESSAGE_MAX_BYTES);
    let limit = configured
        .min(topic_max_message_bytes)
        .max(LIBRDKAFKA_MESSAGE_MAX_BYTES_MIN);
    if limit != configured {
        c.set("message.max.bytes", limit.to_string());
    }
    limit
}

/// An idempotent, non-transactional producer (replay), whatever the
/// worker's delivery mode.
pub fn producer_config_idempotent(settings: &Settings) -> ClientConfig {
    let mut c = base(settings, &settings.kafka.producer);
    c.set("enable.idempotence", "true");
    c
}

/// The configuration of a consumer that reads without a group (replay): a
/// throwaway `group.id` that is never committed to, so the live group's
/// offsets cannot move.
pub fn standalone_consumer_config(settings: &Settings, throwaway_group: &str) -> ClientConfig {
    let mut c = base(settings, &settings.kafka.consumer);
    c.set("group.id", throwaway_group)
        .set("enable.auto.commit", "false")
        .set("enable.auto.offset.store", "false")
        .set("enable.partition.eof", "true")
        .set("auto.offset.reset", "earliest");
    c
}

/// The admin client's configuration (topic checks and creation).
pub fn admin_config(settings: &Settings) -> ClientConfig {
    base(settings, &BTreeMap::new())
}

fn millis(d: std::time::Duration) -> u128 {
    d.as_millis().max(1)
}

/// A librdkafka client error as text, with the value of a secret property
/// (librdkafka echoes rejected values) redacted.
pub fn describe_client_error(err: &rdkafka::error::KafkaError) -> String {
    match err {
        rdkafka::error::KafkaError::ClientConfig(_, desc, key, _) if is_secret(key) => {
            format!("invalid librdkafka property {key} = <redacted>: {desc}")
        }
        rdkafka::error::KafkaError::ClientConfig(_, desc, key, value) => {
            format!("invalid librdkafka property {key} = {value:?}: {desc}")
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{load, Override, Sources};
    use super::*;

    fn with(overrides: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        load(&Sources {
            overrides: overrides
                .iter()
                .map(|(k, v)| Override::new(*k, *v, "--set"))
                .collect(),
            ..Sources::default()
        })
    }

    #[test]
    fn owned_properties_are_refused_wherever_given() {
        for (setting, prop) in [
            ("kafka.enable.auto.offset.store", "enable.auto.offset.store"),
            ("kafka.consumer.group.id", "group.id"),
            ("kafka.producer.acks", "acks"),
            ("kafka.producer.enable.idempotence", "enable.idempotence"),
            (
                "kafka.producer.max.in.flight.requests.per.connection",
                "max.in.flight.requests.per.connection",
            ),
        ] {
            let e = with(&[(setting, "true")]).unwrap_err();
            assert_eq!(e.setting(), Some(setting), "{e}");
            assert!(
                e.to_string()
                    .contains(&format!("newswire sets {prop} itself")),
                "{e}"
            );
        }
    }

    #[test]
    fn configs_carry_passthrough_and_delivery_settings() {
        let s = with(&[
            ("kafka.security.protocol", "SASL_SSL"),
            ("kafka.consumer.fetch.min.bytes", "10"),
            ("kafka.producer.linger.ms", "3"),
            ("consumer.group", "g1"),
            ("consumer.commit_interval", "250ms"),
        ])
        .unwrap();
        let c = consumer_config(&s);
        assert_eq!(c.get("security.protocol"), Some("SASL_SSL"));
        assert_eq!(c.get("fetch.min.bytes"), Some("10"));
        assert_eq!(c.get("linger.ms"), None);
        assert_eq!(c.get("group.id"), Some("g1"));
        assert_eq!(c.get("enable.auto.offset.store"), Some("false"));
        assert_eq!(c.get("auto.commit.interval.ms"), Some("250"));
        let p = producer_config(&s);
        assert_eq!(p.get("linger.ms"), Some("3"));
        assert_eq!(p.get("fetch.min.bytes"), None);
        assert_eq!(p.get("enable.idempotence"), Some("false"));
        assert_eq!(p.get("acks"), Some("all"));
        assert_eq!(p.get("max.in.flight.requests.per.connection"), Some("1"));
        assert_eq!(p.get("transactional.id"), None);
        assert_eq!(c.get("enable.auto.commit"), Some("true"));
    }

    #[test]
    fn exactly_once_makes_a_transactional_producer_and_a_non_committing_consumer() {
        let s = with(&[
            ("worker.delivery", "exactly-once"),
            ("worker.instance_id", "w1"),
            ("consumer.group", "g1"),
        ])
        .unwrap();
        let p = producer_config(&s);
        assert_eq!(p.get("transactional.id"), Some("newswire-g1-w1"));
        assert_eq!(p.get("enable.idempotence"), Some("true"));
        let c = consumer_config(&s);
        assert_eq!(c.get("enable.auto.commit"), Some("false"));
        assert_eq!(c.get("isolation.level"), Some("read_committed"));
        let e = with(&[("kafka.producer.transactional.id", "x")]).unwrap_err();
        assert_eq!(e.setting(), Some("kafka.producer.transactional.id"));
    }

    #[test]
    fn output_is_compressed_by_default_and_the_codec_can_be_changed() {
        let p = producer_config(&with(&[]).unwrap());
        assert_eq!(p.get("compression.type"), Some("lz4"));
        let c = consumer_config(&with(&[]).unwrap());
        assert_eq!(c.get("compression.type"), None);
        let s = with(&[("kafka.producer.compression.type", "none")]).unwrap();
        assert_eq!(producer_config(&s).get("compression.type"), Some("none"));
    }

    #[test]
    fn the_output_topic_can_only_lower_the_message_size_limit() {
        let mut p = producer_config(&with(&[]).unwrap());
        assert_eq!(cap_message_bytes(&mut p, 5_000_000), 1_000_000);
        assert_eq!(p.get("message.max.bytes"), None);
        assert_eq!(cap_message_bytes(&mut p, 3_500), 3_500);
        assert_eq!(p.get("message.max.bytes"), Some("3500"));
        let s = with(&[("kafka.producer.message.max.bytes", "2000")]).unwrap();
        let mut p = producer_config(&s);
        assert_eq!(cap_message_bytes(&mut p, 3_500), 2_000);
        assert_eq!(p.get("message.max.bytes"), Some("2000"));
        assert_eq!(cap_message_bytes(&mut p, 10), 1_000, "librdkafka's floor");
    }

    #[test]
    fn missing_brokers_are_named() {
        let e = with(&[("kafka.bootstrap.servers", " ")]).unwrap_err();
        assert_eq!(e.setting(), Some("kafka.bootstrap.servers"));
    }

    #[test]
    fn secrets_are_recognised() {
        for p in [
            "sasl.password",
            "ssl.key.password",
            "ssl.keystore.password",
            "sasl.oauthbearer.client.secret",
            "ssl.key.pem",
        ] {
            assert!(is_secret(p), "{p}");
        }
        for p in ["sasl.username", "bootstrap.servers", "ssl.ca.location"] {
            assert!(!is_secret(p), "{p}");
        }
    }
}
