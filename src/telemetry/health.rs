//! Liveness and readiness.
//!
//! Alive (`/healthz`) means the process serves requests. Ready (`/readyz`)
//! means the worker has joined its consumer group and been assigned, the
//! broker is reachable, and it is not shutting down. The consumer's
//! callbacks update this state; the HTTP endpoint only reads it.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Health flags, updated from the consumer thread, read by HTTP handlers.
#[derive(Debug, Default)]
pub struct Health {
    joined: AtomicBool,
    assigned: AtomicUsize,
    broker_up: AtomicBool,
    stopping: AtomicBool,
}

/// Why the worker is not ready, for the `/readyz` body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotReady {
    /// No group assignment yet.
    NotAssigned,
    /// No broker answers.
    BrokerUnreachable,
    /// Graceful shutdown is under way.
    ShuttingDown,
}

impl std::fmt::Display for NotReady {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            NotReady::NotAssigned => "not assigned: the consumer has not joined its group yet",
            NotReady::BrokerUnreachable => "broker unreachable",
            NotReady::ShuttingDown => "shutting down",
        })
    }
}

impl Health {
    /// A group assignment arrived with `partitions` partitions (the group
    /// was joined, so the broker answered).
    pub fn set_assigned(&self, partitions: usize) {
        self.assigned.store(partitions, Ordering::Relaxed);
        self.joined.store(true, Ordering::Relaxed);
        self.broker_up.store(true, Ordering::Relaxed);
    }

    /// Partitions were revoked; `remaining` are still assigned.
    pub fn set_revoked(&self, remaining: usize) {
        self.assigned.store(remaining, Ordering::Relaxed);
    }

    /// Whether some broker is reachable (from librdkafka's statistics and
    /// error events). Returns the previous value.
    pub fn set_broker_up(&self, up: bool) -> bool {
        self.broker_up.swap(up, Ordering::Relaxed)
    }

    /// Shutdown has begun: no longer ready.
    pub fn set_stopping(&self) {
        self.stopping.store(true, Ordering::Relaxed);
    }

    /// Partitions currently assigned.
    pub fn assigned(&self) -> usize {
        self.assigned.load(Ordering::Relaxed)
    }

    /// Ready, or why not.
    pub fn ready(&self) -> Result<(), NotReady> {
        if self.stopping.load(Ordering::Relaxed) {
            Err(NotReady::ShuttingDown)
        } else if !self.joined.load(Ordering::Relaxed) {
            Err(NotReady::NotAssigned)
        } else if !self.broker_up.load(Ordering::Relaxed) {
            Err(NotReady::BrokerUnreachable)
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ready_only_when_assigned_reachable_and_running() {
        let h = Health::default();
        assert_eq!(h.ready(), Err(NotReady::NotAssigned));
        h.set_assigned(2);
        assert_eq!(h.ready(), Ok(()));
        h.set_broker_up(false);
        assert_eq!(h.ready(), Err(NotReady::BrokerUnreachable));
        h.set_broker_up(true);
        h.set_stopping();
        assert_eq!(h.ready(), Err(NotReady::ShuttingDown));
    }
}
