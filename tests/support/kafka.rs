//! A real Apache Kafka broker for the tests, and helpers around it.
//!
//! [`brokers`] returns `NEWSWIRE_TEST_BROKERS` when it is set; otherwise it
//! starts the project's broker with `scripts/kafka up` (once per test
//! binary; the script is idempotent and shares one broker between binaries)
//! and panics — failing the test, never skipping it — when that fails.
//! Each test makes its own topics and group with [`Names::new`], so tests
//! can run in parallel on one broker.

use std::collections::BTreeMap;
use std::future::Future;
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use newswire::config::{self, Override, Settings, Sources};
use newswire::pipeline::{self, Enricher, PipelineError};
use newswire::telemetry::Telemetry;
use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::{Header, Headers, Message, OwnedHeaders};
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::types::RDKafkaRespErr;
use rdkafka::{ClientConfig, Offset, TopicPartitionList};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The bootstrap address of the test broker.
pub fn brokers() -> String {
    static BROKERS: OnceLock<String> = OnceLock::new();
    BROKERS
        .get_or_init(|| {
            if let Ok(b) = std::env::var("NEWSWIRE_TEST_BROKERS") {
                if !b.trim().is_empty() {
                    return b.trim().to_owned();
                }
            }
            let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/kafka");
            let out = Command::new(&script)
                .arg("up")
                .output()
                .unwrap_or_else(|e| panic!("cannot run {}: {e}", script.display()));
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                out.status.success(),
                "`scripts/kafka up` failed ({}); the Kafka tests need a broker \
                 (or NEWSWIRE_TEST_BROKERS):\n{stderr}",
                out.status
            );
            let stdout = String::from_utf8_lossy(&out.stdout);
            let addr = stdout.lines().last().unwrap_or_default().trim().to_owned();
            assert!(
                addr.contains(':'),
                "`scripts/kafka up` printed no address:\n{stdout}\n{stderr}"
            );
            addr
        })
        .clone()
}

/// Topic and group names unique to one test run.
#[derive(Debug, Clone)]
pub struct Names {
    /// Input topic.
    pub input: String,
    /// Output topic.
    pub output: String,
    /// Dead-letter topic.
    pub dead_letter: String,
    /// Consumer group.
    pub group: String,
}

/// A name no other test (or earlier run) uses.
pub fn unique(name: &str) -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!(
        "test-{name}-{}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed),
        nanos % 1_000_000_000
    )
}

impl Names {
    /// Fresh names for the test `name`.
    pub fn new(name: &str) -> Names {
        let base = unique(name);
        Names {
            input: format!("{base}.in"),
            output: format!("{base}.out"),
            dead_letter: format!("{base}.dlq"),
            group: format!("{base}.group"),
        }
    }
}

/// Settings for a worker on these topics: the built-in defaults, then the
/// test broker, names and quick test timings, then `extra` (`section.key`,
/// value). The worker creates missing output and dead-letter topics.
pub fn settings(names: &Names, extra: &[(&str, &str)]) -> Settings {
    let mut overrides: Vec<Override> = [
        ("kafka.bootstrap.servers", brokers().as_str()),
        ("topics.input", &names.input),
        ("topics.output", &names.output),
        ("topics.dead_letter", &names.dead_letter),
        ("topics.create", "true"),
        ("consumer.group", &names.group),
        ("telemetry.http_listen", ""),
        ("telemetry.summary_interval", "0s"),
        ("telemetry.stats_interval", "500ms"),
        ("worker.enrich_threads", "2"),
        ("worker.shutdown_timeout", "60s"),
        ("kafka.session.timeout.ms", "10000"),
        ("kafka.heartbeat.interval.ms", "1000"),
    ]
    .iter()
    .map(|(k, v)| Override::new(*k, *v, "test"))
    .collect();
    overrides.extend(extra.iter().map(|(k, v)| Override::new(*k, *v, "test")));
    config::load(&Sources {
        overrides,
        ..Sources::default()
    })
    .expect("test settings are valid")
}

fn client_config() -> ClientConfig {
    client_config_at(&brokers())
}

fn client_config_at(addr: &str) -> ClientConfig {
    let mut c = ClientConfig::new();
    c.set("bootstrap.servers", addr);
    c
}

/// Creates `topic` with `partitions` partitions.
pub async fn create_topic(topic: &str, partitions: i32) {
    create_topic_at(&brokers(), topic, partitions).await
}

/// Creates `topic` with `partitions` partitions on the broker at `addr`.
pub async fn create_topic_at(addr: &str, topic: &str, partitions: i32) {
    create_topic_with(addr, topic, partitions, &[]).await
}

/// Creates `topic` with `partitions` partitions and topic `configs`
/// (`max.message.bytes`, ...).
pub async fn create_topic_configured(topic: &str, partitions: i32, configs: &[(&str, &str)]) {
    create_topic_with(&brokers(), topic, partitions, configs).await
}

async fn create_topic_with(addr: &str, topic: &str, partitions: i32, configs: &[(&str, &str)]) {
    let admin: AdminClient<DefaultClientContext> = client_config_at(addr).create().unwrap();
    let mut new = NewTopic::new(topic, partitions, TopicReplication::Fixed(1));
    for (k, v) in configs {
        new = new.set(k, v);
    }
    let results = admin
        .create_topics(
            &[new],
            &AdminOptions::new().operation_timeout(Some(Duration::from_secs(30))),
        )
        .await
        .expect("create_topics");
    for r in results {
        r.unwrap_or_else(|(t, e)| panic!("cannot create topic {t}: {e}"));
    }
    // Wait until the metadata shows every partition.
    let (topic, addr) = (topic.to_owned(), addr.to_owned());
    tokio::task::spawn_blocking(move || {
        let consumer: BaseConsumer = client_config_at(&addr).create().unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let md = consumer
                .fetch_metadata(Some(&topic), Duration::from_secs(5))
                .unwrap();
            if md
                .topics()
                .iter()
                .any(|t| t.error().is_none() && t.partitions().len() == partitions as usize)
            {
                return;
            }
            assert!(Instant::now() < deadline, "topic {topic} did not appear");
            std::thread::sleep(Duration::from_millis(50));
        }
    })
    .await
    .unwrap();
}

/// Deletes `topic`.
pub async fn delete_topic(topic: &str) {
    let admin: AdminClient<DefaultClientContext> = client_config().create().unwrap();
    let results = admin
        .delete_topics(&[topic], &AdminOptions::new())
        .await
        .expect("delete_topics");
    for r in results {
        r.unwrap_or_else(|(t, e)| panic!("cannot delete topic {t}: {e}"));
    }
}

/// An idempotent producer for test input.
pub fn producer() -> FutureProducer {
    producer_at(&brokers())
}

/// An idempotent producer for test input to the broker at `addr`.
pub fn producer_at(addr: &str) -> FutureProducer {
    client_config_at(addr)
        .set("enable.idempotence", "true")
        .set("linger.ms", "5")
        .create()
        .unwrap()
}

/// One record to produce.
#[derive(Debug, Clone, Default)]
pub struct Input {
    /// Partition, or `None` for the key's hash.
    pub partition: Option<i32>,
    /// Key.
    pub key: Option<Vec<u8>>,
    /// Value.
    pub value: Option<Vec<u8>>,
    /// Headers.
    pub headers: Vec<(String, Vec<u8>)>,
}

/// Produces `inputs` in order and returns each one's (partition, offset).
pub async fn produce(producer: &FutureProducer, topic: &str, inputs: &[Input]) -> Vec<(i32, i64)> {
    let mut pending = Vec::with_capacity(inputs.len());
    for input in inputs {
        let mut record = FutureRecord::<[u8], [u8]>::to(topic);
        if let Some(p) = input.partition {
            record = record.partition(p);
        }
        if let Some(k) = &input.key {
            record = record.key(k);
        }
        if let Some(v) = &input.value {
            record = record.payload(v);
        }
        if !input.headers.is_empty() {
            let mut h = OwnedHeaders::new();
            for (k, v) in &input.headers {
                h = h.insert(Header {
                    key: k,
                    value: Some(v),
                });
            }
            record = record.headers(h);
        }
        loop {
            match producer.send_result(record) {
                Ok(delivery) => {
                    pending.push(delivery);
                    break;
                }
                Err((_, r)) => {
                    record = r;
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
            }
        }
    }
    let mut out = Vec::with_capacity(pending.len());
    for d in pending {
        let delivery = d
            .await
            .expect("producer alive")
            .expect("test record delivered");
        out.push((delivery.partition, delivery.offset));
    }
    out
}

/// A record read back.
#[derive(Debug, Clone)]
pub struct Record {
    /// Partition.
    pub partition: i32,
    /// Offset.
    pub offset: i64,
    /// Key.
    pub key: Option<Vec<u8>>,
    /// Value.
    pub value: Option<Vec<u8>>,
    /// Headers, in order.
    pub headers: Vec<(String, Vec<u8>)>,
}

impl Record {
    /// A copy of a consumed message.
    fn of(m: &impl Message) -> Record {
        Record {
            partition: m.partition(),
            offset: m.offset(),
            key: m.key().map(<[u8]>::to_vec),
            value: m.payload().map(<[u8]>::to_vec),
            headers: m
                .headers()
                .map(|h| {
                    h.iter()
                        .map(|h| (h.key.to_owned(), h.value.unwrap_or_default().to_vec()))
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// The first header called `name`, as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| std::str::from_utf8(v).expect("UTF-8 header"))
    }

    /// The input coordinates from the provenance headers.
    pub fn source(&self) -> (i32, i64) {
        (
            self.header("newswire.source.partition")
                .expect("source partition header")
                .parse()
                .unwrap(),
            self.header("newswire.source.offset")
                .expect("source offset header")
                .parse()
                .unwrap(),
        )
    }

    /// The value as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(self.value.as_deref().expect("a value")).expect("JSON value")
    }
}

/// The end offsets (high watermarks) of every partition of `topic`; empty
/// when the topic does not exist.
pub fn end_offsets(topic: &str) -> BTreeMap<i32, i64> {
    end_offsets_at(&brokers(), topic)
}

/// [`end_offsets`] on the broker at `addr`.
pub fn end_offsets_at(addr: &str, topic: &str) -> BTreeMap<i32, i64> {
    let consumer: BaseConsumer = client_config_at(addr).create().unwrap();
    let md = consumer
        .fetch_metadata(Some(topic), Duration::from_secs(10))
        .unwrap();
    let t = &md.topics()[0];
    match t.error() {
        None => {}
        // Not created yet (the worker creates its output topics): empty.
        Some(RDKafkaRespErr::RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART) => return BTreeMap::new(),
        Some(e) => panic!("topic {topic}: {e:?}"),
    }
    t.partitions()
        .iter()
        .map(|p| {
            // A just-created topic answers "not leader" for a moment.
            let deadline = Instant::now() + Duration::from_secs(20);
            loop {
                match consumer.fetch_watermarks(topic, p.id(), Duration::from_secs(10)) {
                    Ok((_, high)) => return (p.id(), high),
                    Err(e) if Instant::now() < deadline => {
                        let _ = e;
                        std::thread::sleep(Duration::from_millis(50));
                    }
                    Err(e) => panic!("watermarks of {topic}[{}]: {e}", p.id()),
                }
            }
        })
        .collect()
}

/// Records in `topic` (sum of end offsets).
pub fn count(topic: &str) -> i64 {
    end_offsets(topic).values().sum()
}

/// Every record of `topic` a `read_committed` consumer sees (records of
/// aborted transactions and transaction markers are not), reading until
/// every partition reports its end. Use once no transaction is open.
pub fn read_committed(topic: &str) -> Vec<Record> {
    read_committed_at(&brokers(), topic)
}

/// [`read_committed`] on the broker at `addr`.
pub fn read_committed_at(addr: &str, topic: &str) -> Vec<Record> {
    let ends = end_offsets_at(addr, topic);
    let consumer: BaseConsumer = client_config_at(addr)
        .set("group.id", unique("committed-reader"))
        .set("enable.auto.commit", "false")
        .set("isolation.level", "read_committed")
        .set("enable.partition.eof", "true")
        .create()
        .unwrap();
    let mut tpl = TopicPartitionList::new();
    for p in ends.keys() {
        tpl.add_partition_offset(topic, *p, Offset::Beginning)
            .unwrap();
    }
    consumer.assign(&tpl).unwrap();
    let mut open: std::collections::BTreeSet<i32> = ends
        .iter()
        .filter(|(_, e)| **e > 0)
        .map(|(p, _)| *p)
        .collect();
    let mut out = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(120);
    while !open.is_empty() {
        assert!(
            Instant::now() < deadline,
            "read_committed of {topic}: partitions {open:?} never reached their end"
        );
        match consumer.poll(Duration::from_millis(200)) {
            None => {}
            Some(Err(rdkafka::error::KafkaError::PartitionEOF(p))) => {
                let pos = consumer
                    .position()
                    .ok()
                    .and_then(|tpl| {
                        tpl.find_partition(topic, p).and_then(|e| match e.offset() {
                            Offset::Offset(o) => Some(o),
                            _ => None,
                        })
                    })
                    .unwrap_or(0);
                // Past the last record (a commit marker may follow it).
                if pos + 1 >= ends[&p] {
                    open.remove(&p);
                }
            }
            Some(Err(e)) => panic!("read_committed of {topic}: {e}"),
            Some(Ok(m)) => out.push(Record::of(&m)),
        }
    }
    out.sort_by_key(|r| (r.partition, r.offset));
    out
}

/// Every record of `topic`, up to the end offsets at the time of the call,
/// in partition then offset order.
pub fn read_all(topic: &str) -> Vec<Record> {
    read_all_at(&brokers(), topic)
}

/// [`read_all`] on the broker at `addr`.
pub fn read_all_at(addr: &str, topic: &str) -> Vec<Record> {
    let ends = end_offsets_at(addr, topic);
    let consumer: BaseConsumer = client_config_at(addr)
        .set("group.id", unique("reader"))
        .set("enable.auto.commit", "false")
        .create()
        .unwrap();
    let mut tpl = TopicPartitionList::new();
    for p in ends.keys() {
        tpl.add_partition_offset(topic, *p, Offset::Beginning)
            .unwrap();
    }
    consumer.assign(&tpl).unwrap();
    let total: i64 = ends.values().sum();
    let mut out = Vec::with_capacity(total as usize);
    let deadline = Instant::now() + Duration::from_secs(60);
    while (out.len() as i64) < total {
        assert!(
            Instant::now() < deadline,
            "read only {} of {total} records of {topic}",
            out.len()
        );
        let Some(m) = consumer.poll(Duration::from_millis(200)) else {
            continue;
        };
        let m = m.expect("consume");
        if m.offset() >= ends[&m.partition()] {
            continue;
        }
        out.push(Record::of(&m));
    }
    out.sort_by_key(|r| (r.partition, r.offset));
    out
}

/// The committed offsets of `group` on `topic`, by partition (`None` when
/// nothing is committed).
pub fn committed(group: &str, topic: &str) -> BTreeMap<i32, Option<i64>> {
    committed_at(&brokers(), group, topic)
}

/// [`committed`] on the broker at `addr`.
pub fn committed_at(addr: &str, group: &str, topic: &str) -> BTreeMap<i32, Option<i64>> {
    let (consumer, tpl) = offset_reader(addr, group, topic);
    committed_by(&consumer, &tpl).expect("committed offsets")
}

/// A consumer of `group` that reads its committed offsets (without joining
/// it), and the partitions of `topic`.
fn offset_reader(addr: &str, group: &str, topic: &str) -> (BaseConsumer, TopicPartitionList) {
    let ends = end_offsets_at(addr, topic);
    let consumer: BaseConsumer = client_config_at(addr)
        .set("group.id", group)
        // The last committed offsets, without waiting for a transaction
        // under way to settle.
        .set("isolation.level", "read_uncommitted")
        .create()
        .unwrap();
    let mut tpl = TopicPartitionList::new();
    for p in ends.keys() {
        tpl.add_partition(topic, *p);
    }
    (consumer, tpl)
}

fn committed_by(
    consumer: &BaseConsumer,
    tpl: &TopicPartitionList,
) -> rdkafka::error::KafkaResult<BTreeMap<i32, Option<i64>>> {
    let tpl = consumer.committed_offsets(tpl.clone(), Duration::from_secs(10))?;
    Ok(tpl
        .elements()
        .iter()
        .map(|e| {
            (
                e.partition(),
                match e.offset() {
                    Offset::Offset(o) => Some(o),
                    _ => None,
                },
            )
        })
        .collect())
}

/// Blocks until `group` has committed at least `target` offsets in all of
/// `topic` (summed over partitions), polling every few milliseconds with one
/// consumer, so that a caller can act at a chosen point of a fast run.
/// Returns the sum seen, or `None` after `timeout`.
pub fn wait_committed_sum(
    addr: &str,
    group: &str,
    topic: &str,
    target: i64,
    timeout: Duration,
) -> Option<i64> {
    let (consumer, tpl) = offset_reader(addr, group, topic);
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if let Ok(now) = committed_by(&consumer, &tpl) {
            let sum: i64 = now.values().map(|c| c.unwrap_or(0)).sum();
            if sum >= target {
                return Some(sum);
            }
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    None
}

/// Polls `check` (off the runtime) every 100 ms until it holds; panics
/// after `timeout` with `what`.
pub async fn wait_until<F>(timeout: Duration, what: &str, check: F)
where
    F: Fn() -> bool + Send + Sync + 'static,
{
    let check = Arc::new(check);
    let deadline = Instant::now() + timeout;
    loop {
        let c = Arc::clone(&check);
        if tokio::task::spawn_blocking(move || c()).await.unwrap() {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "timed out after {timeout:?} waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A worker running in this process.
pub struct Worker {
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<Result<(), PipelineError>>,
    /// Its metrics and health.
    pub telemetry: Telemetry,
}

impl Worker {
    /// Starts `pipeline::run` with `settings` and `enricher`.
    pub fn start(settings: Settings, enricher: Arc<dyn Enricher>) -> Worker {
        let telemetry = Telemetry::new();
        let (tx, rx) = oneshot::channel::<()>();
        let t = telemetry.clone();
        let task = tokio::spawn(async move {
            pipeline::run(&settings, enricher, t, async {
                let _ = rx.await;
            })
            .await
        });
        Worker {
            stop: Some(tx),
            task,
            telemetry,
        }
    }

    /// Waits for the worker to end by itself (a fatal error).
    pub async fn join(self, limit: Duration) -> Result<(), PipelineError> {
        let Worker { stop, task, .. } = self;
        let ended = tokio::time::timeout(limit, task)
            .await
            .unwrap_or_else(|_| panic!("worker did not end within {limit:?}"))
            .expect("worker task does not panic");
        drop(stop);
        ended
    }

    /// Asks for a graceful stop and waits for it.
    pub async fn stop(mut self) -> Result<(), PipelineError> {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        tokio::time::timeout(Duration::from_secs(90), self.task)
            .await
            .expect("worker stops within 90s")
            .expect("worker task does not panic")
    }
}

/// Runs an async test body with an overall time limit, so that a stalled
/// consumer fails the test instead of hanging the suite.
pub async fn within<F: Future<Output = ()>>(limit: Duration, body: F) {
    tokio::time::timeout(limit, body)
        .await
        .unwrap_or_else(|_| panic!("test did not finish within {limit:?}"));
}
