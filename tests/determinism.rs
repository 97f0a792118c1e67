//! Same input and engine version, same bytes.

mod support;

use newswire::enrich::Engine;
use newswire::record::{encode, Article};
use std::process::Command;

const SEED: &str = include_str!("data/seed.jsonl");

#[test]
fn enriching_twice_gives_identical_bytes() {
    let article = Article::from_slice(SEED.trim().as_bytes()).unwrap();
    let a = encode(&article, &Engine::new().unwrap().enrich(&article));
    let b = encode(&article, &Engine::new().unwrap().enrich(&article));
    assert_eq!(a, b);
}

#[test]
fn two_cli_runs_give_identical_bytes() {
    let run = || {
        Command::new(support::newswire_bin())
            .args(["enrich", "tests/data/seed.jsonl"])
            .output()
            .unwrap()
    };
    let (a, b) = (run(), run());
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    assert!(!a.stdout.is_empty());
    assert_eq!(a.stdout, b.stdout);
}
