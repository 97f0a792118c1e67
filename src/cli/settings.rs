//! The settings flags shared by `newswire run` and `newswire config`.
//!
//! Flags are the top layer of the settings (see [`crate::config`]): each
//! named flag sets one setting, and `--set SECTION.KEY=VALUE` sets any other,
//! including librdkafka passthrough properties (`--set kafka.linger.ms=5`,
//! `--set kafka.consumer.fetch.min.bytes=1`).

use std::path::PathBuf;

use crate::config::{self, LogFormat, Override, Settings, Sources};

/// Settings flags.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct SettingsArgs {
    /// A TOML settings file (else NEWSWIRE_CONFIG, else only the defaults).
    #[arg(long, short = 'c', value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Kafka brokers, HOST:PORT[,HOST:PORT...] (kafka."bootstrap.servers").
    #[arg(long, value_name = "HOST:PORT,...")]
    pub brokers: Option<String>,
    /// Consumer group (consumer.group).
    #[arg(long)]
    pub group: Option<String>,
    /// Input topic (topics.input).
    #[arg(long, value_name = "TOPIC")]
    pub input_topic: Option<String>,
    /// Output topic (topics.output).
    #[arg(long, value_name = "TOPIC")]
    pub output_topic: Option<String>,
    /// Dead-letter topic (topics.dead_letter).
    #[arg(long, value_name = "TOPIC")]
    pub dead_letter_topic: Option<String>,
    /// Create missing topics at start (topics.create = true).
    #[arg(long)]
    pub create_topics: bool,
    /// Address of /metrics, /healthz, /readyz; "" turns it off (telemetry.http_listen).
    #[arg(long, value_name = "ADDR")]
    pub http_listen: Option<String>,
    /// Log format (telemetry.log_format).
    #[arg(long, value_enum)]
    pub log_format: Option<LogFormat>,
    /// Log filter, e.g. "info" or "debug,librdkafka=info" (telemetry.log_level; RUST_LOG wins).
    #[arg(long, value_name = "FILTER")]
    pub log_level: Option<String>,
    /// Any setting, SECTION.KEY=VALUE; repeatable.
    #[arg(long = "set", value_name = "SETTING=VALUE")]
    pub set: Vec<String>,
}

impl SettingsArgs {
    /// The command-line layer of the settings, in order.
    pub fn overrides(&self) -> Result<Vec<Override>, String> {
        let mut out = Vec::new();
        let mut named = |setting: &str, value: Option<String>, flag: &str| {
            if let Some(v) = value {
                out.push(Override::new(setting, v, flag));
            }
        };
        named("kafka.bootstrap.servers", self.brokers.clone(), "--brokers");
        named("consumer.group", self.group.clone(), "--group");
        named("topics.input", self.input_topic.clone(), "--input-topic");
        named("topics.output", self.output_topic.clone(), "--output-topic");
        named(
            "topics.dead_letter",
            self.dead_letter_topic.clone(),
            "--dead-letter-topic",
        );
        named(
            "topics.create",
            self.create_topics.then(|| "true".to_owned()),
            "--create-topics",
        );
        named(
            "telemetry.http_listen",
            self.http_listen.clone(),
            "--http-listen",
        );
        named(
            "telemetry.log_format",
            self.log_format.map(|f| match f {
                LogFormat::Text => "text".to_owned(),
                LogFormat::Json => "json".to_owned(),
            }),
            "--log-format",
        );
        named("telemetry.log_level", self.log_level.clone(), "--log-level");
        for s in &self.set {
            out.push(Override::parse_assignment(s, "--set").map_err(|e| format!("--set: {e}"))?);
        }
        Ok(out)
    }

    /// The `NEWSWIRE_*` variables of the process that set nothing (see
    /// [`Sources::ignored_env`]), for a warning.
    pub fn ignored_env(&self) -> Vec<String> {
        Sources::from_process(self.config.clone(), Vec::new()).ignored_env()
    }

    /// Loads the settings: defaults < file < environment < these flags.
    pub fn load(&self) -> Result<Settings, String> {
        let overrides = self.overrides()?;
        config::load(&Sources::from_process(self.config.clone(), overrides))
            .map_err(|e| e.to_string())
    }

    /// Loads the settings and starts logging as they say; on failure prints
    /// the reason and gives the exit status of a bad configuration (2).
    pub fn load_and_log(&self) -> Result<Settings, std::process::ExitCode> {
        let fail = |e: String| {
            eprintln!("newswire: {e}");
            std::process::ExitCode::from(2)
        };
        let settings = self.load().map_err(fail)?;
        crate::telemetry::logging::init(
            settings.telemetry.log_format,
            &settings.telemetry.log_level,
        )
        .map_err(|e| fail(e.to_string()))?;
        Ok(settings)
    }
}
