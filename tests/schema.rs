//! The committed JSON Schema matches the Rust types and what newswire emits.

mod support;

use std::process::Command;

use newswire::record::record_schema;
use serde_json::{json, Value};

fn committed() -> Value {
    serde_json::from_str(include_str!("../schema/record.schema.json")).unwrap()
}

#[test]
fn committed_schema_is_the_generated_one() {
    assert_eq!(
        committed(),
        record_schema(),
        "schema/record.schema.json is stale: run `cargo run -- schema > schema/record.schema.json`"
    );
}

#[test]
fn emitted_records_validate() {
    let validator = jsonschema::validator_for(&committed()).unwrap();
    let out = Command::new(support::newswire_bin())
        .args([
            "enrich",
            "tests/data/seed.jsonl",
            "tests/data/articles.jsonl",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.lines().count() >= 2);
    for line in text.lines() {
        let record: Value = serde_json::from_str(line).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&record)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{errors:?}\n{line}");
    }
}

#[test]
fn schema_rejects_what_the_contract_forbids() {
    let validator = jsonschema::validator_for(&committed()).unwrap();
    let good = json!({"body": "x", "enrichment": {
        "schema_version": 1, "engine": "newswire/0.1.0", "language": "it",
        "dateline": null, "entities": [], "quotes": [
            {"text": "a", "start": 0, "end": 1, "kind": "direct", "speaker": null,
             "speaker_entity": null, "verb": null, "attribution": "none"}]}});
    assert!(validator.is_valid(&good));
    let mut bad_kind = good.clone();
    bad_kind["enrichment"]["quotes"][0]["kind"] = json!("indirect");
    assert!(!validator.is_valid(&bad_kind));
    let mut no_body = good.clone();
    no_body.as_object_mut().unwrap().remove("body");
    assert!(!validator.is_valid(&no_body));
    let mut bad_version = good.clone();
    bad_version["enrichment"]["schema_version"] = json!(2);
    assert!(!validator.is_valid(&bad_version));
}
