//! Stopping the pipeline: one flag, fanned out.
//!
//! A [`Stop`] is requested by the caller of `pipeline::run` (a signal in
//! `newswire run`, a oneshot in tests) or by a part of the pipeline that hit
//! a fatal error, which also records that error. Everything that loops — the
//! consumer thread, the summary task — checks or awaits it. Requesting twice
//! is harmless; the first fatal error is the one reported.

use std::sync::{Arc, Mutex};

use tokio::sync::watch;

use super::PipelineError;

/// The shared stop flag of one pipeline.
#[derive(Clone, Debug)]
pub struct Stop {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    flag: watch::Sender<bool>,
    error: Mutex<Option<PipelineError>>,
}

impl Default for Stop {
    fn default() -> Self {
        Stop::new()
    }
}

impl Stop {
    /// A flag not yet requested.
    pub fn new() -> Stop {
        Stop {
            inner: Arc::new(Inner {
                flag: watch::channel(false).0,
                error: Mutex::new(None),
            }),
        }
    }

    /// Asks for a graceful stop.
    pub fn request(&self) {
        self.inner.flag.send_replace(true);
    }

    /// Stops because of `error`; the first error wins.
    pub fn fail(&self, error: PipelineError) {
        let mut slot = self.inner.error.lock().unwrap_or_else(|p| p.into_inner());
        if slot.is_none() {
            *slot = Some(error);
        }
        drop(slot);
        self.request();
    }

    /// Whether a stop was asked for.
    pub fn is_requested(&self) -> bool {
        *self.inner.flag.borrow()
    }

    /// Resolves once a stop is asked for.
    pub async fn requested(&self) {
        let mut rx = self.inner.flag.subscribe();
        // The sender lives in `self`, so waiting cannot fail.
        let _ = rx.wait_for(|requested| *requested).await;
    }

    /// The fatal error that stopped the pipeline, if any.
    pub fn take_error(&self) -> Option<PipelineError> {
        self.inner
            .error
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
    }
}
