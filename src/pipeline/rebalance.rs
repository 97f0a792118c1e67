//! The consumer's context: rebalance callbacks, statistics and errors.
//!
//! librdkafka calls these on the consumer thread, from inside `poll`:
//!
//! - **Revoke** (`pre_rebalance`): close the revoked partitions' channels,
//!   wait — up to `worker.drain_timeout` — for their in-flight records to be
//!   produced and acknowledged, then commit their stored offsets
//!   synchronously, before librdkafka hands them to another member. Nothing
//!   in flight is lost: either it is acknowledged and committed here, or it
//!   was not stored and the next owner consumes it again. When the
//!   assignment was *lost* (session timed out) the commit would be refused,
//!   so the tasks are abandoned at once.
//! - **Assign** (`post_rebalance`): record the assignment; partition tasks
//!   start lazily with their first record.
//! - **Statistics**: consumer lag per partition and broker reachability.
//!
//! Blocking here is deliberate and safe: this is the dedicated consumer
//! thread, not an async worker; the partition tasks it waits for run on the
//! runtime and need nothing from this thread.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use rdkafka::consumer::{BaseConsumer, Consumer, ConsumerContext, Rebalance};
use rdkafka::error::{KafkaError, KafkaResult, RDKafkaErrorCode};
use rdkafka::statistics::Statistics;
use rdkafka::{ClientContext, TopicPartitionList};
use tracing::{debug, info, warn};

use super::offsets::{Offsets, Tp};
use super::partition::PartitionHandle;
use super::transaction::Transactions;
use crate::telemetry::metrics::PartitionLabels;
use crate::telemetry::Telemetry;

/// State shared by the consumer thread and librdkafka's callbacks.
pub struct WorkerContext {
    /// The running partition tasks.
    pub partitions: Mutex<HashMap<Tp, PartitionHandle>>,
    /// Offset bookkeeping.
    pub offsets: Arc<Offsets>,
    /// Metrics, logs, health.
    pub telemetry: Telemetry,
    /// The runtime the partition tasks run on.
    pub runtime: tokio::runtime::Handle,
    /// How long a revocation waits for in-flight work.
    pub drain_timeout: Duration,
    /// The input topic (for lag metrics).
    pub input_topic: String,
    /// Exactly-once: the transactions; `None` for at-least-once.
    pub txn: Option<Arc<Transactions>>,
    lagging: Mutex<HashSet<i32>>,
    fatal: Mutex<Option<super::PipelineError>>,
}

/// The outcome of a drain.
#[derive(Debug, Default)]
pub struct Drained {
    /// Partitions whose tasks finished.
    pub finished: Vec<Tp>,
    /// Partitions whose tasks were still busy at the deadline and were
    /// stopped; their unacknowledged records were not stored.
    pub abandoned: Vec<Tp>,
}

impl WorkerContext {
    /// A context for a consumer of `input_topic`.
    pub fn new(
        offsets: Arc<Offsets>,
        telemetry: Telemetry,
        runtime: tokio::runtime::Handle,
        drain_timeout: Duration,
        input_topic: String,
        txn: Option<Arc<Transactions>>,
    ) -> Self {
        WorkerContext {
            partitions: Mutex::new(HashMap::new()),
            offsets,
            telemetry,
            runtime,
            drain_timeout,
            input_topic,
            txn,
            lagging: Mutex::new(HashSet::new()),
            fatal: Mutex::new(None),
        }
    }

    /// The partition tasks, locked.
    pub fn partitions(&self) -> MutexGuard<'_, HashMap<Tp, PartitionHandle>> {
        self.partitions.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Closes the channels of `which` (all when `None`) and waits until
    /// their tasks finish or `deadline` passes; late tasks are aborted.
    /// Blocks the calling thread: call it from the consumer thread only.
    pub fn drain(&self, which: Option<&[Tp]>, deadline: Instant) -> Drained {
        let handles: Vec<(Tp, PartitionHandle)> = {
            let mut map = self.partitions();
            match which {
                None => map.drain().collect(),
                Some(tps) => tps
                    .iter()
                    .filter_map(|tp| map.remove(tp).map(|h| (tp.clone(), h)))
                    .collect(),
            }
        };
        let mut drained = Drained::default();
        // Close every channel first so all partitions drain at once.
        let tasks: Vec<(Tp, tokio::task::JoinHandle<()>)> =
            handles.into_iter().map(|(tp, h)| (tp, h.task)).collect();
        for (tp, mut task) in tasks {
            let done = self.runtime.block_on(async {
                tokio::time::timeout_at(deadline.into(), &mut task)
                    .await
                    .is_ok()
            });
            if done {
                drained.finished.push(tp);
            } else {
                task.abort();
                let _ = self.runtime.block_on(task);
                drained.abandoned.push(tp);
            }
        }
        drained
    }

    fn revoke(&self, consumer: &BaseConsumer<Self>, tpl: &TopicPartitionList) {
        let tps = tps_of(tpl);
        let partitions: Vec<i32> = tps.iter().map(|tp| tp.partition).collect();
        let lost = consumer.assignment_lost();
        let deadline = Instant::now()
            + if lost {
                Duration::ZERO
            } else {
                self.drain_timeout
            };
        let started = Instant::now();
        if let Some(txn) = &self.txn {
            return self.revoke_transactional(consumer, txn, &tps, lost, deadline);
        }
        let drained = self.drain(Some(&tps), deadline);
        if !drained.abandoned.is_empty() {
            let abandoned: Vec<i32> = drained.abandoned.iter().map(|tp| tp.partition).collect();
            if lost {
                warn!(
                    ?abandoned,
                    lost,
                    "the assignment was lost (no group coordinator within the session timeout); \
                     unacknowledged records will be consumed again by the next owner"
                );
            } else {
                warn!(
                    ?abandoned,
                    lost,
                    "revoked partitions still had work after {:?}; their unacknowledged records will be consumed again by the next owner",
                    self.drain_timeout
                );
            }
        }
        if !lost {
            match self.offsets.commit(consumer, &tps) {
                Ok(done) if !done.is_empty() => {
                    info!(committed = ?done.iter().map(|(tp, o)| (tp.partition, *o)).collect::<Vec<_>>(), "committed revoked partitions")
                }
                Ok(_) => {}
                Err(e) => self.commit_failed(&e),
            }
        }
        self.let_go(consumer, &tps, &partitions);
        debug!(took = ?started.elapsed(), "revocation drained");
    }

    /// Exactly-once revocation: finish the revoked partitions' records, then
    /// commit the transaction (their positions with it) before letting them
    /// go. When the assignment was lost, or a drain missed its deadline, the
    /// transaction is aborted instead and the remaining partitions rewound.
    fn revoke_transactional(
        &self,
        consumer: &BaseConsumer<Self>,
        txn: &Transactions,
        tps: &[Tp],
        lost: bool,
        deadline: Instant,
    ) {
        let partitions: Vec<i32> = tps.iter().map(|tp| tp.partition).collect();
        let outcome = (|| {
            if lost {
                let drained = self.drain(Some(tps), deadline);
                debug!(abandoned = drained.abandoned.len(), "assignment lost");
                return txn.abort(consumer, "the assignment was lost", Some(tps));
            }
            // A commit under retry holds the gate; settle it before draining.
            txn.commit_now(consumer, deadline, Some(tps))?;
            let drained = self.drain(Some(tps), deadline);
            if drained.abandoned.is_empty() {
                if txn.commit_now(consumer, deadline + self.drain_timeout, Some(tps))? {
                    info!(?partitions, "committed the revoked partitions' transaction");
                }
                Ok(())
            } else {
                txn.abort(
                    consumer,
                    "revoked partitions still had work at the drain deadline",
                    Some(tps),
                )
            }
        })();
        if let Err(e) = outcome {
            warn!("{e}");
            self.failed(e);
        }
        self.let_go(consumer, tps, &partitions);
    }

    /// The end of a revocation: forget the revoked partitions' offsets and
    /// lag, and report what remains assigned.
    fn let_go(&self, consumer: &BaseConsumer<Self>, tps: &[Tp], partitions: &[i32]) {
        for tp in tps {
            self.offsets.close(tp);
            self.remove_lag(tp.partition);
        }
        let remaining = consumer
            .assignment()
            .map_or(0, |a| a.count().saturating_sub(tps.len()));
        self.telemetry.health().set_revoked(remaining);
        self.telemetry.rebalanced("revoke", partitions, remaining);
    }

    /// A fatal error inside a callback: remembered for the consumer thread.
    fn failed(&self, e: super::PipelineError) {
        let mut slot = self.fatal.lock().unwrap_or_else(|p| p.into_inner());
        if slot.is_none() {
            *slot = Some(e);
        }
    }

    /// The fatal error a callback hit, if any.
    pub fn take_fatal(&self) -> Option<super::PipelineError> {
        self.fatal.lock().unwrap_or_else(|p| p.into_inner()).take()
    }

    fn commit_failed(&self, e: &KafkaError) {
        let code = e
            .rdkafka_error_code()
            .map_or_else(|| "unknown".to_owned(), |c| format!("{c:?}"));
        self.telemetry.kafka_error(
            "consumer",
            &code,
            &format!("commit failed ({e}); uncommitted records will be consumed again"),
        );
    }

    fn remove_lag(&self, partition: i32) {
        let mut lagging = self.lagging.lock().unwrap_or_else(|p| p.into_inner());
        if lagging.remove(&partition) {
            self.telemetry
                .metrics()
                .consumer_lag
                .remove(&PartitionLabels {
                    topic: self.input_topic.clone(),
                    partition,
                });
        }
    }
}

fn tps_of(tpl: &TopicPartitionList) -> Vec<Tp> {
    tpl.elements()
        .iter()
        .map(|e| Tp {
            topic: e.topic().to_owned(),
            partition: e.partition(),
        })
        .collect()
}

impl ClientContext for WorkerContext {
    fn log(&self, level: rdkafka::config::RDKafkaLogLevel, fac: &str, message: &str) {
        self.telemetry
            .librdkafka_log("consumer", level, fac, message);
    }

    fn stats(&self, stats: Statistics) {
        let up = stats
            .brokers
            .values()
            .any(|b| b.nodeid >= 0 && b.state == "UP");
        self.telemetry.broker_reachable(up);
        let Some(topic) = stats.topics.get(&self.input_topic) else {
            return;
        };
        let mut lagging = self.lagging.lock().unwrap_or_else(|p| p.into_inner());
        let mut total = 0;
        let mut seen = HashSet::new();
        for p in topic.partitions.values() {
            if p.partition < 0 || p.fetch_state == "none" {
                continue;
            }
            let lag = if p.consumer_lag_stored >= 0 {
                p.consumer_lag_stored
            } else {
                p.consumer_lag
            };
            if lag < 0 {
                continue;
            }
            total += lag;
            seen.insert(p.partition);
            self.telemetry
                .metrics()
                .consumer_lag
                .get_or_create(&PartitionLabels {
                    topic: self.input_topic.clone(),
                    partition: p.partition,
                })
                .set(lag);
        }
        for gone in lagging.difference(&seen).copied().collect::<Vec<_>>() {
            self.telemetry
                .metrics()
                .consumer_lag
                .remove(&PartitionLabels {
                    topic: self.input_topic.clone(),
                    partition: gone,
                });
        }
        *lagging = seen;
        self.telemetry.metrics().lag_total.set(total);
    }

    fn error(&self, error: KafkaError, reason: &str) {
        let code = error.rdkafka_error_code();
        if code == Some(RDKafkaErrorCode::AllBrokersDown) {
            self.telemetry.broker_reachable(false);
        }
        let code = code.map_or_else(|| "unknown".to_owned(), |c| format!("{c:?}"));
        self.telemetry
            .kafka_error("consumer", &code, &format!("{error}: {reason}"));
    }
}

impl ConsumerContext for WorkerContext {
    fn pre_rebalance(&self, consumer: &BaseConsumer<Self>, rebalance: &Rebalance<'_>) {
        match rebalance {
            Rebalance::Revoke(tpl) => self.revoke(consumer, tpl),
            Rebalance::Assign(_) => {}
            Rebalance::Error(e) => {
                self.telemetry.kafka_error(
                    "consumer",
                    "rebalance",
                    &format!("rebalance error: {e}"),
                );
            }
        }
    }

    fn post_rebalance(&self, consumer: &BaseConsumer<Self>, rebalance: &Rebalance<'_>) {
        if let Rebalance::Assign(tpl) = rebalance {
            // librdkafka keeps a partition's pause flag across a revocation
            // and a new assignment: a partition revoked while the in-flight
            // bound had fetching paused would come back paused, and never
            // be fetched again (seen after a broker outage lost the
            // assignment). Start every assigned partition fetching; the
            // consumer thread pauses it again while the bound holds.
            if let Err(e) = consumer.resume(tpl) {
                warn!("cannot resume newly assigned partitions: {e}");
            }
            // The group answered: a broker is reachable.
            self.telemetry.broker_reachable(true);
            let partitions: Vec<i32> = tpl.elements().iter().map(|e| e.partition()).collect();
            let assigned = consumer
                .assignment()
                .map_or(partitions.len(), |a| a.count());
            self.telemetry.health().set_assigned(assigned);
            self.telemetry.rebalanced("assign", &partitions, assigned);
        }
    }

    fn commit_callback(&self, result: KafkaResult<()>, offsets: &TopicPartitionList) {
        match result {
            Ok(()) => debug!(offsets = ?offsets.to_topic_map(), "offsets committed"),
            // "No offset to commit" is the quiet case of auto-commit.
            Err(KafkaError::ConsumerCommit(RDKafkaErrorCode::NoOffset)) => {}
            Err(e) => self.commit_failed(&e),
        }
    }
}
