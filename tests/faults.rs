//! Faults against a real broker: `kill -9` mid-run (at-least-once and
//! exactly-once), the broker going away and coming back, a poison message
//! that panics the core, and an output slower than the input.
//!
//! Each test has its own topics and group. The broker-outage test starts a
//! broker of its own (its own data folder and ports, through
//! `scripts/kafka` with `NEWSWIRE_KAFKA_HOME`), so stopping it cannot
//! disturb tests running against the shared one. Delivery checks count
//! distinct input coordinates; exactly-once checks read with
//! `isolation.level=read_committed`.

mod support;

use std::collections::BTreeMap;
use std::fs::File;
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use newswire::pipeline::Enricher;
use support::kafka::{self, Input, Names, Worker};
use support::{articles, enrichers, http};

fn article(i: usize) -> Vec<u8> {
    articles::sample("f", i)
}

/// 10,000-style inputs: every 100th is not JSON (a dead letter, which in
/// exactly-once mode is part of the transaction too).
fn inputs(n: usize) -> Vec<Input> {
    (0..n)
        .map(|i| Input {
            key: Some(format!("k{i}").into_bytes()),
            value: Some(if i % 100 == 42 {
                format!("not json {i}").into_bytes()
            } else {
                article(i)
            }),
            ..Input::default()
        })
        .collect()
}

/// A small deterministic generator (the seed is printed), so that kill
/// points vary between runs without a dependency.
struct Rng(u64);

impl Rng {
    fn new() -> Rng {
        let seed = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64
            | 1;
        eprintln!("random seed {seed}");
        Rng(seed)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `newswire run` as a process, configured through the environment.
struct Proc {
    child: Child,
    log: PathBuf,
    http: SocketAddr,
}

fn spawn(names: &Names, brokers: &str, run: &str, env: &[(&str, &str)], args: &[&str]) -> Proc {
    let log = std::env::temp_dir().join(format!("{}-{run}.log", names.group));
    let http: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
    let mut cmd = Command::new(support::newswire_bin());
    cmd.arg("run")
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("NEWSWIRE_BROKERS", brokers)
        .env("NEWSWIRE_TOPICS_INPUT", &names.input)
        .env("NEWSWIRE_TOPICS_OUTPUT", &names.output)
        .env("NEWSWIRE_TOPICS_DEAD_LETTER", &names.dead_letter)
        .env("NEWSWIRE_TOPICS_CREATE", "true")
        .env("NEWSWIRE_CONSUMER_GROUP", &names.group)
        .env("NEWSWIRE_TELEMETRY_HTTP_LISTEN", http.to_string())
        .env("NEWSWIRE_TELEMETRY_LOG_FORMAT", "json")
        .env("NEWSWIRE_TELEMETRY_SUMMARY_INTERVAL", "5s")
        .env("NEWSWIRE_TELEMETRY_STATS_INTERVAL", "500ms")
        .env("NEWSWIRE_WORKER_ENRICH_THREADS", "2")
        .env("NEWSWIRE_WORKER_INSTANCE_ID", format!("{}-w", names.group))
        .env("NEWSWIRE_RDKAFKA_SESSION_TIMEOUT_MS", "10000")
        .env("NEWSWIRE_RDKAFKA_HEARTBEAT_INTERVAL_MS", "1000");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(File::create(&log).unwrap())
        .spawn()
        .expect("newswire run starts");
    Proc { child, log, http }
}

impl Proc {
    fn kill9(&mut self) {
        let ok = Command::new("kill")
            .args(["-KILL", &self.child.id().to_string()])
            .status()
            .unwrap()
            .success();
        assert!(ok, "kill -9");
        let _ = self.child.wait();
    }

    async fn sigterm_and_wait(&mut self, limit: Duration) -> std::process::ExitStatus {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + limit;
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                return s;
            }
            if Instant::now() > deadline {
                self.kill9();
                panic!("worker did not stop within {limit:?} of SIGTERM");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// A field of `/proc/PID/status` in KiB (VmRSS, VmHWM).
    fn status_kib(&self, field: &str) -> Option<u64> {
        let text = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        text.lines()
            .find(|l| l.starts_with(field))?
            .split_whitespace()
            .nth(1)?
            .parse()
            .ok()
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn all_committed(brokers: &str, group: &str, topic: &str) -> bool {
    let ends = kafka::end_offsets_at(brokers, topic);
    let committed = kafka::committed_at(brokers, group, topic);
    ends.iter().all(|(p, e)| committed[p] == Some(*e))
}

/// Counts, per input coordinate, the records of `topics` (output and dead
/// letters) that name it as their source.
fn by_source(records: &[kafka::Record]) -> BTreeMap<(i32, i64), usize> {
    let mut m = BTreeMap::new();
    for r in records {
        *m.entry(r.source()).or_insert(0) += 1;
    }
    m
}

/// Runs 10,000 articles through `newswire run`, killing it with SIGKILL at
/// three random points and restarting it each time, then lets it finish.
/// Returns the records read back (read_committed) from output and dead
/// letters, and the input coordinates.
async fn kill9_run(name: &str, delivery: &str) -> (Vec<kafka::Record>, Vec<(i32, i64)>) {
    // Long enough that no machine finishes the remaining records between
    // the poll that sees a kill point and the kill itself.
    const N: usize = 30_000;
    const KILLS: usize = 3;
    let names = Names::new(name);
    let brokers = kafka::brokers();
    kafka::create_topic(&names.input, 4).await;
    let coords = kafka::produce(&kafka::producer(), &names.input, &inputs(N)).await;
    let env = [
        ("NEWSWIRE_WORKER_DELIVERY", delivery),
        ("NEWSWIRE_WORKER_MAX_IN_FLIGHT", "200"),
        ("NEWSWIRE_WORKER_TRANSACTION_INTERVAL", "100ms"),
        // Fine-grained progress, so that the kill points below are reached
        // in small steps.
        ("NEWSWIRE_WORKER_COMMIT_INTERVAL", "100ms"),
    ];
    let mut rng = Rng::new();
    let mut progress = Vec::new();
    for kill in 0..KILLS {
        let mut worker = spawn(&names, &brokers, &format!("{kill}"), &env, &[]);
        // Kill at a random point once this run has committed 500 to 2,000
        // more offsets, and never more than a quarter of what is left: a run may
        // overshoot its target before the kill lands (a commit can cover
        // many records), and the next target must still be reachable and
        // mid-run however fast the machine is.
        let before: i64 = kafka::committed(&names.group, &names.input)
            .values()
            .map(|c| c.unwrap_or(0))
            .sum();
        let left = coords.len() as i64 - before;
        let target = before + (500 + rng.below(1500) as i64).min(left / 4);
        let (g, i, b) = (names.group.clone(), names.input.clone(), brokers.clone());
        let reached = tokio::task::spawn_blocking(move || {
            kafka::wait_committed_sum(&b, &g, &i, target, Duration::from_secs(120))
        })
        .await
        .unwrap();
        assert!(
            reached.is_some(),
            "run {kill} did not commit {target} offsets within 120 s\n{}",
            worker.log_text()
        );
        worker.kill9();
        let done: i64 = kafka::committed(&names.group, &names.input)
            .values()
            .map(|c| c.unwrap_or(0))
            .sum();
        progress.push(done);
        assert!(
            (done as usize) < N,
            "kill {kill} came after the end ({done} of {N} committed); the run is too short"
        );
    }
    let mut last = spawn(&names, &brokers, "final", &env, &[]);
    let (g, i, b) = (names.group.clone(), names.input.clone(), brokers.clone());
    kafka::wait_until(
        Duration::from_secs(300),
        "everything committed",
        move || all_committed(&b, &g, &i),
    )
    .await;
    let status = last.sigterm_and_wait(Duration::from_secs(60)).await;
    assert!(
        status.success(),
        "final run exits 0: {status}\n{}",
        last.log_text()
    );
    eprintln!(
        "{name} ({delivery}): {KILLS} kill -9 at committed {progress:?} of {N}, {} restarts",
        KILLS
    );
    let mut records = kafka::read_committed(&names.output);
    records.extend(kafka::read_committed(&names.dead_letter));
    (records, coords)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_least_once_kill9_three_times_mid_run_loses_nothing() {
    kafka::within(Duration::from_secs(600), async {
        let (records, coords) = kill9_run("kill-alo", "at-least-once").await;
        let seen = by_source(&records);
        let lost: Vec<_> = coords.iter().filter(|c| !seen.contains_key(c)).collect();
        let duplicates: usize = seen.values().map(|n| n - 1).sum();
        eprintln!(
            "at-least-once: {} records for {} inputs: {} distinct, {} lost, {duplicates} duplicates",
            records.len(),
            coords.len(),
            seen.len(),
            lost.len()
        );
        assert!(lost.is_empty(), "lost inputs, e.g. {:?}", &lost[..lost.len().min(5)]);
        assert_eq!(seen.len(), coords.len());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exactly_once_kill9_three_times_mid_run_shows_every_input_exactly_once() {
    kafka::within(Duration::from_secs(600), async {
        let (records, coords) = kill9_run("kill-eos", "exactly-once").await;
        let seen = by_source(&records);
        let lost: Vec<_> = coords.iter().filter(|c| !seen.contains_key(c)).collect();
        let doubled: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
        eprintln!(
            "exactly-once: {} records for {} inputs (read_committed): {} distinct, {} lost, {} duplicated",
            records.len(),
            coords.len(),
            seen.len(),
            lost.len(),
            doubled.len()
        );
        assert!(lost.is_empty(), "lost inputs, e.g. {:?}", &lost[..lost.len().min(5)]);
        assert!(
            doubled.is_empty(),
            "inputs seen more than once, e.g. {:?}",
            &doubled[..doubled.len().min(5)]
        );
        assert_eq!(records.len(), coords.len());
    })
    .await;
}

/// A broker of this test's own: its own folder under the system temp dir,
/// fixed ports, so that `down` then `up` keeps its data and its address.
#[derive(Debug, Clone)]
struct BrokerCtl {
    home: PathBuf,
    port: u16,
    controller: u16,
}

impl BrokerCtl {
    fn script() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/kafka")
    }

    fn addr(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    fn run(&self, args: &[&str]) {
        let out = Command::new(Self::script())
            .args(args)
            .env("NEWSWIRE_KAFKA_HOME", &self.home)
            .env("NEWSWIRE_KAFKA_PORT", self.port.to_string())
            .env(
                "NEWSWIRE_KAFKA_CONTROLLER_PORT",
                self.controller.to_string(),
            )
            .env("NEWSWIRE_KAFKA_HEAP", "-Xms128m -Xmx384m")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "scripts/kafka {args:?} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// `scripts/kafka up` (off the runtime).
    async fn up(&self) {
        let me = self.clone();
        tokio::task::spawn_blocking(move || me.run(&["up"]))
            .await
            .unwrap();
    }

    /// `scripts/kafka down`, keeping the data (off the runtime).
    async fn down(&self) {
        let me = self.clone();
        tokio::task::spawn_blocking(move || me.run(&["down"]))
            .await
            .unwrap();
    }
}

/// Stops and wipes the broker when the test ends, however it ends.
struct OwnBroker(BrokerCtl);

impl OwnBroker {
    fn new(name: &str) -> OwnBroker {
        let home = std::env::temp_dir().join(format!("newswire-{}", kafka::unique(name)));
        std::fs::create_dir_all(&home).unwrap();
        // Reuse the shared cache's jars when there are some (saves Maven).
        let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join(".cache/kafka");
        if let Ok(entries) = std::fs::read_dir(&shared) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if name.starts_with("libs-") && e.path().join(".complete").exists() {
                    let _ = std::os::unix::fs::symlink(e.path(), home.join(&name));
                }
            }
        }
        let port = free_port();
        let mut controller = free_port();
        while controller == port {
            controller = free_port();
        }
        OwnBroker(BrokerCtl {
            home,
            port,
            controller,
        })
    }
}

impl Drop for OwnBroker {
    fn drop(&mut self) {
        if std::env::var_os("NEWSWIRE_TEST_KEEP_BROKER").is_some() {
            eprintln!("keeping the broker in {}", self.0.home.display());
            return;
        }
        let _ = Command::new(BrokerCtl::script())
            .args(["down", "--wipe"])
            .env("NEWSWIRE_KAFKA_HOME", &self.0.home)
            .output();
        let _ = std::fs::remove_dir_all(&self.0.home);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broker_down_mid_run_worker_waits_reports_not_ready_and_resumes_without_loss() {
    kafka::within(Duration::from_secs(420), async {
        const N: usize = 10_000;
        // Between `down` returning and `up` starting; with the stop and the
        // start the broker is away for about 15-20 s.
        const OUTAGE: Duration = Duration::from_secs(7);
        // The shared broker's start fetches the jars this one reuses.
        let _ = kafka::brokers();
        let own = OwnBroker::new("outage");
        let broker = own.0.clone();
        broker.up().await;
        let addr = broker.addr();
        let names = Names::new("outage");
        kafka::create_topic_at(&addr, &names.input, 4).await;
        let coords = kafka::produce(&kafka::producer_at(&addr), &names.input, &inputs(N)).await;
        let mut worker = spawn(
            &names,
            &addr,
            "run",
            &[
                ("NEWSWIRE_WORKER_MAX_IN_FLIGHT", "200"),
                // Long enough to ride out the outage without failing a record.
                ("NEWSWIRE_RDKAFKA_MESSAGE_TIMEOUT_MS", "120000"),
            ],
            &[],
        );
        let http = worker.http;
        kafka::wait_until(Duration::from_secs(60), "/readyz 200", move || {
            http::get(http, "/readyz").is_some_and(|(s, _)| s == 200)
        })
        .await;
        let (a, o) = (addr.clone(), names.output.clone());
        kafka::wait_until(Duration::from_secs(120), "a first share of outputs", move || {
            kafka::end_offsets_at(&a, &o).values().sum::<i64>() >= 1500
        })
        .await;

        // The outage.
        let log_before = worker.log_text().lines().count();
        let stopped = Instant::now();
        broker.down().await;
        let down_at = Instant::now();
        let mut not_ready = None;
        while down_at.elapsed() < OUTAGE {
            let r = tokio::task::spawn_blocking(move || http::get(http, "/readyz"))
                .await
                .unwrap();
            if let Some((503, body)) = r {
                not_ready.get_or_insert((stopped.elapsed(), body));
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        let during = worker.log_text();
        let outage_lines: Vec<&str> = during.lines().skip(log_before).collect();
        broker.up().await;
        let outage = stopped.elapsed();
        let restarted = Instant::now();
        let (ready_after, body) = not_ready.expect("/readyz reported not ready during the outage");
        assert!(body.contains("broker unreachable"), "{body}");
        // A restarted broker and the group's rejoin take longer on a loaded
        // machine; should readiness never come back, the worker's own log
        // says why.
        let deadline = restarted + Duration::from_secs(180);
        loop {
            let ready = tokio::task::spawn_blocking(move || {
                http::get(http, "/readyz").is_some_and(|(s, _)| s == 200)
            })
            .await
            .unwrap();
            if ready {
                break;
            }
            if Instant::now() >= deadline {
                let log = worker.log_text();
                let tail: Vec<&str> = log.lines().rev().take(40).collect();
                let tail: Vec<&str> = tail.into_iter().rev().collect();
                panic!(
                    "/readyz not 200 {:?} after the broker came back; the worker's log ends:\n{}",
                    restarted.elapsed(),
                    tail.join("\n")
                );
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        let ready_again = restarted.elapsed();
        let (a, g, i) = (addr.clone(), names.group.clone(), names.input.clone());
        kafka::wait_until(Duration::from_secs(240), "everything committed", move || {
            all_committed(&a, &g, &i)
        })
        .await;
        let status = worker.sigterm_and_wait(Duration::from_secs(60)).await;
        assert!(status.success(), "{}", worker.log_text());

        let mut records = kafka::read_all_at(&addr, &names.output);
        records.extend(kafka::read_all_at(&addr, &names.dead_letter));
        let seen = by_source(&records);
        let lost = coords.iter().filter(|c| !seen.contains_key(c)).count();
        let log = worker.log_text();
        eprintln!(
            "outage {outage:.1?}: /readyz 503 {ready_after:.1?} after the stop ({body:?}), 200 again \
             {ready_again:.1?} after the restart; {} log lines during the outage; \
             {} records for {N} inputs, {lost} lost, {} duplicates",
            outage_lines.len(),
            records.len(),
            records.len() - seen.len()
        );
        for l in &outage_lines {
            eprintln!("  outage log: {}", &l[..l.len().min(240)]);
        }
        assert_eq!(lost, 0, "inputs lost across the outage");
        assert!(
            outage_lines.len() <= 40,
            "{} log lines in a {outage:?} outage: flooding",
            outage_lines.len()
        );
        assert!(
            during.contains("no broker reachable"),
            "the log says the broker went away"
        );
        assert!(log.contains("broker reachable again"), "and that it came back");
    })
    .await;
}

async fn poison(name: &str, delivery: &str) {
    let names = Names::new(name);
    kafka::create_topic(&names.input, 1).await;
    let mut batch: Vec<Input> = inputs(41)
        .into_iter()
        .map(|mut i| {
            if i.value
                .as_deref()
                .is_some_and(|v| v.starts_with(b"not json"))
            {
                i.value = Some(article(9999));
            }
            i
        })
        .collect();
    batch[20].value = Some(br#"{"id":"poison","body":"PANIC in the core"}"#.to_vec());
    let producer = kafka::producer();
    kafka::produce(&producer, &names.input, &batch).await;
    let settings = || {
        kafka::settings(
            &names,
            &[
                ("worker.delivery", delivery),
                ("worker.instance_id", "poison-1"),
            ],
        )
    };
    let engine = || Arc::new(enrichers::PanicsOnMarker);
    let (g, i) = (names.group.clone(), names.input.clone());
    let first = Worker::start(settings(), engine());
    kafka::wait_until(Duration::from_secs(60), "41 committed", move || {
        kafka::committed(&g, &i)[&0] == Some(41)
    })
    .await;
    first
        .stop()
        .await
        .expect("the worker kept going after the panic");
    // A restart must not see the poison message again.
    let second = Worker::start(settings(), engine());
    kafka::produce(
        &producer,
        &names.input,
        &[Input {
            value: Some(article(7)),
            ..Input::default()
        }],
    )
    .await;
    let (g, i) = (names.group.clone(), names.input.clone());
    kafka::wait_until(Duration::from_secs(60), "42 committed", move || {
        kafka::committed(&g, &i)[&0] == Some(42)
    })
    .await;
    let consumed_again = second
        .telemetry
        .totals(&newswire::telemetry::summary::SummaryTopics {
            input: names.input.clone(),
            output: names.output.clone(),
            dead_letter: names.dead_letter.clone(),
        });
    second.stop().await.expect("clean stop");
    assert_eq!(
        consumed_again.consumed, 1,
        "the restart read only the new record"
    );
    assert_eq!(consumed_again.dead_lettered, 0);
    let dead = kafka::read_committed(&names.dead_letter);
    assert_eq!(dead.len(), 1, "the poison message is dead-lettered once");
    assert_eq!(dead[0].header("newswire.error.class"), Some("enrich_panic"));
    assert_eq!(dead[0].source(), (0, 20));
    assert_eq!(kafka::read_committed(&names.output).len(), 41);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_poison_message_is_dead_lettered_once_and_not_reprocessed_after_a_restart() {
    kafka::within(
        Duration::from_secs(180),
        poison("poison-alo", "at-least-once"),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exactly_once_a_poison_message_is_dead_lettered_once_in_the_transaction() {
    kafka::within(
        Duration::from_secs(180),
        poison("poison-eos", "exactly-once"),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_throttled_producer_pauses_consumption_and_memory_stays_bounded() {
    kafka::within(Duration::from_secs(300), async {
        const N: usize = 10_000;
        let names = Names::new("slow");
        kafka::create_topic(&names.input, 4).await;
        kafka::produce(&kafka::producer(), &names.input, &inputs(N)).await;
        // The producer may hold 5 records, sent once they are a second old:
        // about 5 records/s out, against a 10,000-record backlog in.
        let mut worker = spawn(
            &names,
            &kafka::brokers(),
            "run",
            &[("NEWSWIRE_WORKER_MAX_IN_FLIGHT", "100")],
            &[
                "--set",
                "kafka.producer.queue.buffering.max.messages=5",
                "--set",
                "kafka.producer.linger.ms=1000",
            ],
        );
        let http = worker.http;
        kafka::wait_until(Duration::from_secs(60), "/readyz 200", move || {
            http::get(http, "/readyz").is_some_and(|(s, _)| s == 200)
        })
        .await;
        let started = Instant::now();
        let mut samples: Vec<(Duration, u64)> = Vec::new();
        while started.elapsed() < Duration::from_secs(15) {
            if let Some(rss) = worker.status_kib("VmRSS:") {
                samples.push((started.elapsed(), rss));
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        let hwm = worker.status_kib("VmHWM:").expect("VmHWM");
        let metrics = tokio::task::spawn_blocking(move || http::get(http, "/metrics"))
            .await
            .unwrap()
            .expect("/metrics")
            .1;
        let out = kafka::count(&names.output) + kafka::count(&names.dead_letter);
        worker.kill9();
        let rss_at = |from: u64, to: u64| {
            samples
                .iter()
                .filter(|(t, _)| (from..to).contains(&t.as_secs()))
                .map(|(_, r)| *r)
                .max()
                .unwrap_or(0)
        };
        let (early, late) = (rss_at(3, 8), rss_at(8, 16));
        let metric = |name: &str| {
            metrics
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_whitespace().last())
                .and_then(|v| v.parse::<f64>().ok())
                .unwrap_or(-1.0)
        };
        let pauses = metric("newswire_backpressure_pauses_total");
        let in_flight = metric("newswire_in_flight_messages");
        eprintln!(
            "slow output: {out} of {N} records out in 15s; peak RSS (VmHWM) {} MiB; RSS max \
             3-8s {} MiB, 8-15s {} MiB; backpressure pauses {pauses}; in flight {in_flight}",
            hwm / 1024,
            early / 1024,
            late / 1024
        );
        let consumed = metric(&format!(
            "newswire_messages_consumed_total{{topic=\"{}\"}}",
            names.input
        ));
        eprintln!("consumed {consumed} while {out} went out");
        assert!(out < 500, "the producer was throttled ({out} out)");
        assert!(
            consumed <= out as f64 + 100.0 + 10.0,
            "consumption follows output within the in-flight bound: {consumed} consumed, {out} out"
        );
        assert!(pauses >= 1.0, "consumption paused:\n{metrics}");
        assert!(in_flight <= 100.0, "in flight {in_flight}");
        assert!(hwm < 400 * 1024, "peak RSS {} MiB", hwm / 1024);
        assert!(
            late <= early + 32 * 1024,
            "RSS grew from {} to {} MiB while output was throttled",
            early / 1024,
            late / 1024
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exactly_once_a_second_instance_with_the_same_id_fences_the_first_which_stops_cleanly() {
    kafka::within(Duration::from_secs(300), async {
        const N: usize = 3000;
        let names = Names::new("fence");
        kafka::create_topic(&names.input, 2).await;
        let coords = kafka::produce(&kafka::producer(), &names.input, &inputs(N)).await;
        let settings = || {
            kafka::settings(
                &names,
                &[
                    ("worker.delivery", "exactly-once"),
                    ("worker.instance_id", "same"),
                    ("worker.max_in_flight", "50"),
                ],
            )
        };
        // Slow enough that the first is mid-run when the second starts.
        let slow = || Arc::new(enrichers::Slow(Duration::from_millis(2))) as Arc<dyn Enricher>;
        let first = Worker::start(settings(), slow());
        let (g, i) = (names.group.clone(), names.input.clone());
        kafka::wait_until(Duration::from_secs(60), "the first commits", move || {
            kafka::committed(&g, &i).values().any(|c| c.is_some())
        })
        .await;
        let second = Worker::start(settings(), slow());
        match first.join(Duration::from_secs(90)).await {
            Err(newswire::pipeline::PipelineError::Fenced {
                transactional_id, ..
            }) => assert_eq!(transactional_id, format!("newswire-{}-same", names.group)),
            other => panic!("expected the first worker to stop fenced, got {other:?}"),
        }
        let (g, i) = (names.group.clone(), names.input.clone());
        kafka::wait_until(
            Duration::from_secs(180),
            "everything committed",
            move || all_committed(&kafka::brokers(), &g, &i),
        )
        .await;
        second.stop().await.expect("the second stops cleanly");
        let mut records = kafka::read_committed(&names.output);
        records.extend(kafka::read_committed(&names.dead_letter));
        let seen = by_source(&records);
        eprintln!(
            "fencing: {} records for {N} inputs (read_committed), {} distinct",
            records.len(),
            seen.len()
        );
        assert!(
            coords.iter().all(|c| seen.contains_key(c)),
            "an input was lost"
        );
        assert_eq!(records.len(), N, "an input was seen twice");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exactly_once_a_failing_produce_aborts_rewinds_and_retries_then_stops_with_nothing_visible()
{
    kafka::within(Duration::from_secs(180), async {
        let names = Names::new("abort");
        for t in [&names.input, &names.output, &names.dead_letter] {
            kafka::create_topic(t, 1).await;
        }
        let settings = kafka::settings(
            &names,
            &[
                ("topics.create", "false"),
                ("worker.delivery", "exactly-once"),
                ("worker.instance_id", "abort-1"),
                ("kafka.producer.message.timeout.ms", "2000"),
            ],
        );
        let worker = Worker::start(settings, Arc::new(enrichers::Slow(Duration::ZERO)));
        let good = |i: usize| Input {
            value: Some(article(i)),
            ..Input::default()
        };
        let producer = kafka::producer();
        kafka::produce(&producer, &names.input, &[good(0)]).await;
        let (g, i) = (names.group.clone(), names.input.clone());
        kafka::wait_until(
            Duration::from_secs(60),
            "the first record committed",
            move || kafka::committed(&g, &i)[&0] == Some(1),
        )
        .await;
        // The dead-letter topic goes away; a bad record and a good one follow.
        kafka::delete_topic(&names.dead_letter).await;
        let bad = Input {
            value: Some(b"not json".to_vec()),
            ..Input::default()
        };
        kafka::produce(&producer, &names.input, &[good(1), bad, good(2)]).await;
        let telemetry = worker.telemetry.clone();
        match worker.join(Duration::from_secs(120)).await {
            Err(newswire::pipeline::PipelineError::Transaction(why)) => {
                assert!(why.contains("5 transactions aborted in a row"), "{why}")
            }
            other => panic!("expected the worker to stop after 5 aborts, got {other:?}"),
        }
        let aborted = telemetry.metrics().transactions_aborted.get();
        eprintln!("aborted transactions: {aborted}");
        assert!(aborted >= 5, "{aborted} aborts");
        assert_eq!(
            kafka::committed(&names.group, &names.input)[&0],
            Some(1),
            "nothing past the failing record is committed"
        );
        // Record 1 was produced in every aborted transaction (before the
        // dead letter that failed): a read_committed reader never sees it.
        let visible = kafka::read_committed(&names.output);
        assert_eq!(visible.len(), 1, "only the first record is visible");
        assert_eq!(visible[0].source(), (0, 0));
        assert!(
            kafka::count(&names.output) > 2,
            "the aborted records were written"
        );
    })
    .await;
}
