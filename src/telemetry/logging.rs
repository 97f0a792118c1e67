//! The `tracing` subscriber: text or JSON lines on stderr.
//!
//! The level comes from `RUST_LOG` when set, else from
//! `telemetry.log_level`. librdkafka's own log lines arrive through rdkafka's
//! `tracing` feature under the `librdkafka` target.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

use crate::config::LogFormat;

/// Installs the global subscriber. Fails when `RUST_LOG` is not a valid
/// filter, naming it (the setting was checked by validation), or when a
/// subscriber is already installed.
pub fn init(format: LogFormat, level: &str) -> Result<(), String> {
    let filter = match std::env::var("RUST_LOG") {
        Ok(v) if !v.trim().is_empty() => EnvFilter::try_new(&v)
            .map_err(|e| format!("RUST_LOG={v:?} is not a log filter: {e}"))?,
        _ => EnvFilter::try_new(level)
            .map_err(|e| format!("telemetry.log_level {level:?} is not a log filter: {e}"))?,
    };
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr);
    let installed = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .try_init(),
    };
    installed.map_err(|e| format!("cannot install the log subscriber: {e}"))
}
