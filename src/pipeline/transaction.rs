//! Exactly-once delivery (`worker.delivery = "exactly-once"`): outputs, dead
//! letters and input offsets go to Kafka in one transaction per batch.
//!
//! ```text
//!  partition tasks ── read gate ──► produce (in the open transaction) ──► ack ──► position noted
//!  consumer thread ── write gate ──► send_offsets_to_transaction(positions, group metadata)
//!   (every tick)                     commit_transaction ──► begin_transaction
//! ```
//!
//! **The cut.** A transaction must hold a record's output if and only if it
//! holds that record's input offset; otherwise a crash after the commit
//! would either lose the record or produce it twice. The *gate* enforces
//! this: a partition task takes a read guard before it enqueues a record and
//! drops it only after the record is acknowledged and its position noted.
//! The committer takes the write guard, which waits for every record in
//! flight to be acknowledged and holds new ones back, so the positions it
//! commits cover exactly the records the transaction holds. Enrichment goes
//! on while the gate is closed; only producing waits.
//!
//! **Who commits.** The consumer thread, between polls: it is not an async
//! worker, so the blocking transactional calls stall nothing else, and it is
//! where librdkafka's rebalance callbacks run, which commit before letting
//! partitions go. A transaction commits when it holds
//! `worker.transaction_max_records` records or its first record is
//! `worker.transaction_interval` old, on revocation, and at shutdown.
//!
//! **Failures.**
//!
//! | what | what happens |
//! | --- | --- |
//! | a produce in the transaction fails, or `send_offsets`/`commit` fail with an abortable error | abort the transaction, drop all work in flight, seek every assigned partition back to its last committed offset (*rewind*), begin a new transaction |
//! | a retriable error (timeout, coordinator moving) | keep the gate closed and call again on the next tick |
//! | a fatal error: `ProducerFenced` (another instance took this `transactional.id`), an invalid producer epoch | stop at once without committing (exit 1): the other instance owns the work |
//! | `MAX_ABORTS` aborts in a row without a commit in between | stop (exit 1): the failure does not go away by itself |
//!
//! **Zombie fencing.** The `transactional.id` is per instance
//! (`newswire-<group>-<instance_id>`, see `config`), not per partition:
//! since KIP-447 (Kafka 2.5) the group coordinator fences a zombie through
//! the consumer group metadata sent with the offsets, so one transactional
//! producer serves every partition an instance owns. A restarted instance
//! with the same id aborts its predecessor's open transaction in
//! `init_transactions`.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::error::KafkaError;
use rdkafka::producer::Producer;
use rdkafka::{Offset, TopicPartitionList};
use tokio::sync::{OwnedRwLockReadGuard, OwnedRwLockWriteGuard, RwLock};
use tracing::{debug, info, warn};

use super::offsets::Tp;
use super::producer::WorkerProducer;
use super::rebalance::WorkerContext;
use super::PipelineError;
use crate::config::StartFrom;
use crate::telemetry::Telemetry;

/// Timeout of each transactional call.
const CALL_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one tick waits for the records in flight before giving up for
/// now (the consumer thread must keep polling).
const GATE_WAIT: Duration = Duration::from_secs(1);
/// Pause between retries of a retriable failure.
const RETRY_AFTER: Duration = Duration::from_millis(500);
/// Aborts in a row after which the worker stops.
const MAX_ABORTS: u32 = 5;

/// A read guard on the gate: held by a record from enqueue to its noted
/// position.
pub type SendGuard = OwnedRwLockReadGuard<()>;

/// What a failed transactional call calls for.
#[derive(Debug)]
enum Failure {
    /// Call again later, keeping the gate closed.
    Retry(String),
    /// Abort the transaction and rewind.
    Abort(String),
    /// The producer is unusable (fenced): stop.
    Fatal(String),
}

fn classify(e: &KafkaError) -> Failure {
    match e {
        KafkaError::Transaction(t) if t.is_fatal() => Failure::Fatal(t.to_string()),
        KafkaError::Transaction(t) if t.txn_requires_abort() => Failure::Abort(t.to_string()),
        KafkaError::Transaction(t) if t.is_retriable() => Failure::Retry(t.to_string()),
        other => Failure::Abort(other.to_string()),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Records may be produced into it.
    Open,
    /// `commit_transaction` was called and must be called again.
    Committing,
}

struct State {
    phase: Phase,
    /// The write guard, while a commit is being retried.
    held: Option<OwnedRwLockWriteGuard<()>>,
    /// Records finished in the open transaction.
    records: usize,
    /// When the first of them finished.
    first_at: Option<Instant>,
    /// Aborts since the last commit.
    aborts: u32,
    /// No call before this instant (retry back-off).
    not_before: Option<Instant>,
    /// A partition task's produce failed: the transaction must abort.
    failed: Option<String>,
    /// Set after a fatal failure: nothing more may be committed.
    broken: bool,
    /// Transactions aborted since the start.
    aborted_total: u64,
}

/// The transactional side of one worker.
pub struct Transactions {
    producer: WorkerProducer,
    gate: Arc<RwLock<()>>,
    state: Mutex<State>,
    max_records: usize,
    interval: Duration,
    reset: Offset,
    transactional_id: String,
    runtime: tokio::runtime::Handle,
    telemetry: Telemetry,
}

/// How transactions are run.
#[derive(Debug, Clone)]
pub struct Setup {
    /// The producer's `transactional.id` (for messages).
    pub transactional_id: String,
    /// `worker.transaction_max_records`.
    pub max_records: usize,
    /// `worker.transaction_interval`.
    pub interval: Duration,
    /// Where a partition without a committed offset is rewound to.
    pub start_from: StartFrom,
}

impl Transactions {
    /// Initialises the producer's transactions (aborting what a predecessor
    /// with the same `transactional.id` left open) and begins the first one.
    /// Blocks: call it off the async runtime.
    pub fn start(
        producer: WorkerProducer,
        setup: Setup,
        runtime: tokio::runtime::Handle,
        telemetry: Telemetry,
    ) -> Result<Transactions, PipelineError> {
        let started = Instant::now();
        let id = &setup.transactional_id;
        producer
            .init_transactions(Duration::from_secs(60))
            .map_err(|e| {
                PipelineError::Setup(format!(
                    "cannot initialise transactions for transactional.id {id}: {e}"
                ))
            })?;
        producer.begin_transaction().map_err(|e| {
            PipelineError::Setup(format!("cannot begin the first transaction: {e}"))
        })?;
        info!(
            transactional_id = %id,
            took = ?started.elapsed(),
            max_records = setup.max_records,
            interval = ?setup.interval,
            "exactly-once: transactions initialised for transactional.id {id}"
        );
        Ok(Transactions {
            producer,
            gate: Arc::new(RwLock::new(())),
            state: Mutex::new(State {
                phase: Phase::Open,
                held: None,
                records: 0,
                first_at: None,
                aborts: 0,
                not_before: None,
                failed: None,
                broken: false,
                aborted_total: 0,
            }),
            max_records: setup.max_records,
            interval: setup.interval,
            reset: match setup.start_from {
                StartFrom::Earliest => Offset::Beginning,
                StartFrom::Latest => Offset::End,
            },
            transactional_id: setup.transactional_id,
            runtime,
            telemetry,
        })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Waits until a record may be produced into the open transaction.
    pub async fn enter(&self) -> SendGuard {
        Arc::clone(&self.gate).read_owned().await
    }

    /// A record's output or dead letter was acknowledged and its position
    /// noted (call before dropping its guard).
    pub fn record_done(&self) {
        let mut s = self.lock();
        s.records += 1;
        s.first_at.get_or_insert_with(Instant::now);
    }

    /// A produce in the open transaction failed: it must be aborted.
    pub fn fail(&self, why: String) {
        let mut s = self.lock();
        if s.failed.is_none() {
            s.failed = Some(why);
        }
    }

    /// The periodic duty of the consumer thread: abort and rewind after a
    /// failure, or commit when the batch is full or old enough.
    ///
    /// Returns whether it rewound: a record polled before the rewind must
    /// then be dropped (it is read again from the committed offset).
    pub fn tick(&self, consumer: &BaseConsumer<WorkerContext>) -> Result<bool, PipelineError> {
        let (failed, due) = {
            let s = self.lock();
            if s.broken || s.not_before.is_some_and(|t| Instant::now() < t) {
                return Ok(false);
            }
            let due = s.phase == Phase::Committing
                || s.records >= self.max_records
                || s.first_at.is_some_and(|t| t.elapsed() >= self.interval);
            (s.failed.is_some(), due)
        };
        if failed {
            self.close_gate(Instant::now() + CALL_TIMEOUT);
            let why = self.lock().failed.take().unwrap_or_default();
            return self.abort_and_rewind(consumer, &why, &[]).map(|()| true);
        }
        if !due || !self.close_gate(Instant::now() + GATE_WAIT) {
            return Ok(false);
        }
        let aborted_before = self.lock().aborted_total;
        self.commit_closed(consumer, Some(&[]))?;
        Ok(self.lock().aborted_total != aborted_before)
    }

    /// Commits what is finished now (revocation, shutdown), retrying until
    /// `deadline`. On failure the transaction is aborted and, when `rewind`
    /// is `Some(revoked)`, the assigned partitions other than `revoked` are
    /// sought back. Returns whether it committed.
    pub fn commit_now(
        &self,
        consumer: &BaseConsumer<WorkerContext>,
        deadline: Instant,
        rewind: Option<&[Tp]>,
    ) -> Result<bool, PipelineError> {
        loop {
            if self.lock().broken {
                return Ok(false);
            }
            if !self.close_gate(deadline) {
                self.abort(
                    consumer,
                    "records in flight unacknowledged at the deadline",
                    rewind,
                )?;
                return Ok(false);
            }
            let failed = self.lock().failed.take();
            if let Some(why) = failed {
                self.abort(consumer, &why, rewind)?;
                return Ok(false);
            }
            let aborted_before = self.lock().aborted_total;
            self.lock().not_before = None;
            self.commit_closed(consumer, rewind)?;
            let s = self.lock();
            if s.held.is_none() {
                return Ok(s.aborted_total == aborted_before);
            }
            drop(s);
            if Instant::now() >= deadline {
                self.abort(
                    consumer,
                    "the commit did not succeed before the deadline",
                    rewind,
                )?;
                return Ok(false);
            }
            std::thread::sleep(RETRY_AFTER);
        }
    }

    /// Aborts the open transaction (a lost assignment, a drain that missed
    /// its deadline), rewinding the assigned partitions other than
    /// `revoked` when `rewind` is `Some(revoked)`.
    pub fn abort(
        &self,
        consumer: &BaseConsumer<WorkerContext>,
        why: &str,
        rewind: Option<&[Tp]>,
    ) -> Result<(), PipelineError> {
        self.close_gate(Instant::now() + CALL_TIMEOUT);
        if let Some(skip) = rewind {
            self.abort_and_rewind(consumer, why, skip)
        } else {
            let result = self.abort_only(why);
            drop(self.lock().held.take());
            result
        }
    }

    /// Takes the write guard unless held, waiting until `deadline`.
    fn close_gate(&self, deadline: Instant) -> bool {
        if self.lock().held.is_some() {
            return true;
        }
        let gate = Arc::clone(&self.gate);
        let wait = deadline.saturating_duration_since(Instant::now());
        // The timer must be created inside the runtime's context.
        let guard = self
            .runtime
            .block_on(async { tokio::time::timeout(wait, gate.write_owned()).await.ok() });
        match guard {
            Some(g) => {
                self.lock().held = Some(g);
                true
            }
            None => false,
        }
    }

    /// With the gate closed: send the positions, commit, begin the next.
    fn commit_closed(
        &self,
        consumer: &BaseConsumer<WorkerContext>,
        rewind: Option<&[Tp]>,
    ) -> Result<(), PipelineError> {
        let ctx = consumer.context();
        let phase = self.lock().phase;
        let offsets = ctx.offsets.uncommitted();
        let records = self.lock().records;
        if phase == Phase::Open && offsets.is_empty() && records == 0 {
            drop(self.lock().held.take());
            return Ok(());
        }
        let started = Instant::now();
        let result = (|| {
            if phase == Phase::Open && !offsets.is_empty() {
                let metadata = consumer
                    .group_metadata()
                    .ok_or_else(|| Failure::Retry("no consumer group metadata yet".to_owned()))?;
                let mut tpl = TopicPartitionList::new();
                for (tp, next) in &offsets {
                    tpl.add_partition_offset(&tp.topic, tp.partition, Offset::Offset(*next))
                        .map_err(|e| Failure::Abort(e.to_string()))?;
                }
                self.producer
                    .send_offsets_to_transaction(&tpl, &metadata, CALL_TIMEOUT)
                    .map_err(|e| classify(&e))?;
            }
            self.lock().phase = Phase::Committing;
            self.producer
                .commit_transaction(CALL_TIMEOUT)
                .map_err(|e| classify(&e))
        })();
        match result {
            Ok(()) => {
                ctx.offsets.mark_committed(&offsets);
                {
                    let mut s = self.lock();
                    s.phase = Phase::Open;
                    s.records = 0;
                    s.first_at = None;
                    s.aborts = 0;
                    s.not_before = None;
                }
                self.telemetry.metrics().transactions_committed.inc();
                debug!(
                    records,
                    offsets = ?offsets.iter().map(|(tp, o)| format!("{tp}@{o}")).collect::<Vec<_>>(),
                    took = ?started.elapsed(),
                    "transaction committed"
                );
                let begun = self.producer.begin_transaction();
                drop(self.lock().held.take());
                begun.map_err(|e| self.broke(format!("cannot begin a transaction: {e}")))
            }
            Err(Failure::Retry(why)) => {
                debug!("transaction commit will be retried: {why}");
                self.lock().not_before = Some(Instant::now() + RETRY_AFTER);
                Ok(())
            }
            Err(Failure::Abort(why)) => {
                if let Some(skip) = rewind {
                    self.abort_and_rewind(consumer, &why, skip)
                } else {
                    let r = self.abort_only(&why);
                    drop(self.lock().held.take());
                    r
                }
            }
            Err(Failure::Fatal(why)) => Err(self.fenced(why)),
        }
    }

    fn fenced(&self, why: String) -> PipelineError {
        let mut s = self.lock();
        s.broken = true;
        drop(s.held.take());
        PipelineError::Fenced {
            transactional_id: self.transactional_id.clone(),
            message: why,
        }
    }

    fn broke(&self, why: String) -> PipelineError {
        let mut s = self.lock();
        s.broken = true;
        drop(s.held.take());
        PipelineError::Transaction(why)
    }

    /// Aborts the open transaction (the gate is closed). Leaves the gate
    /// closed; the caller opens it.
    fn abort_only(&self, why: &str) -> Result<(), PipelineError> {
        self.abort_then(why, || Ok(()))
    }

    /// Aborts the open transaction, runs `between` (dropping the work of
    /// the aborted transaction, so that none of it can slip into the next),
    /// then begins the next transaction.
    fn abort_then(
        &self,
        why: &str,
        between: impl FnOnce() -> Result<(), PipelineError>,
    ) -> Result<(), PipelineError> {
        let aborts = {
            let mut s = self.lock();
            s.aborts += 1;
            s.records = 0;
            s.first_at = None;
            s.phase = Phase::Open;
            s.not_before = None;
            s.failed = None;
            s.aborted_total += 1;
            s.aborts
        };
        self.telemetry.metrics().transactions_aborted.inc();
        warn!(
            aborts_in_a_row = aborts,
            "aborting the transaction: {why}; its records will be produced again"
        );
        let mut tries = 0;
        loop {
            match self.producer.abort_transaction(CALL_TIMEOUT) {
                Ok(()) => break,
                Err(e) => match classify(&e) {
                    Failure::Fatal(why) => return Err(self.fenced(why)),
                    Failure::Retry(_) | Failure::Abort(_) if tries < 5 => {
                        tries += 1;
                        std::thread::sleep(RETRY_AFTER);
                    }
                    Failure::Retry(why) | Failure::Abort(why) => {
                        return Err(self.broke(format!("cannot abort the transaction: {why}")))
                    }
                },
            }
        }
        if aborts >= MAX_ABORTS {
            return Err(self.broke(format!(
                "{aborts} transactions aborted in a row, the last because {why}"
            )));
        }
        between()?;
        self.producer
            .begin_transaction()
            .map_err(|e| self.broke(format!("cannot begin a transaction: {e}")))
    }

    /// Aborts, drops every partition task's work, seeks every assigned
    /// partition back to its last committed offset, begins anew.
    fn abort_and_rewind(
        &self,
        consumer: &BaseConsumer<WorkerContext>,
        why: &str,
        skip: &[Tp],
    ) -> Result<(), PipelineError> {
        let result = self.abort_then(why, || self.rewind(consumer, skip));
        drop(self.lock().held.take());
        result
    }

    fn rewind(
        &self,
        consumer: &BaseConsumer<WorkerContext>,
        skip: &[Tp],
    ) -> Result<(), PipelineError> {
        let ctx = consumer.context();
        let handles: Vec<_> = ctx.partitions().drain().collect();
        for (_, handle) in handles {
            handle.task.abort();
            let _ = ctx.runtime.block_on(handle.task);
        }
        ctx.offsets.rewind();
        let assignment = consumer
            .assignment()
            .map_err(|e| self.broke(format!("cannot read the assignment to rewind: {e}")))?;
        let mut unknown = TopicPartitionList::new();
        let mut seeks: Vec<(Tp, Offset)> = Vec::new();
        for e in assignment.elements() {
            let tp = Tp {
                topic: e.topic().to_owned(),
                partition: e.partition(),
            };
            if skip.contains(&tp) {
                continue;
            }
            match ctx.offsets.committed(&tp) {
                Some(o) => seeks.push((tp, Offset::Offset(o))),
                None => {
                    unknown.add_partition(&tp.topic, tp.partition);
                }
            }
        }
        if unknown.count() > 0 {
            let committed = consumer
                .committed_offsets(unknown, CALL_TIMEOUT)
                .map_err(|e| self.broke(format!("cannot read committed offsets to rewind: {e}")))?;
            for e in committed.elements() {
                let offset = match e.offset() {
                    Offset::Offset(o) => Offset::Offset(o),
                    _ => self.reset,
                };
                seeks.push((
                    Tp {
                        topic: e.topic().to_owned(),
                        partition: e.partition(),
                    },
                    offset,
                ));
            }
        }
        for (tp, offset) in &seeks {
            consumer
                .seek(&tp.topic, tp.partition, *offset, CALL_TIMEOUT)
                .map_err(|e| self.broke(format!("cannot seek {tp} back to {offset:?}: {e}")))?;
        }
        info!(
            positions = ?seeks.iter().map(|(tp, o)| format!("{tp}@{o:?}")).collect::<Vec<_>>(),
            "rewound to the last committed offsets"
        );
        Ok(())
    }
}
