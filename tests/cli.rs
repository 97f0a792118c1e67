//! `newswire enrich` on good and bad lines.

mod support;

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;

fn run(args: &[&str], stdin: &[u8]) -> std::process::Output {
    let mut child = Command::new(support::newswire_bin())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

/// Good lines interleaved with one of every kind of bad line.
fn mixed_input() -> Vec<u8> {
    let mut v = Vec::new();
    let lines: Vec<&[u8]> = vec![
        br#"{"id":"g1","body":"Roma, 4 feb. (Adnkronos) - Il governo ha approvato il decreto."}"#,
        b"this is not json",
        br#"{"id":"g2","text":"LONDON, Nov 28 (Reuters) - Shares rose on Monday."}"#,
        b"[1, 2, 3]",
        br#"{"id":"nobody","title":"No body here"}"#,
        b"{\"id\":\"bad-utf8\",\"body\":\"caf\xe9\"}",
        br#"{"id":"wrong","body":42}"#,
        b"",
        br#"{"id":"g3","content":"Berlin (dpa) - Die Regierung hat entschieden."}"#,
        br#"{"id":"date","body":"x y z","published_at":"last tuesday"}"#,
    ];
    for l in lines {
        v.extend_from_slice(l);
        v.push(b'\n');
    }
    v
}

#[test]
fn good_lines_come_out_in_order_and_bad_lines_are_named() {
    let out = run(&["enrich"], &mixed_input());
    assert_eq!(out.status.code(), Some(1), "some lines failed");
    let ids: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(ids, ["g1", "g2", "g3"]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("<stdin>:"))
        .collect();
    let want = [
        "<stdin>:2: not JSON",
        "<stdin>:4: not a JSON object but an array",
        "<stdin>:5: no body",
        "<stdin>:6: not UTF-8",
        "<stdin>:7: wrong type: field \"body\" must be a string",
        "<stdin>:10: invalid value: field \"published_at\"",
    ];
    assert_eq!(errors.len(), want.len(), "{stderr}");
    for (got, want) in errors.iter().zip(want) {
        assert!(got.starts_with(want), "got {got:?}, want {want:?}");
    }
    assert!(
        stderr.contains("6 of 9 lines failed") || stderr.contains("6 of 9"),
        "{stderr}"
    );
}

#[test]
fn files_are_named_in_errors_and_all_good_exits_zero() {
    let dir = std::env::temp_dir().join(format!("newswire-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.jsonl");
    std::fs::write(&bad, b"{\"body\":\"ok text here\"}\n{oops\n").unwrap();
    let out = run(&["enrich", bad.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(&format!("{}:2: not JSON", bad.display())),
        "{stderr}"
    );

    let good = run(&["enrich", "tests/data/seed.jsonl"], b"");
    assert_eq!(good.status.code(), Some(0));
    let missing = run(&["enrich", "does/not/exist.jsonl"], b"");
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("does/not/exist.jsonl: cannot open"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn pretty_prints_one_readable_record() {
    let out = run(&["enrich", "--pretty", "tests/data/seed.jsonl"], b"");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.lines().count() > 10, "indented over many lines");
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["enrichment"]["language"], "it");
}
