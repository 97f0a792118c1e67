//! Merging the settings layers: defaults < file < environment < flags.
//!
//! Every layer is applied to one TOML table whose shape is fixed by
//! `config/default.toml`: a setting the defaults do not have is unknown, and a
//! value given as text (environment, flags) is read as the type of its
//! default. The table remembers which layer gave each value, so that an
//! error can say "from env NEWSWIRE_WORKER_MAX_IN_FLIGHT" rather than leave
//! the operator to guess.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::kafka::{KafkaSettings, Scope};
use super::{ConfigError, Settings, DEFAULT_TOML};

/// Prefix of every environment variable newswire reads.
const ENV_PREFIX: &str = "NEWSWIRE_";
/// Environment variable naming a settings file (when `--config` is absent).
const ENV_CONFIG: &str = "NEWSWIRE_CONFIG";
/// Environment variable setting librdkafka's `bootstrap.servers`.
const ENV_BROKERS: &str = "NEWSWIRE_BROKERS";
/// Prefix of environment variables passed through to librdkafka.
const ENV_RDKAFKA: &str = "NEWSWIRE_RDKAFKA_";

/// Where settings come from, above the built-in defaults.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// A TOML settings file (`--config`).
    pub file: Option<PathBuf>,
    /// Environment variables; only `NEWSWIRE_*` ones are read.
    pub env: Vec<(String, String)>,
    /// Command-line overrides, applied last, in order.
    pub overrides: Vec<Override>,
}

impl Sources {
    /// The process environment, a file from `--config` (else
    /// `NEWSWIRE_CONFIG`) and the command-line overrides.
    pub fn from_process(file: Option<PathBuf>, overrides: Vec<Override>) -> Sources {
        let env: Vec<(String, String)> = std::env::vars()
            .filter(|(k, _)| k.starts_with(ENV_PREFIX))
            .collect();
        let file = file.or_else(|| {
            env.iter()
                .find(|(k, v)| k == ENV_CONFIG && !v.is_empty())
                .map(|(_, v)| PathBuf::from(v))
        });
        Sources {
            file,
            env,
            overrides,
        }
    }

    /// The `NEWSWIRE_*` variables of [`Sources::env`] that set nothing, in
    /// name order: neither `NEWSWIRE_<SECTION>_<KEY>` of a setting, nor
    /// `NEWSWIRE_CONFIG`, `NEWSWIRE_BROKERS` or `NEWSWIRE_RDKAFKA_*`. Loading
    /// ignores them; the commands warn about them, since a misspelt
    /// variable (`NEWSWIRE_TOPIC_INPUT`) would otherwise leave a default in
    /// place without a word.
    pub fn ignored_env(&self) -> Vec<String> {
        let mut typed: toml::Table = DEFAULT_TOML.parse().expect("config/default.toml parses");
        typed.remove("kafka");
        let names = env_names(&typed);
        let mut ignored: Vec<String> = self
            .env
            .iter()
            .map(|(name, _)| name)
            .filter(|name| {
                name.starts_with(ENV_PREFIX)
                    && !names.contains_key(*name)
                    && *name != ENV_CONFIG
                    && *name != ENV_BROKERS
                    && !name.starts_with(ENV_RDKAFKA)
            })
            .cloned()
            .collect();
        ignored.sort();
        ignored.dedup();
        ignored
    }
}

/// One setting given on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    /// `section.key`, or `kafka[.consumer|.producer].<librdkafka property>`.
    pub setting: String,
    /// The value as typed.
    pub value: String,
    /// The flag that gave it, for messages.
    pub origin: String,
}

impl Override {
    /// An override of `setting` with `value`, given by `origin`.
    pub fn new(
        setting: impl Into<String>,
        value: impl Into<String>,
        origin: impl Into<String>,
    ) -> Self {
        Override {
            setting: setting.into(),
            value: value.into(),
            origin: origin.into(),
        }
    }

    /// Parses `section.key=value` (the form of `--set`).
    pub fn parse_assignment(text: &str, origin: &str) -> Result<Override, String> {
        match text.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() => Ok(Override::new(k.trim(), v, origin)),
            _ => Err(format!(
                "expected SETTING=VALUE (like worker.max_in_flight=512), got {text:?}"
            )),
        }
    }
}

/// `NEWSWIRE_<SECTION>_<KEY>` for every typed setting, to `section.key`.
fn env_names(typed: &toml::Table) -> HashMap<String, String> {
    let mut names = HashMap::new();
    for (section, table) in typed {
        if let toml::Value::Table(t) = table {
            for key in t.keys() {
                names.insert(
                    format!("{ENV_PREFIX}{section}_{key}").to_ascii_uppercase(),
                    format!("{section}.{key}"),
                );
            }
        }
    }
    names
}

/// Loads, merges, deserialises and validates the settings.
pub fn load(sources: &Sources) -> Result<Settings, ConfigError> {
    let mut layers = Layers::defaults();
    if let Some(path) = &sources.file {
        layers.apply_file(path)?;
    }
    layers.apply_env(&sources.env)?;
    for o in &sources.overrides {
        layers.apply_text(&o.setting, &o.value, &format!("flag {}", o.origin))?;
    }
    layers.finish()
}

/// The settings table being built, and where each value came from.
struct Layers {
    typed: toml::Table,
    kafka: KafkaSettings,
    origins: HashMap<String, String>,
}

impl Layers {
    fn defaults() -> Layers {
        let mut typed: toml::Table = DEFAULT_TOML.parse().expect("config/default.toml parses");
        let kafka_table = typed.remove("kafka");
        let mut kafka = KafkaSettings::default();
        if let Some(toml::Value::Table(t)) = kafka_table {
            kafka
                .merge_table(&t, "defaults")
                .expect("config/default.toml's [kafka] is valid");
        }
        Layers {
            typed,
            kafka,
            origins: HashMap::new(),
        }
    }

    fn origin(&self, setting: &str) -> String {
        self.origins
            .get(setting)
            .cloned()
            .unwrap_or_else(|| "defaults".to_owned())
    }

    fn apply_file(&mut self, path: &Path) -> Result<(), ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_owned(),
            source,
        })?;
        let table: toml::Table = text
            .parse()
            .map_err(|e: toml::de::Error| ConfigError::Parse {
                path: path.to_owned(),
                message: e.to_string().trim_end().to_owned(),
            })?;
        let origin = format!("config file {}", path.display());
        for (section, value) in table {
            if section == "kafka" {
                let toml::Value::Table(t) = value else {
                    return Err(ConfigError::invalid(
                        "kafka",
                        origin,
                        "must be a table of librdkafka properties".to_owned(),
                    ));
                };
                self.kafka.merge_table(&t, &origin)?;
                continue;
            }
            let Some(toml::Value::Table(defaults)) = self.typed.get_mut(&section) else {
                return Err(ConfigError::Unknown {
                    setting: section,
                    origin,
                });
            };
            let toml::Value::Table(values) = value else {
                return Err(ConfigError::invalid(
                    &section,
                    origin,
                    format!("must be a table ([{section}])"),
                ));
            };
            for (key, v) in values {
                let setting = format!("{section}.{key}");
                if !defaults.contains_key(&key) {
                    return Err(ConfigError::Unknown { setting, origin });
                }
                defaults.insert(key, v);
                self.origins.insert(setting, origin.clone());
            }
        }
        Ok(())
    }

    fn apply_env(&mut self, env: &[(String, String)]) -> Result<(), ConfigError> {
        let names = env_names(&self.typed);
        let mut env: Vec<&(String, String)> = env.iter().collect();
        env.sort();
        for (name, value) in env {
            let origin = format!("env {name}");
            if name == ENV_BROKERS {
                self.kafka
                    .set(Scope::Common, "bootstrap.servers", value, &origin);
            } else if let Some(prop) = name.strip_prefix(ENV_RDKAFKA) {
                let prop = prop.to_ascii_lowercase().replace('_', ".");
                self.kafka.set(Scope::Common, &prop, value, &origin);
            } else if let Some(setting) = names.get(name) {
                let setting = setting.clone();
                self.apply_text(&setting, value, &origin)?;
            }
            // Other NEWSWIRE_* variables name no setting: scripts' and tests'
            // own (NEWSWIRE_KAFKA_PORT, ...) or misspelt ones, which
            // `Sources::ignored_env` lists for a warning.
        }
        Ok(())
    }

    /// Sets one setting from text, read as the type of its default.
    fn apply_text(&mut self, setting: &str, raw: &str, origin: &str) -> Result<(), ConfigError> {
        if let Some(rest) = setting.strip_prefix("kafka.") {
            let (scope, prop) = Scope::split(rest);
            if prop.is_empty() {
                return Err(ConfigError::Unknown {
                    setting: setting.to_owned(),
                    origin: origin.to_owned(),
                });
            }
            self.kafka.set(scope, prop, raw, origin);
            return Ok(());
        }
        let unknown = || ConfigError::Unknown {
            setting: setting.to_owned(),
            origin: origin.to_owned(),
        };
        let (section, key) = setting.split_once('.').ok_or_else(unknown)?;
        let Some(toml::Value::Table(t)) = self.typed.get_mut(section) else {
            return Err(unknown());
        };
        let Some(current) = t.get(key) else {
            return Err(unknown());
        };
        let invalid = |what: &str| {
            ConfigError::invalid(
                setting,
                origin.to_owned(),
                format!("expected {what}, got {raw:?}"),
            )
        };
        let value = match current {
            toml::Value::Integer(_) => toml::Value::Integer(
                raw.trim()
                    .replace('_', "")
                    .parse()
                    .map_err(|_| invalid("a whole number"))?,
            ),
            toml::Value::Boolean(_) => {
                toml::Value::Boolean(match raw.trim().to_ascii_lowercase().as_str() {
                    "true" | "1" | "yes" | "on" => true,
                    "false" | "0" | "no" | "off" => false,
                    _ => return Err(invalid("true or false")),
                })
            }
            _ => toml::Value::String(raw.to_owned()),
        };
        t.insert(key.to_owned(), value);
        self.origins.insert(setting.to_owned(), origin.to_owned());
        Ok(())
    }

    fn finish(self) -> Result<Settings, ConfigError> {
        let value = toml::Value::Table(self.typed.clone());
        let mut settings: Settings = serde_path_to_error::deserialize(value).map_err(|e| {
            let setting = e.path().to_string();
            ConfigError::invalid(&setting, self.origin(&setting), e.inner().to_string())
        })?;
        settings.kafka = self.kafka;
        let origins = self.origins;
        let kafka_origins = settings.kafka.origins().clone();
        let origin = move |setting: &str| {
            origins
                .get(setting)
                .or_else(|| kafka_origins.get(setting))
                .cloned()
                .unwrap_or_else(|| "defaults".to_owned())
        };
        settings.validate(&origin)?;
        Ok(settings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn env(vars: &[(&str, &str)]) -> Vec<(String, String)> {
        vars.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn layers_apply_in_order_file_env_flags() {
        let dir = std::env::temp_dir().join(format!("newswire-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("a.toml");
        std::fs::write(
            &file,
            "[topics]\ninput = \"from-file\"\noutput = \"out-file\"\n[worker]\nmax_in_flight = 10\n\
             [kafka]\nbootstrap.servers = \"file:9092\"\n[kafka.producer]\n\"linger.ms\" = 5\n",
        )
        .unwrap();
        let sources = Sources {
            file: Some(file.clone()),
            env: env(&[
                ("NEWSWIRE_TOPICS_OUTPUT", "out-env"),
                ("NEWSWIRE_WORKER_MAX_IN_FLIGHT", "20"),
                ("NEWSWIRE_WORKER_SHUTDOWN_TIMEOUT", "5s"),
                ("NEWSWIRE_BROKERS", "env:9092"),
                ("NEWSWIRE_RDKAFKA_SASL_USERNAME", "bob"),
                ("NEWSWIRE_KAFKA_PORT", "1234"),
            ]),
            overrides: vec![Override::new("worker.max_in_flight", "30", "--set")],
        };
        let s = load(&sources).unwrap();
        assert_eq!(s.topics.input, "from-file");
        assert_eq!(s.topics.output, "out-env");
        assert_eq!(s.worker.max_in_flight, 30);
        assert_eq!(s.worker.shutdown_timeout, Duration::from_secs(5));
        assert_eq!(s.kafka.common["bootstrap.servers"], "env:9092");
        assert_eq!(s.kafka.common["sasl.username"], "bob");
        assert_eq!(s.kafka.producer["linger.ms"], "5");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn unknown_and_mistyped_settings_are_named() {
        let e = load(&Sources {
            overrides: vec![Override::new("worker.max_inflight", "3", "--set")],
            ..Sources::default()
        })
        .unwrap_err();
        assert_eq!(e.setting(), Some("worker.max_inflight"));
        let e = load(&Sources {
            env: env(&[("NEWSWIRE_WORKER_MAX_IN_FLIGHT", "lots")]),
            ..Sources::default()
        })
        .unwrap_err()
        .to_string();
        assert_eq!(
            e,
            "invalid setting worker.max_in_flight (from env NEWSWIRE_WORKER_MAX_IN_FLIGHT): \
             expected a whole number, got \"lots\""
        );
        let e = load(&Sources {
            overrides: vec![Override::new("consumer.start_from", "middle", "--set")],
            ..Sources::default()
        })
        .unwrap_err()
        .to_string();
        assert!(
            e.starts_with(
                "invalid setting consumer.start_from (from flag --set): unknown variant `middle`"
            ),
            "{e}"
        );
        let e = load(&Sources {
            overrides: vec![Override::new("worker.drain_timeout", "soon", "--set")],
            ..Sources::default()
        })
        .unwrap_err();
        assert_eq!(e.setting(), Some("worker.drain_timeout"));
    }

    #[test]
    fn file_errors_name_the_file_and_setting() {
        let dir = std::env::temp_dir().join(format!("newswire-config-e-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("bad.toml");
        std::fs::write(&file, "[topics]\npartitions = \"four\"\n").unwrap();
        let e = load(&Sources {
            file: Some(file.clone()),
            ..Sources::default()
        })
        .unwrap_err()
        .to_string();
        assert!(
            e.starts_with(&format!(
                "invalid setting topics.partitions (from config file {})",
                file.display()
            )),
            "{e}"
        );
        std::fs::write(&file, "[topic]\ninput = \"x\"\n").unwrap();
        let e = load(&Sources {
            file: Some(file.clone()),
            ..Sources::default()
        })
        .unwrap_err();
        assert_eq!(e.setting(), Some("topic"));
        std::fs::write(&file, "[topics\n").unwrap();
        let e = load(&Sources {
            file: Some(file),
            ..Sources::default()
        })
        .unwrap_err();
        assert!(matches!(e, ConfigError::Parse { .. }), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn variables_that_set_nothing_are_listed() {
        let sources = Sources {
            env: env(&[
                ("NEWSWIRE_TOPIC_INPUT", "typo"),
                ("NEWSWIRE_TOPICS_INPUT", "in"),
                ("NEWSWIRE_KAFKA_PORT", "9092"),
                ("NEWSWIRE_KAFKA_CONSUMER", "x"),
                ("NEWSWIRE_BROKERS", "b:9092"),
                ("NEWSWIRE_CONFIG", "x.toml"),
                ("NEWSWIRE_RDKAFKA_CLIENT_ID", "c"),
                ("NEWSWIRE_TELEMETRY_HTTP_LISTEN", "0.0.0.0:9464"),
                ("PATH", "/bin"),
            ]),
            ..Sources::default()
        };
        assert_eq!(
            sources.ignored_env(),
            [
                "NEWSWIRE_KAFKA_CONSUMER",
                "NEWSWIRE_KAFKA_PORT",
                "NEWSWIRE_TOPIC_INPUT"
            ]
        );
    }

    #[test]
    fn assignments_parse() {
        let o = Override::parse_assignment("kafka.linger.ms=5", "--set").unwrap();
        assert_eq!(
            (o.setting.as_str(), o.value.as_str()),
            ("kafka.linger.ms", "5")
        );
        assert!(Override::parse_assignment("novalue", "--set").is_err());
    }
}
