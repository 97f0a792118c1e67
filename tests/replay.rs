//! `newswire replay` against a real broker: bounded, byte-identical to the
//! worker, windows by offset, partition and time, dry runs, and the live
//! consumer group left alone.

mod support;

use std::collections::BTreeMap;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use newswire::enrich::ENGINE;
use serde_json::Value;
use support::kafka::{self, Input, Names, Worker};
use support::{articles, enrichers};

fn article(i: usize) -> Vec<u8> {
    articles::numbered("r", i)
}

/// Every 50th input is not JSON: it must be dead-lettered by both runs.
fn input(i: usize) -> Input {
    Input {
        key: Some(format!("k{i}").into_bytes()),
        value: Some(if i % 50 == 7 {
            format!("not json {i}").into_bytes()
        } else {
            article(i)
        }),
        headers: vec![("trace".into(), format!("t{i}").into_bytes())],
        ..Input::default()
    }
}

/// Runs `newswire replay ARGS` with the test broker, waiting at most `limit`.
async fn replay(args: &[&str], limit: Duration) -> Output {
    let mut cmd = Command::new(support::newswire_bin());
    cmd.arg("replay")
        .args(["--brokers", &kafka::brokers()])
        .args(args)
        .env_remove("RUST_LOG")
        .env("NEWSWIRE_TELEMETRY_LOG_LEVEL", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let child = cmd.spawn().expect("newswire replay starts");
    let pid = child.id();
    let waited = tokio::time::timeout(
        limit,
        tokio::task::spawn_blocking(move || child.wait_with_output()),
    )
    .await;
    match waited {
        Ok(out) => out.unwrap().unwrap(),
        Err(_) => {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            panic!("newswire replay {args:?} did not finish by itself within {limit:?}");
        }
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replay_of_10k_articles_finishes_by_itself_byte_identical_and_leaves_the_group_alone() {
    kafka::within(Duration::from_secs(900), async {
        const N: usize = 10_000;
        let names = Names::new("replay10k");
        kafka::create_topic(&names.input, 4).await;
        let inputs: Vec<Input> = (0..N).map(input).collect();
        kafka::produce(&kafka::producer(), &names.input, &inputs).await;

        // The first run: the worker, in its group.
        let worker = Worker::start(kafka::settings(&names, &[]), enrichers::shared());
        let (out, dlq) = (names.output.clone(), names.dead_letter.clone());
        kafka::wait_until(
            Duration::from_secs(480),
            "the worker's 10,000 records",
            move || kafka::count(&out) + kafka::count(&dlq) >= N as i64,
        )
        .await;
        worker.stop().await.expect("clean stop");
        let committed_before = kafka::committed(&names.group, &names.input);
        assert_eq!(
            committed_before
                .values()
                .map(|c| c.unwrap_or(0))
                .sum::<i64>(),
            N as i64
        );

        // The replay, into other topics, configured with the live group.
        let replayed = format!("{}.replayed", names.input);
        let replay_dlq = format!("{}.replayed-dlq", names.input);
        kafka::create_topic(&replayed, 4).await;
        kafka::create_topic(&replay_dlq, 1).await;
        let started = Instant::now();
        let run = replay(
            &[
                "--input-topic",
                &names.input,
                "--group",
                &names.group,
                "--dead-letter-topic",
                &replay_dlq,
                "--from",
                "earliest",
                "--until",
                "now",
                "--to-topic",
                &replayed,
            ],
            Duration::from_secs(480),
        )
        .await;
        let took = started.elapsed();
        let stderr = text(&run.stderr);
        assert!(run.status.success(), "replay failed: {stderr}");
        let bad = (0..N).filter(|i| i % 50 == 7).count();
        assert!(
            stderr.contains(&format!(
                "read {N}, written {} to {replayed}, dead-lettered {bad} to {replay_dlq}",
                N - bad
            )),
            "summary: {stderr}"
        );
        eprintln!("replay of {N} records finished by itself in {took:.1?}");

        // Byte for byte what the worker wrote, record by record.
        let first: BTreeMap<(i32, i64), kafka::Record> = kafka::read_all(&names.output)
            .into_iter()
            .map(|r| (r.source(), r))
            .collect();
        let second: BTreeMap<(i32, i64), kafka::Record> = kafka::read_all(&replayed)
            .into_iter()
            .map(|r| (r.source(), r))
            .collect();
        assert_eq!(first.len(), N - bad);
        assert_eq!(
            first.keys().collect::<Vec<_>>(),
            second.keys().collect::<Vec<_>>(),
            "the same inputs have outputs"
        );
        for (source, a) in &first {
            let b = &second[source];
            assert!(
                a.value == b.value,
                "input {source:?}: values differ\nworker: {}\nreplay: {}",
                text(a.value.as_deref().unwrap()),
                text(b.value.as_deref().unwrap())
            );
            assert_eq!(a.key, b.key, "input {source:?}: keys differ");
            assert_eq!(b.header("newswire.engine"), Some(ENGINE));
            assert_eq!(b.json()["enrichment"]["engine"], Value::from(ENGINE));
            assert_eq!(a.header("trace"), b.header("trace"));
        }
        let dead: Vec<kafka::Record> = kafka::read_all(&replay_dlq);
        assert_eq!(dead.len(), bad);
        assert!(dead
            .iter()
            .all(|r| r.header("newswire.error.class") == Some("not_json")));

        // The live group's committed offsets did not move.
        assert_eq!(
            kafka::committed(&names.group, &names.input),
            committed_before
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replay_windows_by_offset_partition_and_time_and_dry_run_prints_json_lines() {
    kafka::within(Duration::from_secs(300), async {
        let names = Names::new("replaywin");
        kafka::create_topic(&names.input, 2).await;
        kafka::create_topic(&names.output, 2).await;
        kafka::create_topic(&names.dead_letter, 1).await;
        let on = |p: i32, i: usize| Input {
            partition: Some(p),
            value: Some(article(i)),
            ..input(i)
        };
        // Before: 6 records on partition 0 (one not JSON), 4 on partition 1.
        let producer = kafka::producer();
        let mut early: Vec<Input> = (0..6).map(|i| on(0, i)).collect();
        early[2].value = Some(b"{broken".to_vec());
        early.extend((100..104).map(|i| on(1, i)));
        kafka::produce(&producer, &names.input, &early).await;
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let now_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64;
        let cut = chrono::DateTime::from_timestamp_millis(now_ms)
            .unwrap()
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        tokio::time::sleep(Duration::from_millis(500)).await;
        // After the cut: 3 more on each partition.
        let late: Vec<Input> = (6..9)
            .map(|i| on(0, i))
            .chain((104..107).map(|i| on(1, i)))
            .collect();
        kafka::produce(&producer, &names.input, &late).await;

        let base = [
            "--input-topic",
            names.input.as_str(),
            "--output-topic",
            names.output.as_str(),
            "--dead-letter-topic",
            names.dead_letter.as_str(),
        ];
        let dry = |extra: &[&str]| {
            let mut v: Vec<String> = base.iter().map(|s| s.to_string()).collect();
            v.push("--dry-run".into());
            v.extend(extra.iter().map(|s| s.to_string()));
            v
        };
        let ids = |out: &Output| -> Vec<String> {
            text(&out.stdout)
                .lines()
                .map(|l| {
                    let v: Value = serde_json::from_str(l).expect("JSON Lines");
                    assert_eq!(v["enrichment"]["engine"], Value::from(ENGINE));
                    v["id"].as_str().unwrap().to_owned()
                })
                .collect()
        };
        let run = |args: Vec<String>| async move {
            let refs: Vec<&str> = args.iter().map(String::as_str).collect();
            replay(&refs, Duration::from_secs(120)).await
        };

        // Everything, dry: 15 outputs, the broken one on stderr.
        let all = run(dry(&[])).await;
        assert!(all.status.success(), "{}", text(&all.stderr));
        let mut got = ids(&all);
        got.sort();
        assert_eq!(got.len(), 15, "{got:?}");
        let stderr = text(&all.stderr);
        assert!(
            stderr.contains(&format!("{}[0]@2: dead letter (not_json)", names.input)),
            "{stderr}"
        );
        assert!(
            stderr.contains("read 16, written 15 to stdout, dead-lettered 1 to stderr"),
            "{stderr}"
        );

        // Per-partition offsets, exclusive end.
        let window = run(dry(&["--from", "offset:0=3", "--until", "offset:0=6"])).await;
        assert!(window.status.success(), "{}", text(&window.stderr));
        assert_eq!(ids(&window), ["r-3", "r-4", "r-5"]);

        // One partition, from a time: only the late records of partition 1.
        let from = format!("timestamp:{cut}");
        let late1 = run(dry(&["--partitions", "1", "--from", &from])).await;
        assert!(late1.status.success(), "{}", text(&late1.stderr));
        assert_eq!(ids(&late1), ["r-104", "r-105", "r-106"]);

        // Until a time, from an hour ago: only the early records.
        let until = format!("timestamp:{cut}");
        let early_only = run(dry(&["--from", "ago:1h", "--until", &until])).await;
        let mut got = ids(&early_only);
        got.sort();
        assert_eq!(got.len(), 9, "{got:?}");
        assert!(!got.contains(&"r-6".to_owned()));

        // Into the configured output topic (not dry), with the dead letter.
        let real = run(base.iter().map(|s| s.to_string()).collect()).await;
        assert!(real.status.success(), "{}", text(&real.stderr));
        assert_eq!(kafka::count(&names.output), 15);
        let dead = kafka::read_all(&names.dead_letter);
        assert_eq!(dead.len(), 1);
        assert_eq!(dead[0].value.as_deref(), Some(&b"{broken"[..]));
        assert_eq!(dead[0].header("newswire.error.class"), Some("not_json"));

        // Bad arguments name the bad value; exit status 2.
        for (args, needle) in [
            (vec!["--from", "latest"], "latest"),
            (vec!["--until", "offset:-1"], "offset:-1"),
            (vec!["--partitions", "0,z"], "z"),
            (vec!["--partitions", "7"], "partition 7 does not exist"),
            (
                vec!["--to-topic", names.input.as_str()],
                "the topic it reads",
            ),
        ] {
            let mut v: Vec<&str> = base.to_vec();
            v.extend(args);
            let out = replay(&v, Duration::from_secs(60)).await;
            assert_eq!(out.status.code(), Some(2), "{v:?}: {}", text(&out.stderr));
            assert!(
                text(&out.stderr).contains(needle),
                "{v:?}: {}",
                text(&out.stderr)
            );
        }
    })
    .await;
}
