//! `newswire bench`, small, against the test broker: the benchmark path
//! runs end to end (backlog, paced phase, both enrichment settings), every
//! article comes out, and the report carries every figure the README
//! quotes. Keeps the benchmark from rotting; the figures themselves are not
//! checked (a test machine's speed is not a property of the code).

mod support;

use std::process::Command;

use serde_json::Value;
use support::kafka;

fn num(v: &Value, path: &str) -> f64 {
    v.pointer(path)
        .and_then(Value::as_f64)
        .unwrap_or_else(|| panic!("{path} missing or not a number in {v:#}"))
}

#[test]
fn a_small_bench_sees_every_article_and_reports_every_figure() {
    let dir = std::env::temp_dir().join(kafka::unique("bench"));
    std::fs::create_dir_all(&dir).unwrap();
    let json = dir.join("report.json");
    let out = Command::new(support::newswire_bin())
        .args(["bench", "--brokers", &kafka::brokers()])
        .args(["--articles", "200", "--rate", "100", "--duration", "2s"])
        .args(["--warmup", "100"])
        .arg("--json")
        .arg(&json)
        .arg("--log-dir")
        .arg(&dir)
        .output()
        .expect("newswire bench runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "newswire bench failed ({}):\n{stdout}\n{stderr}",
        out.status
    );
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();

    assert_eq!(report["complete"], true);
    assert!(num(&report, "/machine/cpus") >= 1.0);
    assert_eq!(num(&report, "/workload/backlog_articles"), 200.0);
    assert_eq!(num(&report, "/workload/warmup_articles"), 100.0);
    // The warm-up ran first and is not among the runs.
    assert!(stderr.contains("warm-up: 100 articles"), "{stderr}");
    let runs = report["runs"].as_array().unwrap();
    let names: Vec<&str> = runs.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        ["enrich on, at-least-once", "pass-through, at-least-once"]
    );
    for run in runs {
        let name = run["name"].as_str().unwrap();
        // Every article out, once.
        assert_eq!(num(run, "/backlog/out"), 200.0, "{name}");
        assert_eq!(num(run, "/backlog/missing"), 0.0, "{name}");
        assert_eq!(num(run, "/paced/sent"), 200.0, "{name}");
        assert_eq!(num(run, "/paced/out"), 200.0, "{name}");
        assert_eq!(num(run, "/paced/missing"), 0.0, "{name}");
        assert_eq!(num(run, "/dead_letters"), 0.0, "{name}");
        assert_eq!(run["complete"], true, "{name}");
        // The figures, present and sane.
        assert!(num(run, "/backlog/articles_per_second") > 0.0, "{name}");
        assert!(num(run, "/backlog/mb_per_second") > 0.0, "{name}");
        assert!(num(run, "/backlog/cpu/wall_seconds") > 0.0, "{name}");
        // CPU time comes in 10 ms ticks, and a backlog this small drains
        // in a few of them: zero is possible.
        let cpu = num(run, "/backlog/worker_cpu_ms_per_article");
        assert!(cpu >= 0.0, "{name}");
        let (p50, p90, p99, max) = (
            num(run, "/paced/latency_ms/p50"),
            num(run, "/paced/latency_ms/p90"),
            num(run, "/paced/latency_ms/p99"),
            num(run, "/paced/latency_ms/max"),
        );
        assert!(
            0.0 < p50 && p50 <= p90 && p90 <= p99 && p99 <= max,
            "{name}: {p50} {p90} {p99} {max}"
        );
        assert_eq!(num(run, "/paced/latency_ms/count"), 200.0, "{name}");
        assert!(num(run, "/peak_rss_mib") > 1.0, "{name}");
        assert!(
            run["worker_exit"]
                .as_str()
                .unwrap()
                .contains("exit status: 0"),
            "{name}: {run:#}"
        );
    }
    // Enrichment adds the `enrichment` key; the pass-through copies the
    // input byte for byte.
    let (on, off) = (&runs[0]["backlog"], &runs[1]["backlog"]);
    assert!(num(on, "/output_bytes") > num(on, "/input_bytes"));
    assert_eq!(num(off, "/output_bytes"), num(off, "/input_bytes"));
    assert!(runs[1]["worker_command"]
        .as_str()
        .unwrap()
        .contains("worker.enrich=false"));
    let c = &report["comparisons"][0];
    assert_eq!(c["delivery"], "at-least-once");
    assert!(num(c, "/throughput_ratio") > 0.0);
    assert!(num(c, "/p99_ms") > 0.0);
    // The table for people.
    assert!(stdout.contains("| run | backlog articles/s |"), "{stdout}");
    assert!(
        stdout.contains("enrichment on / pass-through throughput"),
        "{stdout}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
