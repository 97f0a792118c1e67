//! `newswire run` and `newswire config` as processes: SIGTERM in the middle
//! of a run, restart, and configuration errors at start.

mod support;

use std::collections::BTreeSet;
use std::fs::File;
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use support::articles;
use support::kafka::{self, Input, Names};

fn article(i: usize) -> Vec<u8> {
    articles::sample("p", i)
}

fn log_path(names: &Names, run: &str) -> PathBuf {
    std::env::temp_dir().join(format!("{}-{run}.log", names.group))
}

/// Starts `newswire run` configured through NEWSWIRE_* variables, logging
/// JSON to a file.
fn spawn_worker(names: &Names, log: &PathBuf) -> Child {
    Command::new(support::newswire_bin())
        .arg("run")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("NEWSWIRE_BROKERS", kafka::brokers())
        .env("NEWSWIRE_TOPICS_INPUT", &names.input)
        .env("NEWSWIRE_TOPICS_OUTPUT", &names.output)
        .env("NEWSWIRE_TOPICS_DEAD_LETTER", &names.dead_letter)
        .env("NEWSWIRE_TOPICS_CREATE", "true")
        .env("NEWSWIRE_CONSUMER_GROUP", &names.group)
        .env("NEWSWIRE_TELEMETRY_HTTP_LISTEN", "127.0.0.1:0")
        .env("NEWSWIRE_TELEMETRY_LOG_FORMAT", "json")
        .env("NEWSWIRE_TELEMETRY_SUMMARY_INTERVAL", "1s")
        .env("NEWSWIRE_WORKER_MAX_IN_FLIGHT", "100")
        .env("NEWSWIRE_WORKER_ENRICH_THREADS", "2")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(File::create(log).unwrap())
        .spawn()
        .expect("newswire run starts")
}

fn sigterm(child: &Child) {
    let ok = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok, "kill -TERM");
}

async fn wait_exit(child: &mut Child, limit: Duration) -> ExitStatus {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("newswire run did not exit within {limit:?} of SIGTERM");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The JSON log lines of a run (every line must be JSON).
fn json_log(path: &PathBuf) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str(l).unwrap_or_else(|e| panic!("log line {l:?} is not JSON: {e}"))
        })
        .collect()
}

fn logged(lines: &[Value], needle: &str) -> bool {
    lines
        .iter()
        .any(|l| l["message"].as_str().is_some_and(|m| m.contains(needle)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_mid_run_then_restart_loses_nothing_and_committed_offsets_match() {
    kafka::within(Duration::from_secs(600), async {
        const N: usize = 6000;
        let names = Names::new("sigterm");
        kafka::create_topic(&names.input, 4).await;
        let inputs: Vec<Input> = (0..N)
            .map(|i| Input {
                key: Some(format!("k{i}").into_bytes()),
                value: Some(article(i)),
                ..Input::default()
            })
            .collect();
        let coords = kafka::produce(&kafka::producer(), &names.input, &inputs).await;

        // First run: SIGTERM once some output is out.
        let log1 = log_path(&names, "1");
        let mut child = spawn_worker(&names, &log1);
        let out = names.output.clone();
        kafka::wait_until(Duration::from_secs(120), "first outputs", move || {
            kafka::count(&out) >= 300
        })
        .await;
        sigterm(&child);
        let signalled = Instant::now();
        let status = wait_exit(&mut child, Duration::from_secs(60)).await;
        let stop_took = signalled.elapsed();
        assert!(status.success(), "graceful stop exits 0, got {status}");
        let lines = json_log(&log1);
        assert!(logged(&lines, "SIGTERM received"));
        assert!(logged(&lines, "offsets committed"));
        assert!(logged(&lines, "newswire stopped cleanly"));

        // Committed offsets match what was produced: every input below the
        // committed offset has its output, none at or above it does.
        let committed = kafka::committed(&names.group, &names.input);
        let outputs = kafka::read_all(&names.output);
        let mut done = 0;
        for (p, c) in &committed {
            let c = c.unwrap_or(0);
            done += c;
            let sources: BTreeSet<i64> = outputs
                .iter()
                .map(kafka::Record::source)
                .filter(|(sp, _)| sp == p)
                .map(|(_, o)| o)
                .collect();
            let expected: BTreeSet<i64> = (0..c).collect();
            assert_eq!(
                sources, expected,
                "partition {p}: outputs vs committed offset {c}"
            );
        }
        assert!(
            (done as usize) < N,
            "the SIGTERM came mid-run ({done} of {N} done)"
        );
        eprintln!("first run: {done} of {N} done and committed; stop took {stop_took:.1?}");

        // Second run: resumes from the committed offsets and finishes.
        let log2 = log_path(&names, "2");
        let mut child = spawn_worker(&names, &log2);
        let (group, input) = (names.group.clone(), names.input.clone());
        kafka::wait_until(
            Duration::from_secs(400),
            "everything committed",
            move || {
                let ends = kafka::end_offsets(&input);
                let committed = kafka::committed(&group, &input);
                ends.iter().all(|(p, e)| committed[p] == Some(*e))
            },
        )
        .await;
        sigterm(&child);
        assert!(wait_exit(&mut child, Duration::from_secs(60))
            .await
            .success());
        let outputs = kafka::read_all(&names.output);
        let sources: BTreeSet<(i32, i64)> = outputs.iter().map(kafka::Record::source).collect();
        for c in &coords {
            assert!(sources.contains(c), "input {c:?} has no output");
        }
        eprintln!(
            "after restart: {} outputs for {N} inputs ({} duplicates)",
            outputs.len(),
            outputs.len() - N
        );
        assert_eq!(kafka::count(&names.dead_letter), 0);
        let _ = std::fs::remove_file(log1);
        let _ = std::fs::remove_file(log2);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_topic_stops_the_worker_at_start_naming_it_and_no_secret_is_logged() {
    kafka::within(Duration::from_secs(60), async {
        let names = Names::new("missing");
        let out = Command::new(support::newswire_bin())
            .args(["run", "--brokers", &kafka::brokers(), "--http-listen", ""])
            .args(["--input-topic", &names.input, "--group", &names.group])
            .env_remove("RUST_LOG")
            .env("NEWSWIRE_RDKAFKA_SASL_USERNAME", "wire")
            .env("NEWSWIRE_RDKAFKA_SASL_PASSWORD", "pa55-never-logged")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(&names.input), "{stderr}");
        assert!(stderr.contains("topics.create"), "{stderr}");
        assert!(
            stderr.contains("newswire 0.1.0 starting"),
            "start-up line: {stderr}"
        );
        assert!(
            !stderr.contains("pa55-never-logged"),
            "a secret was logged: {stderr}"
        );
    })
    .await;
}

#[test]
fn invalid_configuration_fails_at_start_naming_the_setting() {
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let mut c = Command::new(support::newswire_bin());
        c.args(args);
        for (k, v) in env {
            c.env(k, v);
        }
        c.output().unwrap()
    };
    let out = run(&["run"], &[("NEWSWIRE_WORKER_MAX_IN_FLIGHT", "0")]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "newswire: invalid setting worker.max_in_flight (from env NEWSWIRE_WORKER_MAX_IN_FLIGHT): \
         must be between 1 and 1000000, got 0"
    );
    let out = run(
        &["run", "--set", "kafka.enable.auto.offset.store=true"],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("kafka.enable.auto.offset.store"),
        "{stderr}"
    );

    let dir = std::env::temp_dir().join(format!("newswire-cfg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad.toml");
    std::fs::write(
        &file,
        "[worker]\nmax_in_flight = 10\nshutdown_timout = \"5s\"\n",
    )
    .unwrap();
    let out = run(&["run", "--config", file.to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("unknown setting worker.shutdown_timout"),
        "{stderr}"
    );
    assert!(stderr.contains(file.to_str().unwrap()), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn config_command_prints_the_effective_settings_with_secrets_redacted() {
    let out = Command::new(support::newswire_bin())
        .args([
            "config",
            "--input-topic",
            "wire.in",
            "--set",
            "kafka.producer.linger.ms=20",
        ])
        .env("NEWSWIRE_RDKAFKA_SASL_PASSWORD", "s3cr3t-value")
        .env("NEWSWIRE_RDKAFKA_SASL_USERNAME", "wire")
        .env("NEWSWIRE_WORKER_MAX_IN_FLIGHT", "77")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("s3cr3t-value"), "{text}");
    let table: toml::Table = text.parse().expect("the output is a valid config file");
    assert_eq!(table["topics"]["input"].as_str(), Some("wire.in"));
    assert_eq!(table["worker"]["max_in_flight"].as_integer(), Some(77));
    assert_eq!(table["kafka"]["sasl.password"].as_str(), Some("<redacted>"));
    assert_eq!(table["kafka"]["sasl.username"].as_str(), Some("wire"));
    assert_eq!(table["kafka"]["producer"]["linger.ms"].as_str(), Some("20"));

    let out = Command::new(support::newswire_bin())
        .args(["config", "--defaults"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        include_str!("../config/default.toml")
    );
}
