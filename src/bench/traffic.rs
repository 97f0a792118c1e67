//! Records in and out: the producer of the input articles, at full speed or
//! at a fixed rate, and the reader that watches the output.
//!
//! Latency is measured on the records themselves: each input carries the
//! time it was handed to the producer in the header [`SENT_HEADER`]
//! (microseconds since the Unix epoch); the worker copies the input's
//! headers to the output record, and the reader subtracts that time from the
//! moment it sees the record. Producer and reader run on this machine, so
//! they read one clock.
//!
//! The reader consumes the output topic from its start by assignment (no
//! group to join), with `isolation.level=read_committed`, so that an
//! exactly-once worker's records count when they are committed, as any
//! consumer would see them.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::message::{Header, Headers, Message, OwnedHeaders};
use rdkafka::producer::{DeliveryFuture, FutureProducer, FutureRecord};
use rdkafka::{ClientConfig, Offset, TopicPartitionList};

use super::workload::Workload;

/// The input header carrying the send time, microseconds since the epoch.
/// Not a `newswire.` header: the worker keeps the input's other headers.
pub const SENT_HEADER: &str = "bench.sent_us";

/// Ids of the records sent all at once before the worker starts.
pub const BACKLOG_PREFIX: &str = "backlog-";
/// Ids of the records sent at the fixed rate.
pub const PACED_PREFIX: &str = "paced-";

/// Microseconds since the Unix epoch.
pub fn now_us() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_micros() as i64)
}

/// The benchmark's producer: `linger.ms=1`, so that it batches when it
/// falls behind but adds at most a millisecond to a record's latency.
pub fn producer(mut config: ClientConfig) -> Result<FutureProducer, String> {
    config
        .set("linger.ms", "1")
        .set("enable.idempotence", "true")
        .set("queue.buffering.max.messages", "200000")
        .create()
        .map_err(|e| format!("cannot create the producer: {e}"))
}

/// Enqueues one record, waiting while librdkafka's queue is full.
async fn send(
    producer: &FutureProducer,
    topic: &str,
    id: &str,
    value: &[u8],
) -> Result<DeliveryFuture, String> {
    loop {
        let sent = now_us().to_string();
        let record = FutureRecord::<str, [u8]>::to(topic)
            .key(id)
            .payload(value)
            .headers(OwnedHeaders::new().insert(Header {
                key: SENT_HEADER,
                value: Some(sent.as_str()),
            }));
        match producer.send_result(record) {
            Ok(d) => return Ok(d),
            Err((KafkaError::MessageProduction(RDKafkaErrorCode::QueueFull), _)) => {
                tokio::time::sleep(Duration::from_millis(5)).await
            }
            Err((e, _)) => return Err(format!("cannot produce to {topic}: {e}")),
        }
    }
}

async fn acknowledged(pending: Vec<DeliveryFuture>) -> Result<(), String> {
    for d in pending {
        match d.await {
            Ok(Ok(_)) => {}
            Ok(Err((e, _))) => return Err(format!("an input record was not written: {e}")),
            Err(_) => return Err("the producer went away".to_owned()),
        }
    }
    Ok(())
}

/// What was produced.
#[derive(Debug, Clone, Copy)]
pub struct Produced {
    /// Records.
    pub records: usize,
    /// Value bytes.
    pub bytes: u64,
    /// From the first send to the last one.
    pub sending: Duration,
    /// From the first send to the last acknowledgement.
    pub total: Duration,
}

/// Produces records `0..n` of the mix as fast as the producer takes them.
pub async fn backlog(
    producer: &FutureProducer,
    topic: &str,
    workload: &Workload,
    n: usize,
) -> Result<Produced, String> {
    let started = Instant::now();
    let mut pending = Vec::with_capacity(n);
    let mut bytes = 0;
    for i in 0..n {
        let id = format!("{BACKLOG_PREFIX}{i}");
        let value = workload.record(i, &id);
        bytes += value.len() as u64;
        pending.push(send(producer, topic, &id, &value).await?);
    }
    settle(pending, n, bytes, started).await
}

/// Produces `rate` records a second for `duration`: record `i` is due at
/// `i / rate` seconds; when the producer falls behind, the late ones go out
/// at once. Records are drawn from the mix after the backlog's.
pub async fn paced(
    producer: &FutureProducer,
    topic: &str,
    workload: &Workload,
    offset: usize,
    rate: u32,
    duration: Duration,
) -> Result<Produced, String> {
    let n = (f64::from(rate) * duration.as_secs_f64()).round() as usize;
    let values: Vec<(String, Vec<u8>)> = (0..n)
        .map(|i| {
            let id = format!("{PACED_PREFIX}{i}");
            let value = workload.record(offset + i, &id);
            (id, value)
        })
        .collect();
    let started = Instant::now();
    let mut pending = Vec::with_capacity(n);
    let mut bytes = 0;
    for (i, (id, value)) in values.iter().enumerate() {
        let due = started + Duration::from_secs_f64(i as f64 / f64::from(rate));
        if due > Instant::now() {
            tokio::time::sleep_until(due.into()).await;
        }
        bytes += value.len() as u64;
        pending.push(send(producer, topic, id, value).await?);
    }
    settle(pending, n, bytes, started).await
}

/// One output record as the reader saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    /// Its key: the article id.
    pub id: String,
    /// When the reader got it, microseconds since the epoch.
    pub seen_us: i64,
    /// When its input was sent ([`SENT_HEADER`]), if it carries the header.
    pub sent_us: Option<i64>,
    /// Value bytes.
    pub bytes: usize,
}

/// Distinct ids seen so far, by phase.
#[derive(Debug, Default)]
pub struct Counts {
    /// Distinct backlog ids.
    pub backlog: AtomicUsize,
    /// Distinct paced ids.
    pub paced: AtomicUsize,
}

/// The output reader, on its own thread.
pub struct Reader {
    stop: Arc<AtomicBool>,
    /// What it has seen, live.
    pub counts: Arc<Counts>,
    thread: JoinHandle<Result<Vec<Seen>, String>>,
}

impl Reader {
    /// Starts reading every partition of `topic` (which has `partitions`)
    /// from the beginning.
    pub fn start(mut config: ClientConfig, topic: &str, partitions: i32) -> Result<Reader, String> {
        let consumer: BaseConsumer = config
            .set("group.id", format!("newswire-bench-reader-{}", now_us()))
            .set("enable.auto.commit", "false")
            .set("isolation.level", "read_committed")
            .create()
            .map_err(|e| format!("cannot create the reader: {e}"))?;
        let mut tpl = TopicPartitionList::new();
        for p in 0..partitions {
            tpl.add_partition_offset(topic, p, Offset::Beginning)
                .map_err(|e| e.to_string())?;
        }
        consumer.assign(&tpl).map_err(|e| e.to_string())?;
        let stop = Arc::new(AtomicBool::new(false));
        let counts = Arc::new(Counts::default());
        let thread = {
            let (stop, counts) = (Arc::clone(&stop), Arc::clone(&counts));
            std::thread::Builder::new()
                .name("bench-reader".to_owned())
                .spawn(move || read(&consumer, &stop, &counts))
                .map_err(|e| e.to_string())?
        };
        Ok(Reader {
            stop,
            counts,
            thread,
        })
    }

    /// Stops reading and returns what was seen, in order.
    pub fn finish(self) -> Result<Vec<Seen>, String> {
        self.stop.store(true, Ordering::Relaxed);
        self.thread
            .join()
            .map_err(|_| "the reader thread panicked".to_owned())?
    }
}

fn read(consumer: &BaseConsumer, stop: &AtomicBool, counts: &Counts) -> Result<Vec<Seen>, String> {
    let mut seen = Vec::new();
    let mut distinct: HashSet<String> = HashSet::new();
    while !stop.load(Ordering::Relaxed) {
        let m = match consumer.poll(Duration::from_millis(50)) {
            None => continue,
            Some(Err(e)) => return Err(format!("reading the output: {e}")),
            Some(Ok(m)) => m,
        };
        let seen_us = now_us();
        let id = String::from_utf8_lossy(m.key().unwrap_or_default()).into_owned();
        let sent_us = m.headers().and_then(|h| {
            h.iter()
                .find(|h| h.key == SENT_HEADER)
                .and_then(|h| std::str::from_utf8(h.value?).ok()?.parse().ok())
        });
        if distinct.insert(id.clone()) {
            if id.starts_with(BACKLOG_PREFIX) {
                counts.backlog.fetch_add(1, Ordering::Relaxed);
            } else if id.starts_with(PACED_PREFIX) {
                counts.paced.fetch_add(1, Ordering::Relaxed);
            }
        }
        seen.push(Seen {
            id,
            seen_us,
            sent_us,
            bytes: m.payload_len(),
        });
    }
    Ok(seen)
}

/// Waits for the acknowledgement of every record sent since `started`.
async fn settle(
    pending: Vec<DeliveryFuture>,
    records: usize,
    bytes: u64,
    started: Instant,
) -> Result<Produced, String> {
    let sending = started.elapsed();
    acknowledged(pending).await?;
    Ok(Produced {
        records,
        bytes,
        sending,
        total: started.elapsed(),
    })
}
