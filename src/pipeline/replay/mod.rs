//! Replaying a stretch of a topic through the core (`newswire replay`):
//! after a rules upgrade, re-enrich history; after an incident, reprocess a
//! window.
//!
//! ```text
//!  plan: partitions, --from/--until → [start, end) per partition (watermarks, offsets-for-times)
//!  reader thread: assign [start..], poll, stop each partition at its end ──► bounded channel
//!  task: enrich on the pool (parallel, results in input order) ──► sink
//!        sink = output topic | --to-topic | --dry-run (JSON Lines on stdout);
//!        bad input ──► dead-letter topic (dry run: one line on stderr)
//! ```
//!
//! - **No consumer group.** The reader assigns its partitions itself under a
//!   throwaway `group.id` with commits off, so a replay never joins, and
//!   never moves the offsets of, the live worker's group.
//! - **Bounded.** The ends are fixed when the replay starts (at most the end
//!   offsets seen then), so it terminates by itself; a partition also ends
//!   when the reader reaches its end of visible records (records of a
//!   transaction still open at the start are not included).
//! - **Byte-identical.** Records go through the same [`process`](crate::pipeline::process) as the
//!   worker's, so with the same engine version the values are byte for byte
//!   those of the first run; the `engine` field and the `newswire.engine`
//!   header say which version wrote a record.
//! - **Nothing lost.** A record that cannot be enriched goes to the
//!   dead-letter topic, as in the worker; the replay waits for every
//!   acknowledgement before it reports success.

pub mod range;

use std::collections::{BTreeMap, HashMap};
use std::io::{IsTerminal, Write};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use futures_util::stream::{FuturesOrdered, StreamExt};
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::error::KafkaError;
use rdkafka::message::{Message, OwnedHeaders};
use rdkafka::producer::{FutureProducer, Producer};
use rdkafka::{Offset, TopicPartitionList};
use tokio::sync::mpsc;
use tracing::{info, warn};

use super::dead_letter::Reason;
use super::offsets::Tp;
use super::process::{Enricher, Pool, Processed};
use super::producer::{self, Outgoing, SendError, Source};
use super::topics;
use crate::config::{kafka, Settings};

pub use range::{From, Until};

/// How long metadata and offset look-ups may take.
const LOOKUP_TIMEOUT: Duration = Duration::from_secs(15);

/// Where replayed records go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sink {
    /// A topic (the configured output, or `--to-topic`); bad input goes to
    /// the configured dead-letter topic.
    Topic(String),
    /// JSON Lines on stdout; bad input is reported on stderr.
    DryRun,
}

/// What to replay.
#[derive(Debug, Clone)]
pub struct Request {
    /// Source topic.
    pub topic: String,
    /// Start.
    pub from: From,
    /// End.
    pub until: Until,
    /// Only these partitions (all when `None`).
    pub partitions: Option<Vec<i32>>,
    /// Destination.
    pub sink: Sink,
}

/// One partition's share of the replay: offsets `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartitionPlan {
    /// Partition.
    pub partition: i32,
    /// First offset to read.
    pub start: i64,
    /// First offset not to read.
    pub end: i64,
}

/// What a replay did.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Per partition, what was planned.
    pub plan: Vec<PartitionPlan>,
    /// Records read.
    pub read: u64,
    /// Enriched records written (or printed).
    pub written: u64,
    /// Records dead-lettered (or reported).
    pub dead_lettered: u64,
    /// Time taken.
    pub elapsed: Duration,
}

impl Summary {
    /// Records planned (an upper bound: offsets may have gaps).
    pub fn planned(&self) -> u64 {
        self.plan.iter().map(|p| (p.end - p.start) as u64).sum()
    }
}

/// Why a replay failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReplayError {
    /// The request cannot be carried out as given (exit status 2).
    #[error("{0}")]
    Invalid(String),
    /// Kafka could not be reached or refused (exit status 1).
    #[error("{0}")]
    Kafka(String),
    /// A record could not be written; the replay stopped (exit status 1).
    #[error("cannot write the record from {source_partition}@{offset} to {topic}: {message}")]
    Produce {
        /// Destination topic.
        topic: String,
        /// Input partition, `topic[n]`.
        source_partition: String,
        /// Input offset.
        offset: i64,
        /// The producer's error.
        message: String,
    },
}

/// A record read for the replay.
struct Item {
    tp: Tp,
    offset: i64,
    key: Option<Arc<[u8]>>,
    value: Option<Arc<[u8]>>,
    headers: Option<OwnedHeaders>,
}

/// Counters shared with the progress line.
#[derive(Default)]
struct Counters {
    read: AtomicU64,
    written: AtomicU64,
    dead_lettered: AtomicU64,
}

type Boxed<T> = Pin<Box<dyn std::future::Future<Output = T> + Send>>;

/// Runs a replay to the end. `out` receives the JSON Lines of a dry run;
/// `progress` shows a progress line on stderr when it is a terminal.
pub async fn run(
    settings: &Settings,
    enricher: Arc<dyn Enricher>,
    request: Request,
    mut out: Box<dyn Write + Send>,
    progress: bool,
) -> Result<Summary, ReplayError> {
    let started = Instant::now();
    if let Sink::Topic(t) = &request.sink {
        if *t == request.topic {
            return Err(ReplayError::Invalid(format!(
                "the replay would write to the topic it reads ({t}); pick another with --to-topic"
            )));
        }
        if settings.topics.dead_letter == request.topic {
            return Err(ReplayError::Invalid(format!(
                "the dead-letter topic is the topic being replayed ({t})"
            )));
        }
    }
    let throwaway = format!(
        "newswire-replay-{}-{}",
        std::process::id(),
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    );
    let consumer: BaseConsumer = kafka::standalone_consumer_config(settings, &throwaway)
        .create()
        .map_err(|e| ReplayError::Invalid(kafka::describe_client_error(&e)))?;
    let consumer = Arc::new(consumer);
    let sinks: Vec<String> = match &request.sink {
        Sink::Topic(t) => vec![t.clone(), settings.topics.dead_letter.clone()],
        Sink::DryRun => Vec::new(),
    };
    let plan = {
        let (consumer, request) = (Arc::clone(&consumer), request.clone());
        tokio::task::spawn_blocking(move || {
            for t in &sinks {
                check_topic(&consumer, t)?;
            }
            plan(&consumer, &request)
        })
        .await
        .map_err(|e| ReplayError::Kafka(format!("planning failed: {e}")))??
    };
    let total: i64 = plan.iter().map(|p| p.end - p.start).sum();
    info!(
        topic = %request.topic,
        plan = ?plan.iter().map(|p| format!("{}:{}..{}", p.partition, p.start, p.end)).collect::<Vec<_>>(),
        total,
        "replay planned"
    );
    let producer: Option<FutureProducer> = match &request.sink {
        Sink::DryRun => None,
        Sink::Topic(topic) => {
            let mut config = kafka::producer_config_idempotent(settings);
            if let Some(topic_max) = topics::max_message_bytes(settings, topic).await {
                kafka::cap_message_bytes(&mut config, topic_max);
            }
            Some(
                config
                    .create()
                    .map_err(|e| ReplayError::Invalid(kafka::describe_client_error(&e)))?,
            )
        }
    };
    let pool = Pool::new(
        enricher,
        settings.worker.enrich_threads(),
        settings.worker.max_message_bytes,
    )
    .map_err(|e| ReplayError::Kafka(format!("cannot start the enrichment threads: {e}")))?;
    let max_in_flight = settings.worker.max_in_flight;
    let (tx, mut rx) = mpsc::channel::<Item>(max_in_flight);
    let stop = Arc::new(AtomicBool::new(false));
    let reader = {
        let (consumer, stop, topic, plan) = (
            Arc::clone(&consumer),
            Arc::clone(&stop),
            request.topic.clone(),
            plan.clone(),
        );
        std::thread::Builder::new()
            .name("newswire-replay-reader".to_owned())
            .spawn(move || read(&consumer, &topic, &plan, &tx, &stop))
            .map_err(|e| ReplayError::Kafka(format!("cannot start the reader thread: {e}")))?
    };
    let counters = Arc::new(Counters::default());
    let ticker = progress.then(|| {
        let counters = Arc::clone(&counters);
        tokio::spawn(show_progress(counters, total.max(0) as u64, started))
    });

    let mut enriching: FuturesOrdered<Boxed<(Item, Processed)>> = FuturesOrdered::new();
    let mut acking: FuturesOrdered<Boxed<Result<bool, ReplayError>>> = FuturesOrdered::new();
    let mut open = true;
    let mut failure: Option<ReplayError> = None;
    loop {
        let room = enriching.len() + acking.len() < max_in_flight;
        tokio::select! {
            biased;
            Some(acked) = acking.next() => match acked {
                Ok(true) => { counters.dead_lettered.fetch_add(1, Ordering::Relaxed); }
                Ok(false) => { counters.written.fetch_add(1, Ordering::Relaxed); }
                Err(e) => {
                    stop.store(true, Ordering::Relaxed);
                    open = false;
                    failure.get_or_insert(e);
                }
            },
            Some((item, processed)) = enriching.next() => {
                match deliver(settings, &request.sink, producer.as_ref(), &mut out, item, processed).await {
                    Ok(Delivered::Now { dead_letter: true }) => { counters.dead_lettered.fetch_add(1, Ordering::Relaxed); }
                    Ok(Delivered::Now { dead_letter: false }) => { counters.written.fetch_add(1, Ordering::Relaxed); }
                    Ok(Delivered::Later(ack)) => acking.push_back(ack),
                    Err(e) => {
                        stop.store(true, Ordering::Relaxed);
                        open = false;
                        failure.get_or_insert(e);
                    }
                }
            }
            received = rx.recv(), if open && room => match received {
                Some(item) => {
                    counters.read.fetch_add(1, Ordering::Relaxed);
                    let result = pool.submit(item.key.clone(), item.value.clone());
                    enriching.push_back(Box::pin(async move {
                        let processed = result.await.map(|(p, _)| p).unwrap_or_else(|_| {
                            Processed::DeadLetter(Reason::from(&crate::enrich::EnrichError::Panicked(
                                "the enrichment thread ended without a result".to_owned(),
                            )))
                        });
                        (item, processed)
                    }));
                }
                None => open = false,
            },
            else => break,
        }
    }
    drop(rx);
    let reader_result = tokio::task::spawn_blocking(move || reader.join())
        .await
        .map_err(|e| ReplayError::Kafka(format!("reader thread: {e}")))?
        .map_err(|_| ReplayError::Kafka("the reader thread panicked".to_owned()))?;
    if let Some(t) = ticker {
        t.abort();
        eprintln!();
    }
    let _ = out.flush();
    if let Some(p) = producer {
        let _ = tokio::task::spawn_blocking(move || p.flush(Duration::from_secs(30))).await;
    }
    if let Some(e) = failure {
        return Err(e);
    }
    reader_result?;
    Ok(Summary {
        plan,
        read: counters.read.load(Ordering::Relaxed),
        written: counters.written.load(Ordering::Relaxed),
        dead_lettered: counters.dead_lettered.load(Ordering::Relaxed),
        elapsed: started.elapsed(),
    })
}

fn check_topic(consumer: &BaseConsumer, topic: &str) -> Result<Vec<i32>, ReplayError> {
    let md = consumer
        .fetch_metadata(Some(topic), LOOKUP_TIMEOUT)
        .map_err(|e| ReplayError::Kafka(format!("cannot read the metadata of {topic}: {e}")))?;
    match md.topics().first() {
        Some(t) if t.error().is_none() && !t.partitions().is_empty() => {
            let mut ps: Vec<i32> = t.partitions().iter().map(|p| p.id()).collect();
            ps.sort_unstable();
            Ok(ps)
        }
        _ => Err(ReplayError::Invalid(format!(
            "topic {topic} does not exist"
        ))),
    }
}

/// Resolves the request into `[start, end)` per partition.
fn plan(consumer: &BaseConsumer, request: &Request) -> Result<Vec<PartitionPlan>, ReplayError> {
    let topic = &request.topic;
    let all = check_topic(consumer, topic)?;
    let chosen: Vec<i32> = match (&request.partitions, &request.from) {
        (Some(ps), _) => ps.clone(),
        (None, From::Offsets(m)) => m.keys().copied().collect(),
        (None, _) => all.clone(),
    };
    for p in &chosen {
        if !all.contains(p) {
            return Err(ReplayError::Invalid(format!(
                "partition {p} does not exist: {topic} has partitions {all:?}"
            )));
        }
        if let From::Offsets(m) = &request.from {
            if !m.contains_key(p) {
                return Err(ReplayError::Invalid(format!(
                    "--from gives no offset for partition {p}"
                )));
            }
        }
    }
    let mut marks = BTreeMap::new();
    for p in &chosen {
        let (low, high) = consumer
            .fetch_watermarks(topic, *p, LOOKUP_TIMEOUT)
            .map_err(|e| {
                ReplayError::Kafka(format!("cannot read the offsets of {topic}[{p}]: {e}"))
            })?;
        marks.insert(*p, (low, high));
    }
    let now_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    let starts: HashMap<i32, i64> = match &request.from {
        From::Earliest => marks.iter().map(|(p, (low, _))| (*p, *low)).collect(),
        From::Offset(n) => marks
            .iter()
            .map(|(p, (l, h))| (*p, (*n).clamp(*l, *h)))
            .collect(),
        From::Offsets(m) => marks
            .iter()
            .map(|(p, (l, h))| (*p, m[p].clamp(*l, *h)))
            .collect(),
        From::Timestamp(t) => by_time(consumer, topic, &marks, t.timestamp_millis())?,
        From::Ago(d) => by_time(consumer, topic, &marks, now_ms - d.as_millis() as i64)?,
    };
    let ends: HashMap<i32, i64> = match &request.until {
        Until::Now => marks.iter().map(|(p, (_, h))| (*p, *h)).collect(),
        Until::Offset(n) => marks.iter().map(|(p, (_, h))| (*p, (*n).min(*h))).collect(),
        Until::Offsets(m) => marks
            .iter()
            .map(|(p, (_, h))| (*p, m.get(p).map_or(*h, |n| (*n).min(*h))))
            .collect(),
        Until::Timestamp(t) => by_time(consumer, topic, &marks, t.timestamp_millis())?,
    };
    Ok(chosen
        .iter()
        .map(|p| {
            let start = starts[p];
            PartitionPlan {
                partition: *p,
                start,
                end: ends[p].max(start),
            }
        })
        .collect())
}

/// The first offset at or after `ms` in each partition (the high watermark
/// when there is none).
fn by_time(
    consumer: &BaseConsumer,
    topic: &str,
    marks: &BTreeMap<i32, (i64, i64)>,
    ms: i64,
) -> Result<HashMap<i32, i64>, ReplayError> {
    let mut tpl = TopicPartitionList::new();
    for p in marks.keys() {
        tpl.add_partition_offset(topic, *p, Offset::Offset(ms))
            .map_err(|e| ReplayError::Kafka(e.to_string()))?;
    }
    let found = consumer
        .offsets_for_times(tpl, LOOKUP_TIMEOUT)
        .map_err(|e| {
            ReplayError::Kafka(format!("cannot look up offsets by time in {topic}: {e}"))
        })?;
    Ok(found
        .elements()
        .iter()
        .map(|e| {
            let (low, high) = marks[&e.partition()];
            let o = match e.offset() {
                Offset::Offset(o) => o.clamp(low, high),
                _ => high,
            };
            (e.partition(), o)
        })
        .collect())
}

/// The reader thread: assign, poll, stop each partition at its end.
fn read(
    consumer: &BaseConsumer,
    topic: &str,
    plan: &[PartitionPlan],
    tx: &mpsc::Sender<Item>,
    stop: &AtomicBool,
) -> Result<(), ReplayError> {
    let mut ends: HashMap<i32, i64> = plan
        .iter()
        .filter(|p| p.start < p.end)
        .map(|p| (p.partition, p.end))
        .collect();
    if ends.is_empty() {
        return Ok(());
    }
    let mut tpl = TopicPartitionList::new();
    for p in plan.iter().filter(|p| p.start < p.end) {
        tpl.add_partition_offset(topic, p.partition, Offset::Offset(p.start))
            .map_err(|e| ReplayError::Kafka(e.to_string()))?;
    }
    consumer
        .assign(&tpl)
        .map_err(|e| ReplayError::Kafka(format!("cannot assign {topic}'s partitions: {e}")))?;
    let done = |p: i32, ends: &mut HashMap<i32, i64>| {
        ends.remove(&p);
        let mut one = TopicPartitionList::new();
        one.add_partition(topic, p);
        let _ = consumer.pause(&one);
    };
    let mut last_error: Option<Instant> = None;
    while !ends.is_empty() {
        if stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        match consumer.poll(Duration::from_millis(100)) {
            None => {}
            // The end of what is visible: nothing more to read there now.
            Some(Err(KafkaError::PartitionEOF(p))) => done(p, &mut ends),
            // Transient (a broker restarting): librdkafka retries; say so at
            // most every 10 s.
            Some(Err(e)) if last_error.is_none_or(|t| t.elapsed() > Duration::from_secs(10)) => {
                warn!("replay reader: {e} (retrying)");
                last_error = Some(Instant::now());
            }
            Some(Err(_)) => {}
            Some(Ok(m)) => {
                let p = m.partition();
                let Some(end) = ends.get(&p).copied() else {
                    continue;
                };
                if m.offset() >= end {
                    done(p, &mut ends);
                    continue;
                }
                let item = Item {
                    tp: Tp {
                        topic: topic.to_owned(),
                        partition: p,
                    },
                    offset: m.offset(),
                    key: m.key().map(Arc::from),
                    value: m.payload().map(Arc::from),
                    headers: m.headers().map(|h| h.detach()),
                };
                if m.offset() + 1 >= end {
                    done(p, &mut ends);
                }
                drop(m);
                if tx.blocking_send(item).is_err() {
                    return Ok(());
                }
            }
        }
    }
    Ok(())
}

enum Delivered {
    Now { dead_letter: bool },
    Later(Boxed<Result<bool, ReplayError>>),
}

/// Sends one result to the sink, in order.
async fn deliver(
    settings: &Settings,
    sink: &Sink,
    producer: Option<&FutureProducer>,
    out: &mut Box<dyn Write + Send>,
    item: Item,
    processed: Processed,
) -> Result<Delivered, ReplayError> {
    let (Sink::Topic(topic), Some(producer)) = (sink, producer) else {
        return match processed {
            Processed::Output { value, .. } => {
                out.write_all(&value)
                    .and_then(|()| out.write_all(b"\n"))
                    .map_err(|e| ReplayError::Kafka(format!("cannot write to stdout: {e}")))?;
                Ok(Delivered::Now { dead_letter: false })
            }
            Processed::DeadLetter(reason) => {
                eprintln!(
                    "{}@{}: dead letter ({}): {}",
                    item.tp, item.offset, reason.class, reason.message
                );
                Ok(Delivered::Now { dead_letter: true })
            }
        };
    };
    let source = Source {
        tp: &item.tp,
        offset: item.offset,
    };
    let dead_letter_topic = settings.topics.dead_letter.clone();
    let fail = |topic: &str, item: &Item, message: String| ReplayError::Produce {
        topic: topic.to_owned(),
        source_partition: item.tp.to_string(),
        offset: item.offset,
        message,
    };
    let reason = match processed {
        Processed::Output { id, value } => {
            let out = Outgoing {
                topic,
                key: Some(id.as_bytes()),
                value: Some(&value),
                headers: producer::output_headers(item.headers.as_ref(), source),
            };
            match producer::enqueue(producer, out).await {
                Ok(delivery) => {
                    let (producer, topic) = (producer.clone(), topic.clone());
                    return Ok(Delivered::Later(Box::pin(async move {
                        match producer::acknowledged(delivery).await {
                            Ok(()) => Ok(false),
                            Err(SendError::Rejected(why)) => {
                                let reason = Reason::output_rejected(&why);
                                dead_letter(&producer, &dead_letter_topic, &item, &reason).await?;
                                Ok(true)
                            }
                            Err(SendError::Fatal(why)) => Err(fail(&topic, &item, why)),
                        }
                    })));
                }
                Err(SendError::Rejected(why)) => Reason::output_rejected(&why),
                Err(SendError::Fatal(why)) => return Err(fail(topic, &item, why)),
            }
        }
        Processed::DeadLetter(reason) => reason,
    };
    let producer = producer.clone();
    Ok(Delivered::Later(Box::pin(async move {
        dead_letter(&producer, &dead_letter_topic, &item, &reason).await?;
        Ok(true)
    })))
}

async fn dead_letter(
    producer: &FutureProducer,
    topic: &str,
    item: &Item,
    reason: &Reason,
) -> Result<(), ReplayError> {
    let source = Source {
        tp: &item.tp,
        offset: item.offset,
    };
    let out = Outgoing {
        topic,
        key: item.key.as_deref(),
        value: item.value.as_deref(),
        headers: producer::dead_letter_headers(item.headers.as_ref(), source, reason),
    };
    let failed = |why: String| ReplayError::Produce {
        topic: topic.to_owned(),
        source_partition: item.tp.to_string(),
        offset: item.offset,
        message: why,
    };
    let delivery = producer::enqueue(producer, out)
        .await
        .map_err(|e| match e {
            SendError::Rejected(w) | SendError::Fatal(w) => failed(w),
        })?;
    warn!(
        class = reason.class,
        partition = item.tp.partition,
        offset = item.offset,
        "dead-lettered {}@{}: {}",
        item.tp,
        item.offset,
        reason.message
    );
    producer::acknowledged(delivery).await.map_err(|e| match e {
        SendError::Rejected(w) | SendError::Fatal(w) => failed(w),
    })
}

/// The progress line: done/total, rate, ETA; once a second, on stderr.
async fn show_progress(counters: Arc<Counters>, total: u64, started: Instant) {
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tick.tick().await;
    loop {
        tick.tick().await;
        let done = counters.written.load(Ordering::Relaxed)
            + counters.dead_lettered.load(Ordering::Relaxed);
        let secs = started.elapsed().as_secs_f64().max(1e-3);
        let rate = done as f64 / secs;
        let eta = if rate > 0.0 && total > done {
            format!("{:.0}s", (total - done) as f64 / rate)
        } else {
            "-".to_owned()
        };
        let pct = if total > 0 {
            100.0 * done as f64 / total as f64
        } else {
            100.0
        };
        eprint!("\rreplay: {done}/{total} records ({pct:.0}%), {rate:.0} records/s, ETA {eta}   ");
        let _ = std::io::stderr().flush();
    }
}

/// Whether to show a progress line: stderr is a terminal.
pub fn progress_wanted() -> bool {
    std::io::stderr().is_terminal()
}
