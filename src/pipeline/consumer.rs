//! The consumer thread: poll, bound the work in flight, route records to
//! their partition tasks, and on stop drain and commit.
//!
//! Why a thread and not a task: librdkafka runs rebalance callbacks inside
//! `poll`, and a revocation must block until the revoked partitions' work
//! is acknowledged (see `rebalance`). On a dedicated thread that wait
//! stalls nothing else; on an async worker it would.
//!
//! Back-pressure: each record takes a permit from a semaphore of
//! `worker.max_in_flight` before it is routed; the permit travels with it
//! and is released when its offset is stored. When no permit is left, the
//! thread stops polling and waits for one; while output keeps flowing a
//! permit comes back within milliseconds and librdkafka's prefetch queue
//! (bounded by `queued.max.messages.kbytes`) keeps the records coming. When
//! none comes back within half a second (output stalled), the thread pauses
//! every assigned partition — librdkafka stops fetching and drops its
//! prefetched records, so memory stays flat — and goes back to polling, so
//! rebalances, statistics and errors are still served. It resumes when a
//! quarter of the permits are free again (hysteresis: pausing drops the
//! prefetch, so flapping would refetch the same records over and over).

use std::sync::Arc;
use std::time::{Duration, Instant};

use prometheus_client::metrics::gauge::Gauge;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::{BorrowedMessage, Message};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, TryAcquireError};
use tracing::{debug, info, warn};

use super::offsets::Tp;
use super::partition::{self, Shared, Work};
use super::rebalance::WorkerContext;
use super::PipelineError;

/// How long one `poll` waits: also how quickly a stop request is noticed.
const POLL: Duration = Duration::from_millis(100);
/// How long to wait for a free permit before pausing the partitions.
const PAUSE_AFTER: Duration = Duration::from_millis(500);

/// One record's place in the in-flight bound. Dropping it frees the place.
pub struct Permit {
    _permit: OwnedSemaphorePermit,
    gauge: Gauge,
}

impl Permit {
    /// Attaches a semaphore permit to a record: now it counts as in flight.
    fn attach(permit: OwnedSemaphorePermit, gauge: &Gauge) -> Permit {
        gauge.inc();
        Permit {
            _permit: permit,
            gauge: gauge.clone(),
        }
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        self.gauge.dec();
    }
}

/// Limits of the loop.
pub struct Limits {
    /// Records in flight at most.
    pub max_in_flight: usize,
    /// Time a graceful stop may take.
    pub shutdown_timeout: Duration,
}

/// Runs the consumer until a stop is requested, then drains every partition
/// task, commits, and returns. Blocks: call it on its own thread.
pub fn run(
    consumer: Arc<BaseConsumer<WorkerContext>>,
    shared: Arc<Shared>,
    limits: Limits,
) -> Result<(), PipelineError> {
    let ctx = consumer.context().clone();
    let permits = Arc::new(Semaphore::new(limits.max_in_flight));
    let resume_at = (limits.max_in_flight / 4).max(1);
    let gauge = shared.telemetry.metrics().in_flight.clone();
    // A permit taken before polling, for the next record.
    let mut held: Option<OwnedSemaphorePermit> = None;
    let mut paused = false;
    let mut epoch: u64 = 0;

    while !shared.stop.is_requested() {
        if let Some(e) = ctx.take_fatal() {
            shared.stop.fail(e);
            break;
        }
        if let Some(txn) = &shared.txn {
            // Exactly-once: commit a full or old batch, or abort and rewind.
            if let Err(e) = txn.tick(&consumer) {
                shared.stop.fail(e);
                break;
            }
            // (A rewind here drops no polled record: none is held yet.)
        }
        if held.is_none() && !paused {
            // At the bound: wait a little for an acknowledgement to free a
            // permit (the normal case when output is the bottleneck)...
            held = acquire_within(&ctx.runtime, &permits, PAUSE_AFTER);
            if held.is_none() {
                // ...and when none comes, pause and keep serving callbacks.
                set_paused(&consumer, true);
                paused = true;
                shared.telemetry.backpressure(true);
            }
        }
        if paused {
            if permits.available_permits() >= resume_at {
                set_paused(&consumer, false);
                paused = false;
                shared.telemetry.backpressure(false);
            }
            if held.is_none() {
                held = acquire_within(&ctx.runtime, &permits, Duration::ZERO);
            }
        }
        let message = match consumer.poll(POLL) {
            None => continue,
            Some(Err(e)) => {
                let code = e
                    .rdkafka_error_code()
                    .map_or_else(|| "unknown".to_owned(), |c| format!("{c:?}"));
                shared
                    .telemetry
                    .kafka_error("consumer", &code, &e.to_string());
                continue;
            }
            Some(Ok(m)) => m,
        };
        // A record that arrives while paused (fetched before the pause, or
        // from a partition assigned since) waits for a permit here.
        let permit = match held.take() {
            Some(p) => Permit::attach(p, &gauge),
            None => match wait_for_permit(&consumer, &shared, &permits) {
                Waited::Permit(p) => Permit::attach(p, &gauge),
                // Stopping: the record was not stored and will be read again.
                Waited::Stop => break,
                // The transaction was rewound past this record: it is read
                // again from the committed offset.
                Waited::Rewound => continue,
            },
        };
        let tp = Tp {
            topic: message.topic().to_owned(),
            partition: message.partition(),
        };
        shared.telemetry.consumed(&tp.topic);
        let work = work_of(&message, permit);
        drop(message);
        let mut parts = ctx.partitions();
        let handle = parts.entry(tp.clone()).or_insert_with(|| {
            epoch += 1;
            partition::spawn(
                &shared,
                &ctx.runtime,
                tp.clone(),
                epoch,
                limits.max_in_flight,
            )
        });
        if let Err(e) = handle.tx.blocking_send(work) {
            // The task ended after a fatal error (the stop is requested);
            // the record is released unstored.
            debug!(partition = %tp, "partition task gone; record {} left unstored", e.0.offset);
        }
        drop(parts);
        if paused {
            // Also pauses partitions assigned since the pause began.
            set_paused(&consumer, true);
        }
    }
    drop(held);
    stop(&consumer, &ctx, &shared, limits.shutdown_timeout)
}

/// The graceful end: finish in-flight work, commit, report.
fn stop(
    consumer: &BaseConsumer<WorkerContext>,
    ctx: &WorkerContext,
    shared: &Shared,
    timeout: Duration,
) -> Result<(), PipelineError> {
    shared.telemetry.health().set_stopping();
    let started = Instant::now();
    let in_flight = shared.telemetry.metrics().in_flight.get();
    info!(
        in_flight,
        "stopping: no more fetching; finishing in-flight records"
    );
    if let Some(txn) = &shared.txn {
        return stop_transactional(consumer, ctx, shared, txn, started, timeout);
    }
    let drained = ctx.drain(None, started + timeout);
    let partitions = shared.offsets.partitions();
    match shared.offsets.commit(consumer, &partitions) {
        Ok(done) => info!(
            committed = ?done.iter().map(|(tp, o)| format!("{tp}@{o}")).collect::<Vec<_>>(),
            took = ?started.elapsed(),
            "stopped: in-flight records finished and offsets committed"
        ),
        Err(e) => warn!("final commit failed ({e}); uncommitted records will be consumed again"),
    }
    stop_outcome(shared, &drained, timeout)
}

/// The exactly-once end: settle a commit under way, finish in-flight work,
/// commit it in a last transaction (or abort it when that fails).
fn stop_transactional(
    consumer: &BaseConsumer<WorkerContext>,
    ctx: &WorkerContext,
    shared: &Shared,
    txn: &super::transaction::Transactions,
    started: Instant,
    timeout: Duration,
) -> Result<(), PipelineError> {
    let deadline = started + timeout;
    let outcome = txn.commit_now(consumer, deadline, None).and_then(|_| {
        let drained = ctx.drain(None, deadline);
        if drained.abandoned.is_empty() {
            txn.commit_now(consumer, deadline, None)
                .map(|ok| (ok, drained))
        } else {
            txn.abort(
                consumer,
                "shutdown deadline reached with work in flight",
                None,
            )
            .map(|()| (false, drained))
        }
    });
    let drained = match outcome {
        Ok((committed, drained)) => {
            if committed {
                info!(
                    took = ?started.elapsed(),
                    "stopped: in-flight records finished and the last transaction committed"
                );
            } else {
                warn!(
                    "stopped: the last transaction was aborted; its records will be consumed again"
                );
            }
            drained
        }
        Err(e) => {
            shared.stop.fail(e);
            super::rebalance::Drained::default()
        }
    };
    stop_outcome(shared, &drained, timeout)
}

/// How a stop ended: the first error recorded, else a timeout when work
/// was abandoned, else success.
fn stop_outcome(
    shared: &Shared,
    drained: &super::rebalance::Drained,
    timeout: Duration,
) -> Result<(), PipelineError> {
    if let Some(e) = shared.stop.take_error() {
        return Err(e);
    }
    if !drained.abandoned.is_empty() {
        return Err(PipelineError::ShutdownTimedOut {
            timeout,
            partitions: drained
                .abandoned
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    Ok(())
}

/// A permit, if one frees up within `wait`.
fn acquire_within(
    runtime: &tokio::runtime::Handle,
    permits: &Arc<Semaphore>,
    wait: Duration,
) -> Option<OwnedSemaphorePermit> {
    match Arc::clone(permits).try_acquire_owned() {
        Ok(p) => return Some(p),
        Err(TryAcquireError::Closed) => unreachable!("the semaphore is never closed"),
        Err(TryAcquireError::NoPermits) if wait.is_zero() => return None,
        Err(TryAcquireError::NoPermits) => {}
    }
    // The timer must be created inside the runtime's context.
    let acquired = runtime
        .block_on(async { tokio::time::timeout(wait, Arc::clone(permits).acquire_owned()).await });
    acquired.ok().and_then(Result::ok)
}

/// What waiting for a permit ended with.
enum Waited {
    Permit(OwnedSemaphorePermit),
    Stop,
    Rewound,
}

fn wait_for_permit(
    consumer: &BaseConsumer<WorkerContext>,
    shared: &Shared,
    permits: &Arc<Semaphore>,
) -> Waited {
    let runtime = &consumer.context().runtime;
    loop {
        if shared.stop.is_requested() {
            return Waited::Stop;
        }
        if let Some(txn) = &shared.txn {
            // The permits may all be held by records waiting for a commit
            // that only this thread can make.
            match txn.tick(consumer) {
                Ok(false) => {}
                Ok(true) => return Waited::Rewound,
                Err(e) => {
                    shared.stop.fail(e);
                    return Waited::Stop;
                }
            }
        }
        let acquired = runtime.block_on(async {
            tokio::time::timeout(POLL, Arc::clone(permits).acquire_owned()).await
        });
        if let Ok(Ok(p)) = acquired {
            return Waited::Permit(p);
        }
    }
}

fn work_of(m: &BorrowedMessage<'_>, permit: Permit) -> Work {
    Work {
        offset: m.offset(),
        key: m.key().map(Arc::from),
        value: m.payload().map(Arc::from),
        headers: m.headers().map(|h| h.detach()),
        timestamp_ms: m.timestamp().to_millis(),
        received: Instant::now(),
        permit,
    }
}

fn set_paused(consumer: &BaseConsumer<WorkerContext>, pause: bool) {
    let assignment = match consumer.assignment() {
        Ok(a) if a.count() > 0 => a,
        Ok(_) => return,
        Err(e) => {
            warn!("cannot read the assignment to pause/resume: {e}");
            return;
        }
    };
    let result = if pause {
        consumer.pause(&assignment)
    } else {
        consumer.resume(&assignment)
    };
    match result {
        Ok(()) => debug!(
            pause,
            partitions = assignment.count(),
            "in-flight bound: {}",
            if pause { "paused" } else { "resumed" }
        ),
        Err(e) => warn!(
            "cannot {} partitions: {e}",
            if pause { "pause" } else { "resume" }
        ),
    }
}
