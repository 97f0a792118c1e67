//! At-least-once bookkeeping: an input offset is stored only after the
//! record it belongs to — output or dead letter — is acknowledged by the
//! broker, and stored in offset order per partition.
//!
//! The consumer runs with `enable.auto.offset.store=false` and auto-commit
//! on (see `config::kafka`): librdkafka commits the *stored* offsets in the
//! background, and the worker commits them synchronously when partitions are
//! revoked and at shutdown. This module is the only caller of
//! `store_offset` and `commit`.
//!
//! In exactly-once mode (`Offsets::transactional`) nothing is stored in or
//! committed by the consumer: the positions kept here are what
//! `transaction` sends with each transaction.
//!
//! Each partition task has an epoch. When a rebalance takes a partition
//! away and gives it back, the new task gets a new epoch, and a store from
//! an abandoned older task (one that missed its drain deadline) is refused:
//! it could otherwise move the offset backwards or past unfinished work.

use std::collections::HashMap;
use std::sync::Mutex;

use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer, ConsumerContext};
use rdkafka::error::KafkaResult;
use rdkafka::{Offset, TopicPartitionList};

/// A topic partition.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tp {
    /// The topic.
    pub topic: String,
    /// The partition.
    pub partition: i32,
}

impl std::fmt::Display for Tp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}[{}]", self.topic, self.partition)
    }
}

#[derive(Debug)]
struct Position {
    epoch: u64,
    /// The next offset to read: last acknowledged + 1.
    next: Option<i64>,
    /// What was last committed synchronously by us.
    committed: Option<i64>,
}

/// Stored positions of the partitions this worker owns.
#[derive(Debug, Default)]
pub struct Offsets {
    positions: Mutex<HashMap<Tp, Position>>,
    /// Exactly-once: positions go into transactions, not into the consumer.
    transactional: bool,
}

/// Why an offset was not stored.
#[derive(Debug, PartialEq, Eq)]
pub enum StoreRefused {
    /// The partition now belongs to a newer task (or to no task).
    Stale,
    /// librdkafka refused it (the partition is no longer assigned).
    Kafka(String),
}

impl Offsets {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Tp, Position>> {
        self.positions.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Bookkeeping for exactly-once mode: [`Offsets::store`] only records
    /// the position; [`Offsets::uncommitted`] hands it to the transaction.
    pub fn transactional() -> Offsets {
        Offsets {
            transactional: true,
            ..Offsets::default()
        }
    }

    /// A task with `epoch` now owns `tp`.
    pub fn open(&self, tp: &Tp, epoch: u64) {
        let mut map = self.lock();
        let entry = map.entry(tp.clone()).or_insert(Position {
            epoch,
            next: None,
            committed: None,
        });
        entry.epoch = epoch;
    }

    /// Stores `offset` (the record's own offset) as processed: the group
    /// will resume at `offset + 1`. Call only after the record's output or
    /// dead letter is acknowledged, and in offset order.
    pub fn store<C: ConsumerContext>(
        &self,
        consumer: &BaseConsumer<C>,
        tp: &Tp,
        epoch: u64,
        offset: i64,
    ) -> Result<(), StoreRefused> {
        let mut map = self.lock();
        let Some(pos) = map.get_mut(tp).filter(|p| p.epoch == epoch) else {
            return Err(StoreRefused::Stale);
        };
        debug_assert!(
            pos.next.is_none_or(|n| n <= offset + 1),
            "offsets stored out of order"
        );
        if !self.transactional {
            // librdkafka's offset_store records `offset + 1`, the next to read.
            consumer
                .store_offset(&tp.topic, tp.partition, offset)
                .map_err(|e| StoreRefused::Kafka(e.to_string()))?;
        }
        pos.next = Some(offset + 1);
        Ok(())
    }

    /// Commits, synchronously, the stored offsets of `which` that moved
    /// since our last commit. Returns what was committed.
    pub fn commit<C: ConsumerContext>(
        &self,
        consumer: &BaseConsumer<C>,
        which: &[Tp],
    ) -> KafkaResult<Vec<(Tp, i64)>> {
        let mut tpl = TopicPartitionList::new();
        let mut done = Vec::new();
        {
            let map = self.lock();
            for tp in which {
                if let Some(Position {
                    next: Some(next),
                    committed,
                    ..
                }) = map.get(tp)
                {
                    if *committed != Some(*next) {
                        tpl.add_partition_offset(&tp.topic, tp.partition, Offset::Offset(*next))?;
                        done.push((tp.clone(), *next));
                    }
                }
            }
        }
        if done.is_empty() {
            return Ok(done);
        }
        consumer.commit(&tpl, CommitMode::Sync)?;
        let mut map = self.lock();
        for (tp, next) in &done {
            if let Some(p) = map.get_mut(tp) {
                p.committed = Some(*next);
            }
        }
        Ok(done)
    }

    /// Positions (next offset to read) that moved since the last commit:
    /// what the next transaction must carry.
    pub fn uncommitted(&self) -> Vec<(Tp, i64)> {
        let map = self.lock();
        let mut v: Vec<(Tp, i64)> = map
            .iter()
            .filter_map(|(tp, p)| match p.next {
                Some(next) if p.committed != Some(next) => Some((tp.clone(), next)),
                _ => None,
            })
            .collect();
        v.sort();
        v
    }

    /// `done` was committed (by a transaction).
    pub fn mark_committed(&self, done: &[(Tp, i64)]) {
        let mut map = self.lock();
        for (tp, next) in done {
            if let Some(p) = map.get_mut(tp) {
                p.committed = Some(*next);
            }
        }
    }

    /// The committed position of `tp`, as far as this worker knows.
    pub fn committed(&self, tp: &Tp) -> Option<i64> {
        self.lock().get(tp).and_then(|p| p.committed)
    }

    /// An aborted transaction: forget every position past the last commit.
    pub fn rewind(&self) {
        for p in self.lock().values_mut() {
            p.next = p.committed;
        }
    }

    /// Every partition with a position.
    pub fn partitions(&self) -> Vec<Tp> {
        let mut v: Vec<Tp> = self.lock().keys().cloned().collect();
        v.sort();
        v
    }

    /// Forgets `tp` (revoked).
    pub fn close(&self, tp: &Tp) {
        self.lock().remove(tp);
    }
}
