//! The streaming shell: raw articles in from Kafka, enriched records or dead
//! letters out, with at-least-once delivery.
//!
//! ```text
//!  consumer thread ──permit──► partition task (one per input partition)
//!   poll; pause at the           ├─ process on the enrichment pool: decode → enrich → encode
//!   in-flight bound              │    (parallel; a panic becomes a dead letter)
//!   rebalance: drain, commit     ├─ produce output (key = article id) or dead letter, in offset order
//!                                └─ on the broker's ack, in offset order: store offset, free permit
//! ```
//!
//! **The invariant.** Every consumed record ends as exactly one output
//! record or one dead-letter record, and its offset is stored — hence
//! committed — only after that record is acknowledged, in offset order per
//! partition. A crash, a rebalance or a failed produce can cause records to
//! be produced again (at-least-once), never to be skipped.
//!
//! The pipeline knows nothing about language: it sees only the core's
//! public API — [`Article`](crate::record::Article), the
//! [`Engine`](crate::enrich::Engine) behind the [`Enricher`] trait, the
//! [`Enrichment`](crate::enrich::Enrichment) it encodes, and the decode and
//! enrich errors it turns into dead letters.
//!
//! Layout, one concept per file:
//!
//! - [`consumer`]: the consumer thread, back-pressure, the stop sequence.
//! - [`rebalance`]: librdkafka callbacks — drain and commit on revocation,
//!   lag and reachability from statistics.
//! - [`partition`]: the per-partition task keeping offset order.
//! - [`process`]: one record's CPU work, on the enrichment pool.
//! - [`producer`]: enqueue, acknowledgement, failure classes, provenance headers.
//! - [`dead_letter`]: reasons and their headers.
//! - [`offsets`]: storing and committing offsets, the only place that does.
//! - [`transaction`]: exactly-once mode — records and offsets in one
//!   transaction per batch, abort and rewind on failure.
//! - [`replay`]: re-enriching a stretch of a topic without a consumer group
//!   (`newswire replay`).
//! - [`shutdown`]: the stop flag.
//! - [`topics`]: checking and creating the topics at start.

pub mod consumer;
pub mod dead_letter;
pub mod offsets;
pub mod partition;
pub mod process;
pub mod producer;
pub mod rebalance;
pub mod replay;
pub mod shutdown;
pub mod topics;
pub mod transaction;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::producer::Producer;
use thiserror::Error;
use tokio::sync::oneshot;
use tracing::{info, warn};

pub use process::Enricher;
pub use shutdown::Stop;

use crate::config::{kafka, Delivery, Settings};
use crate::telemetry::summary::{self, SummaryTopics};
use crate::telemetry::Telemetry;

/// Why the pipeline stopped other than by request.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum PipelineError {
    /// A client, thread or pool could not be created.
    #[error("cannot start: {0}")]
    Setup(String),
    /// A topic is missing or could not be created.
    #[error("{0}")]
    Topics(String),
    /// A record could not be produced: fatal, its offset is not committed.
    #[error("cannot produce to {topic} the record from {source_partition}@{offset}: {message}; its offset and later ones were not committed")]
    Produce {
        /// The destination topic.
        topic: String,
        /// The input partition, `topic[n]`.
        source_partition: String,
        /// The input offset.
        offset: i64,
        /// The producer's error.
        message: String,
    },
    /// Exactly-once: another producer with this instance's
    /// `transactional.id` took over; this one stopped without committing.
    #[error("producer fenced: another instance with transactional.id {transactional_id} took over ({message}); stopped without committing (the other instance owns the work)")]
    Fenced {
        /// The `transactional.id`.
        transactional_id: String,
        /// The producer's error.
        message: String,
    },
    /// Exactly-once: a transaction could not be committed, aborted or begun.
    #[error("transaction failed: {0}; uncommitted records will be consumed again")]
    Transaction(String),
    /// A bug in the pipeline itself.
    #[error("internal error: {0}")]
    Internal(String),
    /// The graceful stop did not finish in time.
    #[error("shutdown did not finish within {timeout:?}: work on {partitions} was abandoned unacknowledged (it will be consumed again)")]
    ShutdownTimedOut {
        /// `worker.shutdown_timeout`.
        timeout: Duration,
        /// Partitions with unfinished work.
        partitions: String,
    },
}

/// Runs the worker until `shutdown` resolves (then stops gracefully) or a
/// fatal error occurs.
///
/// Checks or creates the topics, starts the producer, the enrichment pool
/// and the consumer thread, and returns once every in-flight record is
/// acknowledged and the offsets are committed — `Ok` — or when a fatal
/// error stopped it or the stop outlasted `worker.shutdown_timeout` — `Err`.
pub async fn run(
    settings: &Settings,
    enricher: Arc<dyn Enricher>,
    telemetry: Telemetry,
    shutdown: impl Future<Output = ()>,
) -> Result<(), PipelineError> {
    topics::ensure(settings).await?;
    let mut producer_config = kafka::producer_config(settings);
    if let Some(topic_max) = topics::max_message_bytes(settings, &settings.topics.output).await {
        let limit = kafka::cap_message_bytes(&mut producer_config, topic_max);
        info!(
            topic = %settings.topics.output,
            max_message_bytes = topic_max,
            "enriched records over {limit} bytes (before compression) are dead-lettered \
             (output_rejected)"
        );
    }
    if let Some(dlq_max) = topics::max_message_bytes(settings, &settings.topics.dead_letter).await {
        if dlq_max < settings.worker.max_message_bytes {
            warn!(
                topic = %settings.topics.dead_letter,
                max_message_bytes = dlq_max,
                "the dead-letter topic accepts less than worker.max_message_bytes = {}: \
                 a dead letter of a larger input would be refused and stop the worker",
                settings.worker.max_message_bytes
            );
        }
    }
    let producer: producer::WorkerProducer = producer_config
        .create_with_context(producer::ProducerEvents::new(telemetry.clone()))
        .map_err(|e| PipelineError::Setup(kafka::describe_client_error(&e)))?;
    let pool = process::Pool::new(
        enricher,
        settings.worker.enrich_threads(),
        settings.worker.max_message_bytes,
    )
    .map_err(|e| PipelineError::Setup(format!("cannot start the enrichment threads: {e}")))?
    .with_mode(if settings.worker.enrich {
        process::Mode::Enrich
    } else {
        warn!("worker.enrich = false: records are copied to the output unenriched (a benchmark setting)");
        process::Mode::PassThrough
    });
    let txn = match settings.worker.delivery {
        Delivery::AtLeastOnce => None,
        Delivery::ExactlyOnce => {
            let setup = transaction::Setup {
                transactional_id: settings.worker.transactional_id(&settings.consumer.group),
                max_records: settings.worker.transaction_max_records,
                interval: settings.worker.transaction_interval,
                start_from: settings.consumer.start_from,
            };
            let (producer, runtime, t) = (
                producer.clone(),
                tokio::runtime::Handle::current(),
                telemetry.clone(),
            );
            // init_transactions blocks (and waits for a predecessor's
            // transaction to be aborted).
            let txn = tokio::task::spawn_blocking(move || {
                transaction::Transactions::start(producer, setup, runtime, t)
            })
            .await
            .map_err(|e| PipelineError::Internal(format!("transaction set-up panicked: {e}")))??;
            Some(Arc::new(txn))
        }
    };
    let offsets = Arc::new(match txn {
        Some(_) => offsets::Offsets::transactional(),
        None => offsets::Offsets::default(),
    });
    let context = rebalance::WorkerContext::new(
        Arc::clone(&offsets),
        telemetry.clone(),
        tokio::runtime::Handle::current(),
        settings.worker.drain_timeout,
        settings.topics.input.clone(),
        txn.clone(),
    );
    let consumer: BaseConsumer<rebalance::WorkerContext> = kafka::consumer_config(settings)
        .create_with_context(context)
        .map_err(|e| PipelineError::Setup(kafka::describe_client_error(&e)))?;
    consumer.subscribe(&[&settings.topics.input]).map_err(|e| {
        PipelineError::Setup(format!(
            "cannot subscribe to {}: {e}",
            settings.topics.input
        ))
    })?;
    let stop = Stop::new();
    let shared = Arc::new(partition::Shared {
        consumer: Arc::new(consumer),
        offsets,
        producer: producer.clone(),
        pool,
        output_topic: settings.topics.output.clone(),
        dead_letter_topic: settings.topics.dead_letter.clone(),
        telemetry: telemetry.clone(),
        stop: stop.clone(),
        txn,
    });
    let limits = consumer::Limits {
        max_in_flight: settings.worker.max_in_flight,
        shutdown_timeout: settings.worker.shutdown_timeout,
    };
    info!(
        input = %settings.topics.input,
        output = %settings.topics.output,
        dead_letter = %settings.topics.dead_letter,
        group = %settings.consumer.group,
        max_in_flight = limits.max_in_flight,
        enrich_threads = settings.worker.enrich_threads(),
        enrich = settings.worker.enrich,
        delivery = ?settings.worker.delivery,
        "pipeline started"
    );
    let (done_tx, done_rx) = oneshot::channel();
    let consumer_thread = {
        let consumer = Arc::clone(&shared.consumer);
        std::thread::Builder::new()
            .name("newswire-consumer".to_owned())
            .spawn(move || {
                let result = consumer::run(consumer, shared, limits);
                let _ = done_tx.send(result);
            })
            .map_err(|e| PipelineError::Setup(format!("cannot start the consumer thread: {e}")))?
    };
    let summary = tokio::spawn(summary::run(
        telemetry.clone(),
        SummaryTopics {
            input: settings.topics.input.clone(),
            output: settings.topics.output.clone(),
            dead_letter: settings.topics.dead_letter.clone(),
        },
        settings.telemetry.summary_interval,
    ));
    let mut done_rx = done_rx;
    let ended = tokio::select! {
        () = shutdown => {
            info!("stop requested");
            stop.request();
            done_rx.await
        }
        // A fatal error stops the consumer thread by itself.
        ended = &mut done_rx => ended,
    };
    let result = ended.unwrap_or_else(|_| {
        stop.request();
        Err(PipelineError::Internal(
            "the consumer thread panicked; acknowledged offsets stay committed".to_owned(),
        ))
    });
    summary.abort();
    // The consumer (and its group membership) closes on its own thread.
    let _ = tokio::task::spawn_blocking(move || consumer_thread.join()).await;
    // Everything awaited its acknowledgement; flushing only matters for
    // records of partitions abandoned at a deadline.
    let flushed = tokio::task::spawn_blocking(move || producer.flush(Duration::from_secs(5))).await;
    if let Ok(Err(e)) = flushed {
        warn!("producer flush: {e}");
    }
    result
}
