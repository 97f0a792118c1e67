//! The committed dead-letter header schema is the generated one, and the
//! dead letters the worker writes to a real broker validate against it —
//! one of every error class the schema lists, so a class added to the code
//! (and so to the generated schema) needs a case here.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use newswire::cli::schema::{dead_letter_classes, dead_letter_headers_schema};
use serde_json::{json, Value};
use support::enrichers;
use support::kafka::{self, Input, Names, Worker};

const SEED: &str = include_str!("data/seed.jsonl");

fn committed() -> Value {
    serde_json::from_str(include_str!("../schema/dead-letter-headers.schema.json")).unwrap()
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&committed()).unwrap()
}

/// The classes the schema's `newswire.error.class` enum lists.
fn schema_classes() -> BTreeSet<String> {
    committed()["properties"]["newswire.error.class"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn committed_schema_is_the_generated_one() {
    assert_eq!(
        committed(),
        dead_letter_headers_schema(),
        "schema/dead-letter-headers.schema.json is stale: run \
         `cargo run -- schema dead-letter > schema/dead-letter-headers.schema.json`"
    );
}

#[test]
fn schema_rejects_what_the_worker_never_writes() {
    let v = validator();
    let good = json!({
        "trace-id": "abc",
        "newswire.source.topic": "articles",
        "newswire.source.partition": "3",
        "newswire.source.offset": "42",
        "newswire.engine": "newswire/0.1.0",
        "newswire.processed_at": "2024-05-03T10:00:00.123Z",
        "newswire.error.class": "not_json",
        "newswire.error.message": "not JSON: expected value (line 1, column 1)",
    });
    assert!(v.is_valid(&good), "{:?}", v.validate(&good).err());
    let with = |key: &str, value: Value| {
        let mut h = good.clone();
        h[key] = value;
        h
    };
    for (what, bad) in [
        ("unknown class", with("newswire.error.class", json!("oops"))),
        ("empty message", with("newswire.error.message", json!(""))),
        (
            "message past the cut",
            with("newswire.error.message", json!("x".repeat(3000))),
        ),
        (
            "negative offset",
            with("newswire.source.offset", json!("-1")),
        ),
        (
            "padded partition",
            with("newswire.source.partition", json!("03")),
        ),
        (
            "local time",
            with("newswire.processed_at", json!("2024-05-03T12:00:00+02:00")),
        ),
        ("other engine", with("newswire.engine", json!("spacy/3"))),
        ("bad topic", with("newswire.source.topic", json!("a topic"))),
        (
            "unknown newswire header",
            with("newswire.extra", json!("x")),
        ),
    ] {
        assert!(!v.is_valid(&bad), "{what} accepted: {bad}");
    }
    let mut missing = good.clone();
    missing
        .as_object_mut()
        .unwrap()
        .remove("newswire.source.offset");
    assert!(!v.is_valid(&missing), "missing offset accepted");
}

/// Every `.rs` file under `dir`, subfolders included, in a stable order.
fn rust_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The shell's classes are listed by hand in `cli::schema` (the pipeline
/// has no list of them): every class literal in `src/pipeline/` must be
/// there, so a new one cannot be forgotten.
#[test]
fn every_class_spelt_in_the_pipeline_is_in_the_schema() {
    let classes = dead_letter_classes();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/pipeline");
    let mut seen = Vec::new();
    for path in rust_files(&dir) {
        let text = std::fs::read_to_string(&path).unwrap();
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        for line in text.lines() {
            let line = line.trim();
            // `pub const TOO_LARGE: &str = "too_large";` in dead_letter.rs
            // (header names hold dots and are no classes).
            let constant = (file == "dead_letter.rs" && line.starts_with("pub const "))
                .then(|| line.split_once("&str = \""))
                .flatten()
                .map(|(_, rest)| rest);
            // `class: "not_json"` anywhere (tests included).
            let field = line.split_once("class: \"").map(|(_, rest)| rest);
            for rest in constant.into_iter().chain(field) {
                let literal = rest.split('"').next().unwrap();
                if !literal.contains('.') {
                    seen.push((file.clone(), literal.to_owned()));
                }
            }
        }
    }
    assert!(
        seen.iter().any(|(_, c)| c == "output_rejected"),
        "the scan found the shell's constants: {seen:?}"
    );
    for (file, class) in &seen {
        assert!(
            classes.contains(&class.as_str()),
            "src/pipeline/{file} spells class {class:?}, which the dead-letter \
             header schema lacks: add it to cli::schema::dead_letter_classes"
        );
    }
}

/// Input records larger than this are `too_large`.
const MAX_MESSAGE_BYTES: usize = 3000;
/// The producer refuses records larger than this: the seed (2.4 kB) is
/// read, but its enriched record (~4.9 kB) is `output_rejected`.
const PRODUCER_MAX_BYTES: usize = 4000;

/// One input for each class, keyed by the class.
fn cases() -> Vec<(&'static str, Option<Vec<u8>>)> {
    let big = format!(
        r#"{{"id":"big","body":"{}"}}"#,
        "parola ".repeat((MAX_MESSAGE_BYTES + 200) / 7)
    );
    assert!(big.len() > MAX_MESSAGE_BYTES && big.len() + 600 < PRODUCER_MAX_BYTES);
    assert!(SEED.trim().len() < MAX_MESSAGE_BYTES);
    let v = |b: &[u8]| Some(b.to_vec());
    vec![
        ("not_utf8", v(b"{\"body\":\"caf\xe9\"}")),
        ("not_json", v(b"this is not json")),
        ("not_object", v(b"[1, 2]")),
        ("missing_body", v(br#"{"id":"x","title":"t"}"#)),
        ("empty_body", v(br#"{"body":"  "}"#)),
        ("wrong_type", v(br#"{"body":"x","title":["a"]}"#)),
        ("invalid_value", v(br#"{"body":"x","published_at":"ieri"}"#)),
        ("enrich_panic", v(br#"{"id":"p","body":"PANIC here"}"#)),
        ("too_large", Some(big.into_bytes())),
        ("no_value", None),
        ("output_rejected", Some(SEED.trim().as_bytes().to_vec())),
    ]
}

/// A record's headers as the schema sees them: name to UTF-8 value. The
/// worker writes each `newswire.*` header once.
fn header_object(r: &kafka::Record) -> Value {
    let mut object = serde_json::Map::new();
    for (name, value) in &r.headers {
        let value = String::from_utf8(value.clone()).expect("UTF-8 header value");
        let earlier = object.insert(name.clone(), Value::String(value));
        assert!(
            earlier.is_none() || !name.starts_with("newswire."),
            "{name} written twice"
        );
    }
    Value::Object(object)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dead_letters_of_every_class_validate_against_the_committed_schema() {
    kafka::within(Duration::from_secs(180), async {
        let names = Names::new("dlschema");
        kafka::create_topic(&names.input, 1).await;
        let cases = cases();
        let inputs: Vec<Input> = cases
            .iter()
            .map(|(class, value)| Input {
                key: Some(class.as_bytes().to_vec()),
                value: value.clone(),
                // The input's own headers pass through; an old newswire.*
                // one is replaced.
                headers: vec![
                    ("trace-id".to_owned(), b"t-1".to_vec()),
                    ("newswire.error.class".to_owned(), b"stale".to_vec()),
                ],
                ..Input::default()
            })
            .collect();
        kafka::produce(&kafka::producer(), &names.input, &inputs).await;
        let max = MAX_MESSAGE_BYTES.to_string();
        let producer_max = PRODUCER_MAX_BYTES.to_string();
        let settings = kafka::settings(
            &names,
            &[
                ("worker.max_message_bytes", max.as_str()),
                ("kafka.producer.message.max.bytes", producer_max.as_str()),
            ],
        );
        let worker = Worker::start(settings, Arc::new(enrichers::PanicsOnMarker));
        let (dlq, n) = (names.dead_letter.clone(), cases.len() as i64);
        kafka::wait_until(Duration::from_secs(90), "every dead letter", move || {
            kafka::count(&dlq) >= n
        })
        .await;
        worker.stop().await.expect("clean stop");

        let validator = validator();
        let dead = kafka::read_all(&names.dead_letter);
        assert_eq!(dead.len(), cases.len());
        let mut seen: BTreeMap<String, Value> = BTreeMap::new();
        for r in &dead {
            let headers = header_object(r);
            let errors: Vec<String> = validator
                .iter_errors(&headers)
                .map(|e| format!("{} at {}", e, e.instance_path))
                .collect();
            assert!(errors.is_empty(), "{errors:?}\n{headers:#}");
            let class = headers["newswire.error.class"].as_str().unwrap();
            let key = String::from_utf8(r.key.clone().unwrap()).unwrap();
            assert_eq!(class, key, "the case keyed {key} has class {class}");
            assert_eq!(headers["trace-id"], "t-1");
            seen.insert(class.to_owned(), headers);
        }
        let seen: BTreeSet<String> = seen.into_keys().collect();
        assert_eq!(
            seen,
            schema_classes(),
            "every class the schema lists was written by the worker"
        );
    })
    .await;
}
