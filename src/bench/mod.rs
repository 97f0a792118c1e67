//! `newswire bench`: the end-to-end benchmark. Articles go into a broker,
//! the worker (`newswire run`, a child process) enriches them, a reader
//! watches the output; the same workload runs with enrichment on and with
//! the worker passing records through (`worker.enrich = false`), so that the
//! ratio shows what enrichment costs against the pipe itself.
//!
//! One run, per delivery mode and per enrichment setting:
//!
//! ```text
//!  0. once per delivery mode, before any run is measured: a warm-up run
//!     (pass-through, `--warmup` articles, discarded)
//!  1. fresh input, output and dead-letter topics
//!  2. backlog: N articles produced to the input, acknowledged
//!  3. the worker starts: `newswire run --set worker.enrich=... --set worker.delivery=...`
//!     throughput = N / (last output seen − first output seen)
//!  4. paced: R articles/s for D, each with its send time in a header;
//!     latency = seen by the reader − sent (p50, p90, p99, max)
//!  5. the worker's peak RSS (VmHWM) read from /proc; SIGTERM; topics deleted
//! ```
//!
//! Why a warm-up: a broker on the JVM interprets its code at first and
//! compiles the hot paths (produce, fetch, transactions) as they run. Without
//! a warm-up the first measured run — always enrichment on — pays for that
//! compilation in broker CPU on the same cores, and its ratio with the
//! second run is skewed.
//!
//! Throughput and latency count only what a consumer of the output can see:
//! records acknowledged by the broker and, for exactly-once, committed. The
//! runs alternate (on, off, on, off for two delivery modes) so that a change
//! in the machine's load touches both sides of a ratio alike.
//!
//! Why a child process: peak RSS and CPU time are then the worker's own,
//! not the benchmark's producer and reader; and it is the binary as
//! deployed, configured the way an operator would.
//!
//! Layout: [`workload`] (the articles), [`broker`] (the broker and topics),
//! [`traffic`] (producer and reader), [`procfs`] (memory and CPU from
//! `/proc`), [`report`] (the findings).

pub mod broker;
pub mod procfs;
pub mod report;
pub mod traffic;
pub mod workload;

use std::collections::HashMap;
use std::fs::File;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use broker::Broker;
use procfs::CpuMark;
use report::{Backlog, Comparison, Latency, Machine, Paced, Report, Run, WorkloadInfo};
use traffic::{Reader, Seen, BACKLOG_PREFIX, PACED_PREFIX};
use workload::Workload;

use crate::config::Delivery;

/// Target: enrichment-on throughput over pass-through throughput.
pub const THROUGHPUT_TARGET: f64 = 0.8;
/// Target: p99 latency at 1,000 articles/s, milliseconds.
pub const P99_TARGET_MS: f64 = 50.0;

/// What to run.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Brokers; `None` starts the local one with `kafka_script`.
    pub brokers: Option<String>,
    /// The local broker's control script.
    pub kafka_script: PathBuf,
    /// Leave a local broker this benchmark started running.
    pub keep_broker: bool,
    /// The `newswire` binary to run as the worker.
    pub worker_bin: PathBuf,
    /// Records in each run's backlog.
    pub articles: usize,
    /// Records of the unmeasured warm-up run per delivery mode (0: none).
    pub warmup: usize,
    /// Records per second in the paced phase (0: none).
    pub rate: u32,
    /// Length of the paced phase.
    pub duration: Duration,
    /// Delivery modes, each run with enrichment on and off.
    pub deliveries: Vec<Delivery>,
    /// Enrichment settings to run: `[true, false]` for the comparison.
    pub enrich: Vec<bool>,
    /// Partitions of the topics.
    pub partitions: i32,
    /// Article files; empty: the default ones.
    pub inputs: Vec<PathBuf>,
    /// Extra worker settings, `section.key=value` (passed as `--set`).
    pub worker_settings: Vec<String>,
    /// Where the workers' logs go.
    pub log_dir: PathBuf,
    /// How long to wait for the last record of a phase.
    pub patience: Duration,
}

/// Runs the plan; `progress` receives one line per step.
pub async fn run(plan: &Plan, progress: &dyn Fn(&str)) -> Result<Report, String> {
    let workload = Workload::load(&plan.inputs)?;
    let load_at_start = procfs::load_average();
    let broker = match &plan.brokers {
        Some(b) => Broker::given(b),
        None => {
            progress(&format!(
                "starting the local broker ({} up)",
                plan.kafka_script.display()
            ));
            Broker::local(&plan.kafka_script)?
        }
    };
    let broker_pid = broker.local_pid();
    let brokers = broker.address.clone();
    let mut runs = Vec::new();
    let mut failure = warm_up(plan, &broker, broker_pid, &workload, progress)
        .await
        .err();
    'all: for delivery in &plan.deliveries {
        for enrich in &plan.enrich {
            if failure.is_some() {
                break 'all;
            }
            match one_run(
                plan, &broker, broker_pid, &workload, *delivery, *enrich, progress,
            )
            .await
            {
                Ok(r) => runs.push(r),
                Err(e) => failure = Some(e),
            }
        }
    }
    if let Some(note) = broker.finish(plan.keep_broker) {
        progress(&note);
    }
    if let Some(e) = failure {
        return Err(e);
    }
    let comparisons = plan
        .deliveries
        .iter()
        .filter_map(|d| {
            let name = delivery_name(*d);
            let on = runs.iter().find(|r| r.enrich && r.delivery == name)?;
            let off = runs.iter().find(|r| !r.enrich && r.delivery == name)?;
            Some(Comparison {
                delivery: name.to_owned(),
                throughput_ratio: on.backlog.articles_per_second / off.backlog.articles_per_second,
                throughput_target: THROUGHPUT_TARGET,
                p99_ms: on.paced.as_ref().map(|p| p.latency_ms.p99),
                p99_target_ms: P99_TARGET_MS,
            })
        })
        .collect();
    Ok(Report {
        machine: Machine {
            cpus: std::thread::available_parallelism().map_or(1, |n| n.get()),
            cpu_model: procfs::cpu_model(),
            memory_gib: procfs::mem_total().map(|b| b as f64 / (1u64 << 30) as f64),
            load_at_start,
            load_at_end: procfs::load_average(),
            brokers,
            broker_pid,
        },
        workload: WorkloadInfo {
            sources: workload.sources.clone(),
            source_articles: workload.len(),
            backlog_articles: plan.articles,
            warmup_articles: plan.warmup,
            paced_rate: plan.rate,
            paced_seconds: plan.duration.as_secs_f64(),
            partitions: plan.partitions,
        },
        complete: runs.iter().all(|r| r.complete),
        runs,
        comparisons,
    })
}

/// Runs `plan.warmup` articles through a pass-through worker once per
/// delivery mode, measuring nothing (see the module's notes).
async fn warm_up(
    plan: &Plan,
    broker: &Broker,
    broker_pid: Option<u32>,
    workload: &Workload,
    progress: &dyn Fn(&str),
) -> Result<(), String> {
    if plan.warmup == 0 {
        return Ok(());
    }
    let warm = Plan {
        articles: plan.warmup,
        rate: 0,
        ..plan.clone()
    };
    for delivery in &plan.deliveries {
        progress(&format!(
            "warm-up: {} articles, {}, not measured",
            warm.articles,
            delivery_name(*delivery)
        ));
        one_run(
            &warm,
            broker,
            broker_pid,
            workload,
            *delivery,
            false,
            &|_| {},
        )
        .await
        .map_err(|e| format!("warm-up: {e}"))?;
    }
    Ok(())
}

fn delivery_name(d: Delivery) -> &'static str {
    match d {
        Delivery::AtLeastOnce => "at-least-once",
        Delivery::ExactlyOnce => "exactly-once",
    }
}

/// The worker, running.
struct Worker {
    child: Child,
    command: String,
    log: PathBuf,
}

impl Worker {
    fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Fails when the worker has exited (it must run until stopped).
    fn check_alive(&mut self) -> Result<(), String> {
        match self.child.try_wait() {
            Ok(None) => Ok(()),
            Ok(Some(status)) => Err(format!(
                "the worker exited early ({status}); its log: {}\n{}",
                self.log.display(),
                tail(&self.log)
            )),
            Err(e) => Err(format!("cannot check on the worker: {e}")),
        }
    }

    /// SIGTERM, then waits for the graceful stop (SIGKILL past `patience`).
    fn stop(mut self, patience: Duration) -> String {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + patience;
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) => return status.to_string(),
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(50))
                }
                _ => {
                    let _ = self.child.kill();
                    let _ = self.child.wait();
                    return format!("did not stop within {patience:?} of SIGTERM: killed");
                }
            }
        }
    }
}

fn tail(path: &PathBuf) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(20)..].join("\n")
}

/// Starts `newswire run` on the run's topics. `NEWSWIRE_*` variables of
/// this process are not passed on: the worker runs with the built-in
/// defaults and exactly the flags shown in the report.
fn start_worker(
    plan: &Plan,
    broker: &Broker,
    topics: &Topics,
    delivery: Delivery,
    enrich: bool,
) -> Result<Worker, String> {
    let mut args: Vec<String> = vec![
        "run".into(),
        "--brokers".into(),
        broker.address.clone(),
        "--group".into(),
        topics.group.clone(),
        "--input-topic".into(),
        topics.input.clone(),
        "--output-topic".into(),
        topics.output.clone(),
        "--dead-letter-topic".into(),
        topics.dead_letter.clone(),
        "--http-listen".into(),
        String::new(),
        "--set".into(),
        format!("worker.enrich={enrich}"),
        "--set".into(),
        format!("worker.delivery={}", delivery_name(delivery)),
        "--set".into(),
        format!("worker.instance_id={}", topics.group),
    ];
    for s in &plan.worker_settings {
        args.push("--set".into());
        args.push(s.clone());
    }
    std::fs::create_dir_all(&plan.log_dir)
        .map_err(|e| format!("cannot create {}: {e}", plan.log_dir.display()))?;
    let log = plan.log_dir.join(format!("{}.log", topics.group));
    let mut command = Command::new(&plan.worker_bin);
    command
        .args(&args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(File::create(&log).map_err(|e| format!("cannot create {}: {e}", log.display()))?);
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("NEWSWIRE_") {
            command.env_remove(name);
        }
    }
    let child = command
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", plan.worker_bin.display()))?;
    let shown: Vec<String> = args
        .iter()
        .map(|a| {
            if a.is_empty() || a.contains(' ') {
                format!("{a:?}")
            } else {
                a.clone()
            }
        })
        .collect();
    Ok(Worker {
        child,
        command: format!("{} {}", plan.worker_bin.display(), shown.join(" ")),
        log,
    })
}

/// One run's topic and group names.
struct Topics {
    input: String,
    output: String,
    dead_letter: String,
    group: String,
}

impl Topics {
    fn new(delivery: Delivery, enrich: bool) -> Topics {
        let base = format!(
            "bench-{}-{}-{}-{}",
            std::process::id(),
            traffic::now_us() % 1_000_000_000,
            if delivery == Delivery::AtLeastOnce {
                "alo"
            } else {
                "eos"
            },
            if enrich { "on" } else { "off" }
        );
        Topics {
            input: format!("{base}.in"),
            output: format!("{base}.out"),
            dead_letter: format!("{base}.dlq"),
            group: base,
        }
    }
}

/// Waits until `done` holds, failing when the worker exits or `patience`
/// runs out.
async fn wait_for(
    worker: &mut Worker,
    patience: Duration,
    what: &str,
    done: impl Fn() -> bool,
) -> Result<(), String> {
    let deadline = Instant::now() + patience;
    while !done() {
        worker.check_alive()?;
        if Instant::now() > deadline {
            return Err(format!("{what}: not done within {patience:?}"));
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    Ok(())
}

/// Distinct ids with `prefix`, and how many records beyond them.
fn tally(seen: &[Seen], prefix: &str) -> (usize, usize) {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for s in seen.iter().filter(|s| s.id.starts_with(prefix)) {
        *counts.entry(s.id.as_str()).or_default() += 1;
    }
    let total: usize = counts.values().sum();
    (counts.len(), total - counts.len())
}

#[allow(clippy::too_many_arguments)]
async fn one_run(
    plan: &Plan,
    broker: &Broker,
    broker_pid: Option<u32>,
    workload: &Workload,
    delivery: Delivery,
    enrich: bool,
    progress: &dyn Fn(&str),
) -> Result<Run, String> {
    let name = format!(
        "{}, {}",
        if enrich { "enrich on" } else { "pass-through" },
        delivery_name(delivery)
    );
    let topics = Topics::new(delivery, enrich);
    broker
        .create_topics(
            &[&topics.input, &topics.output, &topics.dead_letter],
            plan.partitions,
        )
        .await?;
    let result = measure(
        plan, broker, broker_pid, workload, delivery, enrich, &name, &topics, progress,
    )
    .await;
    if let Err(e) = broker
        .delete_topics(&[&topics.input, &topics.output, &topics.dead_letter])
        .await
    {
        progress(&format!("{name}: {e}"));
    }
    result
}

#[allow(clippy::too_many_arguments)]
async fn measure(
    plan: &Plan,
    broker: &Broker,
    broker_pid: Option<u32>,
    workload: &Workload,
    delivery: Delivery,
    enrich: bool,
    name: &str,
    topics: &Topics,
    progress: &dyn Fn(&str),
) -> Result<Run, String> {
    let producer = traffic::producer(broker.client_config())?;
    progress(&format!(
        "{name}: producing the backlog of {} articles",
        plan.articles
    ));
    let backlog = traffic::backlog(&producer, &topics.input, workload, plan.articles).await?;
    let reader = Reader::start(broker.client_config(), &topics.output, plan.partitions)?;
    let mut worker = start_worker(plan, broker, topics, delivery, enrich)?;
    let started_us = traffic::now_us();
    progress(&format!(
        "{name}: worker started (pid {}), draining the backlog",
        worker.pid()
    ));
    let counts = std::sync::Arc::clone(&reader.counts);
    let n = plan.articles;
    // CPU is counted from the first output on, so that start-up (loading
    // the engine, joining the group) is not charged to the articles.
    let mut drained = wait_for(&mut worker, plan.patience, "the first output", || {
        counts.backlog.load(Ordering::Relaxed) >= 1
    })
    .await;
    let mark0 = CpuMark::now(worker.pid(), broker_pid);
    if drained.is_ok() {
        drained = wait_for(&mut worker, plan.patience, "the backlog", || {
            counts.backlog.load(Ordering::Relaxed) >= n
        })
        .await;
    }
    let mark1 = CpuMark::now(worker.pid(), broker_pid);
    let mut paced_marks = None;
    let mut paced_sent = None;
    let mut outcome = drained;
    if outcome.is_ok() && plan.rate > 0 {
        tokio::time::sleep(Duration::from_secs(1)).await;
        progress(&format!(
            "{name}: paced phase, {}/s for {:?}",
            plan.rate, plan.duration
        ));
        let m2 = CpuMark::now(worker.pid(), broker_pid);
        let paced = traffic::paced(
            &producer,
            &topics.input,
            workload,
            plan.articles,
            plan.rate,
            plan.duration,
        )
        .await;
        outcome = match paced {
            Ok(p) => {
                let sent = p.records;
                paced_sent = Some(p);
                wait_for(&mut worker, plan.patience, "the paced records", || {
                    counts.paced.load(Ordering::Relaxed) >= sent
                })
                .await
            }
            Err(e) => Err(e),
        };
        paced_marks = Some((m2, CpuMark::now(worker.pid(), broker_pid)));
    }
    let peak_rss = procfs::peak_rss(worker.pid());
    let command = worker.command.clone();
    let log = worker.log.display().to_string();
    let exit = if outcome.is_ok() {
        worker.stop(Duration::from_secs(60))
    } else {
        let e = worker.check_alive().err();
        let stopped = worker.stop(Duration::from_secs(60));
        e.unwrap_or(stopped)
    };
    let seen = reader.finish()?;
    if let Err(e) = outcome {
        progress(&format!("{name}: {e}"));
    }
    let dead_letters = broker.count(&topics.dead_letter).ok();

    let backlog_seen: Vec<&Seen> = seen
        .iter()
        .filter(|s| s.id.starts_with(BACKLOG_PREFIX))
        .collect();
    let (out, duplicates) = tally(&seen, BACKLOG_PREFIX);
    let first = backlog_seen.iter().map(|s| s.seen_us).min().unwrap_or(0);
    let last = backlog_seen.iter().map(|s| s.seen_us).max().unwrap_or(0);
    let seconds = (last - first) as f64 / 1e6;
    let cpu = mark0.until(&mark1);
    let per_article =
        |cpu_s: Option<f64>, n: usize| cpu_s.filter(|_| n > 0).map(|c| c * 1000.0 / n as f64);
    let backlog_report = Backlog {
        articles: backlog.records,
        input_bytes: backlog.bytes,
        output_bytes: backlog_seen.iter().map(|s| s.bytes as u64).sum(),
        out,
        missing: backlog.records.saturating_sub(out),
        duplicates,
        seconds_from_start: (last - started_us).max(0) as f64 / 1e6,
        seconds,
        articles_per_second: if seconds > 0.0 {
            out as f64 / seconds
        } else {
            0.0
        },
        mb_per_second: if seconds > 0.0 {
            backlog.bytes as f64 / 1e6 / seconds
        } else {
            0.0
        },
        worker_cpu_ms_per_article: per_article(cpu.worker_seconds, out),
        cpu,
    };
    let paced_report = match (paced_sent, paced_marks) {
        (Some(p), Some((m2, m3))) => {
            let (out, duplicates) = tally(&seen, PACED_PREFIX);
            let mut first_seen: HashMap<&str, f64> = HashMap::new();
            for s in seen.iter().filter(|s| s.id.starts_with(PACED_PREFIX)) {
                if let Some(sent) = s.sent_us {
                    first_seen
                        .entry(s.id.as_str())
                        .or_insert((s.seen_us - sent) as f64 / 1000.0);
                }
            }
            let cpu = m2.until(&m3);
            Some(Paced {
                target_rate: plan.rate,
                sent: p.records,
                sent_rate: p.records as f64 / p.sending.as_secs_f64().max(1e-9),
                out,
                missing: p.records.saturating_sub(out),
                duplicates,
                latency_ms: Latency::of(first_seen.into_values().collect()),
                worker_cpu_ms_per_article: per_article(cpu.worker_seconds, out),
                cpu,
            })
        }
        _ => None,
    };
    let complete = backlog_report.missing == 0
        && (plan.rate == 0 || paced_report.as_ref().is_some_and(|p| p.missing == 0));
    progress(&format!(
        "{name}: backlog {:.0} articles/s; {}worker {exit}",
        backlog_report.articles_per_second,
        paced_report.as_ref().map_or_else(String::new, |p| format!(
            "paced p50 {:.1} ms p99 {:.1} ms; ",
            p.latency_ms.p50, p.latency_ms.p99
        ))
    ));
    Ok(Run {
        name: name.to_owned(),
        enrich,
        delivery: delivery_name(delivery).to_owned(),
        worker_command: command,
        worker_log: log,
        backlog: backlog_report,
        paced: paced_report,
        dead_letters,
        peak_rss_mib: peak_rss.map(|b| b as f64 / (1u64 << 20) as f64),
        worker_exit: exit,
        complete,
    })
}
