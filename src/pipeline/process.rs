//! One record's work: size check, decode, enrich, encode — pure CPU, run on
//! the enrichment pool, never on the async runtime.
//!
//! Why a pool of our own: enrichment is CPU-bound. On the runtime's worker
//! threads it would stall every other task (acknowledgements, HTTP);
//! `spawn_blocking` would move it off the runtime but grow up to 512 threads
//! competing for the cores. A fixed rayon pool of `worker.enrich_threads`
//! runs as many articles at once as there are cores and queues the rest; the
//! queue is bounded by `worker.max_in_flight`.
//!
//! A panic anywhere in a record's work is caught here and becomes a dead
//! letter (`enrich_panic`): one bad article cannot take the worker down.
//!
//! With `worker.enrich = false` the pool passes records through
//! ([`Mode::PassThrough`]): the same size check and decode, the output keyed
//! by article id, but the input value copied unchanged instead of enriched
//! and encoded. Only benchmarks use it, to measure the pipe without the core.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::oneshot;

use super::dead_letter::Reason;
use crate::enrich::{Engine, EnrichError, Enrichment};
use crate::record::{article_id, encode, Article};

/// What the pipeline asks of the core: an article in, its enrichment out.
///
/// [`Engine`] is the implementation; tests substitute their own (one that
/// panics, say) to check the shell's handling of core failures.
pub trait Enricher: Send + Sync + 'static {
    /// Enriches one article; a panic inside may be returned as an error or
    /// left to unwind (the pipeline catches it either way).
    fn enrich<'a>(&self, article: &'a Article) -> Result<Enrichment<'a>, EnrichError>;
}

impl Enricher for Engine {
    fn enrich<'a>(&self, article: &'a Article) -> Result<Enrichment<'a>, EnrichError> {
        self.enrich_checked(article)
    }
}

/// The result of one record's work.
#[derive(Debug)]
pub enum Processed {
    /// An enriched record, to be keyed by the article id.
    Output {
        /// The article id (output key).
        id: String,
        /// The output record's bytes.
        value: Vec<u8>,
    },
    /// The record goes to the dead-letter topic.
    DeadLetter(Reason),
}

/// What the pool does with each record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// [`process`]: decode, enrich, encode (the worker's job).
    Enrich,
    /// [`pass_through`]: decode, then copy the value unchanged
    /// (`worker.enrich = false`, for benchmarks).
    PassThrough,
}

/// The value of a record the pool may read, or why it goes to the
/// dead-letter topic unread.
fn admit(value: Option<&[u8]>, max_bytes: usize) -> Result<&[u8], Processed> {
    let Some(bytes) = value else {
        return Err(Processed::DeadLetter(Reason::no_value()));
    };
    if bytes.len() > max_bytes {
        return Err(Processed::DeadLetter(Reason::too_large(
            bytes.len(),
            max_bytes,
        )));
    }
    Ok(bytes)
}

/// Works one record out: the whole contract between bytes in and bytes out.
pub fn process(
    enricher: &dyn Enricher,
    key: Option<&[u8]>,
    value: Option<&[u8]>,
    max_bytes: usize,
) -> Processed {
    let bytes = match admit(value, max_bytes) {
        Ok(b) => b,
        Err(dead) => return dead,
    };
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let article = match Article::from_slice(bytes) {
            Ok(a) => a,
            Err(e) => return Processed::DeadLetter(Reason::from(&e)),
        };
        match enricher.enrich(&article) {
            Ok(enrichment) => Processed::Output {
                id: article_id(&article, key),
                value: encode(&article, &enrichment),
            },
            Err(e) => Processed::DeadLetter(Reason::from(&e)),
        }
    }));
    outcome.unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic without a message".to_owned());
        Processed::DeadLetter(Reason::from(&EnrichError::Panicked(message)))
    })
}

/// [`process`] without the core: the record is checked and decoded as
/// usual (bad input still becomes a dead letter), and its value goes out
/// byte for byte, keyed by its article id.
pub fn pass_through(key: Option<&[u8]>, value: Option<&[u8]>, max_bytes: usize) -> Processed {
    let bytes = match admit(value, max_bytes) {
        Ok(b) => b,
        Err(dead) => return dead,
    };
    match Article::from_slice(bytes) {
        Ok(article) => Processed::Output {
            id: article_id(&article, key),
            value: bytes.to_vec(),
        },
        Err(e) => Processed::DeadLetter(Reason::from(&e)),
    }
}

/// The enrichment threads and the enricher they share.
pub struct Pool {
    pool: rayon::ThreadPool,
    enricher: Arc<dyn Enricher>,
    max_bytes: usize,
    mode: Mode,
}

impl Pool {
    /// Starts `threads` enrichment threads.
    pub fn new(
        enricher: Arc<dyn Enricher>,
        threads: usize,
        max_bytes: usize,
    ) -> std::io::Result<Pool> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("newswire-enrich-{i}"))
            .build()
            .map_err(std::io::Error::other)?;
        Ok(Pool {
            pool,
            enricher,
            max_bytes,
            mode: Mode::Enrich,
        })
    }

    /// The same pool, doing `mode`'s work.
    pub fn with_mode(self, mode: Mode) -> Pool {
        Pool { mode, ..self }
    }

    /// Queues one record; the receiver yields its result and the time the
    /// work took. `key` and `value` are shared with the caller, which keeps
    /// them for a possible dead letter.
    pub fn submit(
        &self,
        key: Option<Arc<[u8]>>,
        value: Option<Arc<[u8]>>,
    ) -> oneshot::Receiver<(Processed, Duration)> {
        let (tx, rx) = oneshot::channel();
        let enricher = Arc::clone(&self.enricher);
        let (max_bytes, mode) = (self.max_bytes, self.mode);
        self.pool.spawn(move || {
            let started = Instant::now();
            let out = match mode {
                Mode::Enrich => process(
                    enricher.as_ref(),
                    key.as_deref(),
                    value.as_deref(),
                    max_bytes,
                ),
                Mode::PassThrough => pass_through(key.as_deref(), value.as_deref(), max_bytes),
            };
            // The receiver is gone only when its partition was abandoned.
            let _ = tx.send((out, started.elapsed()));
        });
        rx
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Panics;
    impl Enricher for Panics {
        fn enrich<'a>(&self, _: &'a Article) -> Result<Enrichment<'a>, EnrichError> {
            panic!("boom")
        }
    }

    /// One engine for these tests: loading the resources is not free.
    fn engine() -> &'static Engine {
        static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
        ENGINE.get_or_init(|| Engine::new().expect("embedded resources load"))
    }

    #[test]
    fn bad_records_become_dead_letters_with_their_class() {
        let engine = engine();
        let class = |v: Option<&[u8]>, max: usize| match process(engine, None, v, max) {
            Processed::DeadLetter(r) => r.class,
            Processed::Output { .. } => "output",
        };
        assert_eq!(class(None, 100), "no_value");
        assert_eq!(class(Some(br#"{"body":"x"}"#), 5), "too_large");
        assert_eq!(class(Some(b"\xff"), 100), "not_utf8");
        assert_eq!(class(Some(b"nope"), 100), "not_json");
        assert_eq!(
            class(Some(br#"{"body":"Roma, 3 maggio - Oggi."}"#), 1000),
            "output"
        );
    }

    #[test]
    fn a_panic_in_the_core_is_a_dead_letter() {
        match process(&Panics, None, Some(br#"{"body":"x"}"#), 100) {
            Processed::DeadLetter(r) => {
                assert_eq!(r.class, "enrich_panic");
                assert!(r.message.contains("boom"), "{}", r.message);
            }
            other => panic!("expected a dead letter, got {other:?}"),
        }
    }

    #[test]
    fn pass_through_copies_the_value_keyed_by_id_and_still_dead_letters() {
        let value = br#"{"id":"a1","body":"Roma, 3 maggio - Oggi.","x":[1]}"#;
        match pass_through(Some(b"k"), Some(value), 1000) {
            Processed::Output { id, value: out } => {
                assert_eq!(id, "a1");
                assert_eq!(out, value);
            }
            other => panic!("{other:?}"),
        }
        let class = |v: Option<&[u8]>, max: usize| match pass_through(None, v, max) {
            Processed::DeadLetter(r) => r.class,
            Processed::Output { .. } => "output",
        };
        assert_eq!(class(None, 100), "no_value");
        assert_eq!(class(Some(br#"{"body":"x"}"#), 5), "too_large");
        assert_eq!(class(Some(b"nope"), 100), "not_json");
        assert_eq!(class(Some(br#"{"title":"no body"}"#), 100), "missing_body");
    }

    #[test]
    fn output_is_keyed_by_article_id() {
        let engine = engine();
        match process(
            engine,
            Some(b"k"),
            Some(br#"{"id":"a1","body":"Testo."}"#),
            1000,
        ) {
            Processed::Output { id, .. } => assert_eq!(id, "a1"),
            other => panic!("{other:?}"),
        }
        match process(engine, Some(b"k"), Some(br#"{"body":"Testo."}"#), 1000) {
            Processed::Output { id, .. } => assert_eq!(id, "k"),
            other => panic!("{other:?}"),
        }
    }
}
