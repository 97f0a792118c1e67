//! One task per assigned input partition: records are enriched in parallel
//! but produced, acknowledged and stored in offset order.
//!
//! ```text
//!  channel ──► enriching (FIFO of pool results) ──► acking (FIFO of deliveries) ──► store offset
//!  (records     results are taken in offset order;   acks are taken in offset order;   drop permit
//!   in order)   each is enqueued to the producer     the offset is stored, the
//!               right away, so output keeps order    permit released
//! ```
//!
//! States: *open* (records arrive) → *draining* (the channel was closed by a
//! revocation or shutdown: finish what is queued) → *done*. A fatal produce
//! failure ends the task at once: the failing offset and every later one
//! stay unstored, and the pipeline stops.
//!
//! The `select!` is `biased` towards acknowledgements, then sending, then
//! results, then new records: finishing work comes before starting more,
//! which keeps the in-flight set — and memory — small.
//!
//! Exactly-once: a result waits in `ready` until the transaction gate lets
//! it through (see `transaction`); its guard travels with it until its
//! position is noted. A failed produce does not stop the pipeline but
//! fails the open transaction, which the consumer thread then aborts and
//! rewinds (this task is dropped with it).

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use futures_util::stream::{FuturesOrdered, StreamExt};
use rdkafka::consumer::BaseConsumer;
use rdkafka::message::OwnedHeaders;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tracing::{debug, warn};

use super::consumer::Permit;
use super::dead_letter::Reason;
use super::offsets::{Offsets, StoreRefused, Tp};
use super::process::{Pool, Processed};
use super::producer::{self, Outgoing, SendError, Source};
use super::rebalance::WorkerContext;
use super::shutdown::Stop;
use super::transaction::{SendGuard, Transactions};
use super::PipelineError;
use crate::telemetry::events::DeadLettered;
use crate::telemetry::Telemetry;

/// A consumed record on its way through its partition task.
pub struct Work {
    /// Input offset.
    pub offset: i64,
    /// Input key, shared with the enrichment pool.
    pub key: Option<Arc<[u8]>>,
    /// Input value, shared with the enrichment pool.
    pub value: Option<Arc<[u8]>>,
    /// Input headers.
    pub headers: Option<OwnedHeaders>,
    /// Input record timestamp, milliseconds since the epoch.
    pub timestamp_ms: Option<i64>,
    /// When it was consumed.
    pub received: Instant,
    /// Its place in the in-flight bound; released when its offset is stored.
    pub permit: Permit,
}

/// What every partition task shares.
pub struct Shared {
    /// The consumer, for storing offsets.
    pub consumer: Arc<BaseConsumer<WorkerContext>>,
    /// Offset bookkeeping.
    pub offsets: Arc<Offsets>,
    /// The producer (output and dead letters).
    pub producer: producer::WorkerProducer,
    /// Enrichment threads.
    pub pool: Pool,
    /// Output topic.
    pub output_topic: String,
    /// Dead-letter topic.
    pub dead_letter_topic: String,
    /// Metrics and logs.
    pub telemetry: Telemetry,
    /// Stops the pipeline on a fatal error.
    pub stop: Stop,
    /// Exactly-once: the transactions; `None` for at-least-once.
    pub txn: Option<Arc<Transactions>>,
}

/// The consumer thread's handle on a partition task.
pub struct PartitionHandle {
    /// Where records go; dropping it starts the drain.
    pub tx: mpsc::Sender<Work>,
    /// The task.
    pub task: JoinHandle<()>,
}

/// Starts the task for `tp`; `capacity` bounds its channel (the global
/// in-flight permits already bound the total).
pub fn spawn(
    shared: &Arc<Shared>,
    runtime: &tokio::runtime::Handle,
    tp: Tp,
    epoch: u64,
    capacity: usize,
) -> PartitionHandle {
    let (tx, rx) = mpsc::channel(capacity.max(1));
    shared.offsets.open(&tp, epoch);
    let shared = Arc::clone(shared);
    let task = runtime.spawn(async move {
        debug!(partition = %tp, epoch, "partition task started");
        if let Err(e) = run(&shared, &tp, epoch, rx).await {
            match &shared.txn {
                // The transaction aborts and rewinds; the pipeline goes on.
                Some(txn) => txn.fail(e.to_string()),
                None => shared.stop.fail(e),
            }
        }
        debug!(partition = %tp, epoch, "partition task done");
    });
    PartitionHandle { tx, task }
}

type Boxed<T> = Pin<Box<dyn Future<Output = T> + Send>>;

/// A record whose output or dead letter was acknowledged.
struct Acked {
    work: Work,
    dead_letter: Option<Reason>,
    /// Exactly-once: keeps the transaction open for this record until its
    /// position is noted.
    guard: Option<SendGuard>,
}

async fn run(
    shared: &Arc<Shared>,
    tp: &Tp,
    epoch: u64,
    mut rx: mpsc::Receiver<Work>,
) -> Result<(), PipelineError> {
    let mut enriching: FuturesOrdered<Boxed<(Work, Processed)>> = FuturesOrdered::new();
    let mut acking: FuturesOrdered<Boxed<Result<Acked, PipelineError>>> = FuturesOrdered::new();
    // Enriched, in offset order, waiting to be sent.
    let mut ready: VecDeque<(Work, Processed)> = VecDeque::new();
    let mut open = true;
    loop {
        tokio::select! {
            biased;
            Some(acked) = acking.next() => finish(shared, tp, epoch, acked?),
            guard = enter(shared), if !ready.is_empty() => {
                let (work, processed) = ready.pop_front().expect("not empty");
                acking.push_back(send(shared, tp, work, processed, guard).await?);
            }
            Some(result) = enriching.next() => ready.push_back(result),
            received = rx.recv(), if open => match received {
                Some(work) => enriching.push_back(enrich(shared, work)),
                None => open = false,
            },
            else => return Ok(()),
        }
    }
}

/// Resolves when a record may be sent: at once for at-least-once, when the
/// transaction gate is open for exactly-once.
async fn enter(shared: &Shared) -> Option<SendGuard> {
    match &shared.txn {
        Some(txn) => Some(txn.enter().await),
        None => None,
    }
}

/// Queues a record on the pool; resolves to its result.
fn enrich(shared: &Arc<Shared>, work: Work) -> Boxed<(Work, Processed)> {
    let result = shared.pool.submit(work.key.clone(), work.value.clone());
    let telemetry = shared.telemetry.clone();
    Box::pin(async move {
        let processed = match result.await {
            Ok((processed, took)) => {
                telemetry
                    .metrics()
                    .enrich_seconds
                    .observe(took.as_secs_f64());
                processed
            }
            // The pool drops a job only if its thread died, which the
            // panic guard in `process` prevents; dead-letter it regardless.
            Err(_) => Processed::DeadLetter(Reason::from(&crate::enrich::EnrichError::Panicked(
                "the enrichment thread ended without a result".to_owned(),
            ))),
        };
        (work, processed)
    })
}

/// A produce that failed for good: the pipeline stops without storing it.
fn fatal(tp: &Tp, offset: i64, topic: &str, message: String) -> PipelineError {
    PipelineError::Produce {
        topic: topic.to_owned(),
        source_partition: tp.to_string(),
        offset,
        message,
    }
}

/// Enqueues the record's output (or dead letter) now, in offset order, and
/// returns the wait for its acknowledgement.
async fn send(
    shared: &Arc<Shared>,
    tp: &Tp,
    work: Work,
    processed: Processed,
    guard: Option<SendGuard>,
) -> Result<Boxed<Result<Acked, PipelineError>>, PipelineError> {
    let source = Source {
        tp,
        offset: work.offset,
    };
    let reason = match processed {
        Processed::Output { id, value } => {
            let out = Outgoing {
                topic: &shared.output_topic,
                key: Some(id.as_bytes()),
                value: Some(&value),
                headers: producer::output_headers(work.headers.as_ref(), source),
            };
            match producer::enqueue(&shared.producer, out).await {
                Ok(delivery) => {
                    let shared = Arc::clone(shared);
                    let tp = tp.clone();
                    return Ok(Box::pin(async move {
                        match producer::acknowledged(delivery).await {
                            Ok(()) => Ok(Acked {
                                work,
                                dead_letter: None,
                                guard,
                            }),
                            // Refused at the broker: dead-letter the input.
                            Err(SendError::Rejected(why)) => {
                                let reason = Reason::output_rejected(&why);
                                let delivery =
                                    enqueue_dead_letter(&shared, &tp, &work, &reason).await?;
                                await_dead_letter(&shared, &tp, work, reason, delivery, guard).await
                            }
                            Err(SendError::Fatal(why)) => {
                                Err(fatal(&tp, work.offset, &shared.output_topic, why))
                            }
                        }
                    }));
                }
                Err(SendError::Rejected(why)) => Reason::output_rejected(&why),
                Err(SendError::Fatal(why)) => {
                    return Err(fatal(tp, work.offset, &shared.output_topic, why))
                }
            }
        }
        Processed::DeadLetter(reason) => reason,
    };
    let delivery = enqueue_dead_letter(shared, tp, &work, &reason).await?;
    let shared = Arc::clone(shared);
    let tp = tp.clone();
    Ok(Box::pin(async move {
        await_dead_letter(&shared, &tp, work, reason, delivery, guard).await
    }))
}

async fn enqueue_dead_letter(
    shared: &Shared,
    tp: &Tp,
    work: &Work,
    reason: &Reason,
) -> Result<rdkafka::producer::DeliveryFuture, PipelineError> {
    let source = Source {
        tp,
        offset: work.offset,
    };
    let out = Outgoing {
        topic: &shared.dead_letter_topic,
        key: work.key.as_deref(),
        value: work.value.as_deref(),
        headers: producer::dead_letter_headers(work.headers.as_ref(), source, reason),
    };
    // A dead letter that cannot be written is fatal, whatever the cause:
    // its offset must not be committed.
    producer::enqueue(&shared.producer, out).await.map_err(|e| {
        let why = match e {
            SendError::Rejected(w) | SendError::Fatal(w) => w,
        };
        fatal(tp, work.offset, &shared.dead_letter_topic, why)
    })
}

async fn await_dead_letter(
    shared: &Shared,
    tp: &Tp,
    work: Work,
    reason: Reason,
    delivery: rdkafka::producer::DeliveryFuture,
    guard: Option<SendGuard>,
) -> Result<Acked, PipelineError> {
    match producer::acknowledged(delivery).await {
        Ok(()) => Ok(Acked {
            work,
            dead_letter: Some(reason),
            guard,
        }),
        Err(SendError::Rejected(why) | SendError::Fatal(why)) => {
            Err(fatal(tp, work.offset, &shared.dead_letter_topic, why))
        }
    }
}

/// The record is done: store its offset, count it, release its permit.
fn finish(shared: &Shared, tp: &Tp, epoch: u64, acked: Acked) {
    let Acked {
        work,
        dead_letter,
        guard,
    } = acked;
    match &dead_letter {
        None => shared.telemetry.produced(&shared.output_topic),
        Some(reason) => shared.telemetry.dead_lettered(&DeadLettered {
            topic: &shared.dead_letter_topic,
            class: reason.class,
            message: &reason.message,
            source_topic: &tp.topic,
            partition: tp.partition,
            offset: work.offset,
        }),
    }
    let end_to_end = work.timestamp_ms.and_then(|ts| {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .ok()?
            .as_millis() as i64;
        (now >= ts).then(|| Duration::from_millis((now - ts) as u64))
    });
    shared
        .telemetry
        .acknowledged(work.received.elapsed(), end_to_end);
    match shared
        .offsets
        .store(&shared.consumer, tp, epoch, work.offset)
    {
        Ok(()) => {
            if let Some(txn) = &shared.txn {
                txn.record_done();
            }
        }
        // The partition was taken away while this record was in flight; its
        // new owner will process it again (at-least-once).
        Err(StoreRefused::Stale) => {
            debug!(partition = %tp, offset = work.offset, "offset not stored: partition no longer ours")
        }
        Err(StoreRefused::Kafka(e)) => {
            warn!(partition = %tp, offset = work.offset, "offset not stored: {e}")
        }
    }
    drop(work.permit);
    // Exactly-once: the record's position is noted; a commit may go ahead.
    drop(guard);
}
