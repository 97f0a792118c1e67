//! Article inputs for the worker tests, made from the project's sample
//! articles.

use serde_json::{Map, Value};

const ARTICLES: &str = include_str!("../data/articles.jsonl");
const SEED: &str = include_str!("../data/seed.jsonl");

/// Sample article `i` of `tests/data/articles.jsonl` (cycling through the
/// file), as JSON bytes with the id `<prefix>-<i>`.
pub fn sample(prefix: &str, i: usize) -> Vec<u8> {
    with_id(ARTICLES.lines().collect(), prefix, i, false)
}

/// Article `i` of the sample articles followed by the seed article (cycling),
/// as JSON bytes with the id `<prefix>-<i>` and an extra `seq` field `i`, so
/// that every record is distinct and its position can be checked.
pub fn numbered(prefix: &str, i: usize) -> Vec<u8> {
    with_id(
        ARTICLES.lines().chain(SEED.lines()).collect(),
        prefix,
        i,
        true,
    )
}

fn with_id(lines: Vec<&str>, prefix: &str, i: usize, seq: bool) -> Vec<u8> {
    let mut v: Map<String, Value> = serde_json::from_str(lines[i % lines.len()]).unwrap();
    v.insert("id".into(), Value::String(format!("{prefix}-{i}")));
    if seq {
        v.insert("seq".into(), Value::from(i));
    }
    serde_json::to_vec(&v).unwrap()
}
