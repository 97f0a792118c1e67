//! What the worker tells operators: logs, metrics and health.
//!
//! - [`logging`]: the `tracing` subscriber (text or JSON, level by
//!   `RUST_LOG` or settings).
//! - [`metrics`]: the Prometheus registry and every metric the worker keeps.
//! - [`health`]: liveness and readiness state (`/healthz`, `/readyz`).
//! - [`events`]: named events that pair a log line with its metric, so the
//!   two never disagree (`dead_lettered`, `rebalanced`, ...).
//! - [`summary`]: the periodic summary log line.
//! - [`http`]: the HTTP endpoint serving `/metrics`, `/healthz`, `/readyz`.
//!
//! A [`Telemetry`] value is cheap to clone and shared by every part of one
//! worker; tests run several workers in one process, each with its own.

pub mod events;
pub mod health;
pub mod http;
pub mod logging;
pub mod metrics;
pub mod summary;

use std::sync::Arc;

pub use health::Health;
pub use metrics::Metrics;

/// One worker's metrics and health, shared.
#[derive(Clone, Default)]
pub struct Telemetry {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    metrics: Metrics,
    health: Health,
    /// Repeated Kafka errors are logged once per window, not each time.
    limiter: events::LogLimiter,
    /// Since when no broker has been reachable (after having been).
    down_since: std::sync::Mutex<Option<std::time::Instant>>,
}

impl Telemetry {
    /// Fresh metrics (all zero) and health (alive, not ready).
    pub fn new() -> Telemetry {
        Telemetry::default()
    }

    /// The metrics.
    pub fn metrics(&self) -> &Metrics {
        &self.inner.metrics
    }

    /// The health state.
    pub fn health(&self) -> &Health {
        &self.inner.health
    }
}

impl std::fmt::Debug for Telemetry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Telemetry")
            .field("health", &self.inner.health)
            .finish_non_exhaustive()
    }
}
