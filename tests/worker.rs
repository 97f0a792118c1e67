//! The Kafka worker against a real Apache Kafka broker (`scripts/kafka`):
//! output, dead letters, order, rebalances and the HTTP endpoint.
//!
//! Each test has its own topics and group. Delivery checks count distinct
//! input coordinates, since duplicates would hide losses.

mod support;

use std::collections::{BTreeSet, HashMap};
use std::process::Command;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use newswire::enrich::{Enrichment, ENGINE};
use newswire::pipeline::Enricher;
use newswire::record::{article_id, encode, Article};
use newswire::telemetry::http::HttpServer;
use newswire::telemetry::Telemetry;
use serde_json::Value;
use support::kafka::{self, Input, Names, Worker};
use support::{articles, enrichers, http};

const SEED: &str = include_str!("data/seed.jsonl");

/// The worker's enricher: the engine shared by every test of this binary
/// (loading the resources takes about a second in a debug build).
fn engine() -> Arc<dyn Enricher> {
    enrichers::shared()
}

/// The enriched record the library makes for `input` (the reference the
/// worker's output must equal byte for byte).
fn library_output(input: &[u8], key: Option<&[u8]>) -> (String, Vec<u8>) {
    let article = Article::from_slice(input).unwrap();
    let enrichment = support::engine().enrich(&article);
    (article_id(&article, key), encode(&article, &enrichment))
}

fn good_input(i: usize) -> Vec<u8> {
    articles::numbered("mix", i)
}

/// One of every kind of bad record, cycling; `None` value is a tombstone.
fn bad_input(i: usize) -> (Option<Vec<u8>>, &'static str) {
    match i % 7 {
        0 => (Some(b"not json at all".to_vec()), "not_json"),
        1 => (Some(b"[1,2,3]".to_vec()), "not_object"),
        2 => (
            Some(format!(r#"{{"id":"b{i}","title":"no body"}}"#).into_bytes()),
            "missing_body",
        ),
        3 => (
            Some(format!(r#"{{"id":"b{i}","body":42}}"#).into_bytes()),
            "wrong_type",
        ),
        4 => (Some(b"{\"body\":\"caf\xe9\"}".to_vec()), "not_utf8"),
        5 => (
            Some(format!(r#"{{"id":"b{i}","body":"   "}}"#).into_bytes()),
            "empty_body",
        ),
        _ => (None, "no_value"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seed_article_comes_out_enriched_with_key_and_headers() {
    kafka::within(Duration::from_secs(120), async {
        let names = Names::new("seed");
        kafka::create_topic(&names.input, 1).await;
        let seed = SEED.trim().as_bytes().to_vec();
        let producer = kafka::producer();
        let coords = kafka::produce(
            &producer,
            &names.input,
            &[Input {
                key: Some(b"wire-key-1".to_vec()),
                value: Some(seed.clone()),
                headers: vec![("trace-id".into(), b"abc-123".to_vec())],
                ..Input::default()
            }],
        )
        .await;
        let worker = Worker::start(kafka::settings(&names, &[]), engine());
        let out = names.output.clone();
        kafka::wait_until(Duration::from_secs(60), "the seed's output", move || {
            kafka::count(&out) >= 1
        })
        .await;
        worker.stop().await.expect("clean stop");

        let records = kafka::read_all(&names.output);
        assert_eq!(records.len(), 1, "one input, one output");
        let r = &records[0];
        let (id, expected) = library_output(&seed, Some(b"wire-key-1"));
        assert_eq!(id, "seed-it-putin-kim");
        assert_eq!(
            r.key.as_deref(),
            Some(id.as_bytes()),
            "output key = article id"
        );
        // Byte for byte what the library and `newswire enrich` produce.
        assert_eq!(
            String::from_utf8_lossy(r.value.as_deref().unwrap()),
            String::from_utf8_lossy(&expected)
        );
        let cli = Command::new(support::newswire_bin())
            .args(["enrich", "tests/data/seed.jsonl"])
            .output()
            .unwrap();
        assert!(cli.status.success());
        assert_eq!(
            String::from_utf8_lossy(cli.stdout.trim_ascii_end()),
            String::from_utf8_lossy(r.value.as_deref().unwrap())
        );
        // The input object, unchanged, plus `enrichment`.
        let mut got = r.json();
        let enrichment = got.as_object_mut().unwrap().remove("enrichment").unwrap();
        let input: Value = serde_json::from_slice(&seed).unwrap();
        assert_eq!(got, input);
        let e: Enrichment = serde_json::from_value(enrichment).unwrap();
        assert_eq!(e.engine, ENGINE);
        assert_eq!(e.language, "it");
        // Provenance headers, after the input's own.
        assert_eq!(r.header("trace-id"), Some("abc-123"));
        assert_eq!(
            r.header("newswire.source.topic"),
            Some(names.input.as_str())
        );
        assert_eq!(r.source(), coords[0]);
        assert_eq!(r.header("newswire.engine"), Some(ENGINE));
        let at = r.header("newswire.processed_at").unwrap();
        assert!(
            chrono::DateTime::parse_from_rfc3339(at).is_ok(),
            "processed_at {at:?} is RFC 3339"
        );
        assert_eq!(kafka::count(&names.dead_letter), 0);
        assert_eq!(
            kafka::committed(&names.group, &names.input)[&0],
            Some(1),
            "offset committed after the ack"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_mixed_articles_on_4_partitions_each_end_exactly_once_in_order() {
    kafka::within(Duration::from_secs(600), async {
        const N: usize = 10_000;
        let names = Names::new("mixed");
        kafka::create_topic(&names.input, 4).await;
        let mut inputs = Vec::with_capacity(N);
        let mut expected_class: HashMap<usize, &str> = HashMap::new();
        for i in 0..N {
            let key = format!("k{i}").into_bytes();
            let value = if i % 10 == 3 {
                let (v, class) = bad_input(i);
                expected_class.insert(i, class);
                v
            } else {
                Some(good_input(i))
            };
            inputs.push(Input {
                key: Some(key),
                value,
                headers: vec![("seq".into(), i.to_string().into_bytes())],
                ..Input::default()
            });
        }
        let producer = kafka::producer();
        let coords = kafka::produce(&producer, &names.input, &inputs).await;
        let seq_of: HashMap<(i32, i64), usize> =
            coords.iter().enumerate().map(|(i, c)| (*c, i)).collect();
        assert_eq!(coords.iter().map(|c| c.0).collect::<BTreeSet<_>>().len(), 4);

        let started = Instant::now();
        // A small in-flight bound exercises back-pressure (pause/resume).
        let worker = Worker::start(
            kafka::settings(&names, &[("worker.max_in_flight", "200")]),
            engine(),
        );
        // Sample the in-flight gauge: the bound must hold all along.
        let peak = Arc::new(AtomicI64::new(0));
        let sampler = {
            let (peak, t) = (Arc::clone(&peak), worker.telemetry.clone());
            tokio::spawn(async move {
                loop {
                    peak.fetch_max(t.metrics().in_flight.get(), Ordering::Relaxed);
                    tokio::time::sleep(Duration::from_millis(2)).await;
                }
            })
        };
        let (out, dlq) = (names.output.clone(), names.dead_letter.clone());
        kafka::wait_until(Duration::from_secs(480), "10,000 records out", move || {
            kafka::count(&out) + kafka::count(&dlq) >= N as i64
        })
        .await;
        let took = started.elapsed();
        sampler.abort();
        let in_flight_peak = peak.load(Ordering::Relaxed);
        worker.stop().await.expect("clean stop");
        eprintln!(
            "10,000 records through the worker in {took:.1?} ({:.0} records/s)",
            N as f64 / took.as_secs_f64()
        );
        eprintln!("in-flight peak {in_flight_peak} (bound 200)");
        assert!(
            in_flight_peak > 0 && in_flight_peak <= 200,
            "peak {in_flight_peak}"
        );

        let outputs = kafka::read_all(&names.output);
        let dead = kafka::read_all(&names.dead_letter);
        assert_eq!(
            outputs.len() + dead.len(),
            N,
            "exactly one record per input"
        );
        let mut seen = BTreeSet::new();
        for r in outputs.iter().chain(&dead) {
            assert!(
                seen.insert(r.source()),
                "two records for input {:?}",
                r.source()
            );
        }
        assert_eq!(seen.len(), N, "every input accounted for");
        for r in &outputs {
            let seq = seq_of[&r.source()];
            assert!(
                !expected_class.contains_key(&seq),
                "bad input {seq} in the output"
            );
            assert_eq!(r.key.as_deref(), Some(format!("mix-{seq}").as_bytes()));
            assert_eq!(r.json()["seq"], Value::from(seq));
            assert_eq!(r.header("seq"), Some(seq.to_string().as_str()));
        }
        for r in &dead {
            let seq = seq_of[&r.source()];
            assert_eq!(
                r.header("newswire.error.class"),
                Some(expected_class[&seq]),
                "input {seq}"
            );
            assert_eq!(r.value, inputs[seq].value, "dead letter keeps the bytes");
            assert_eq!(r.key, inputs[seq].key, "dead letter keeps the key");
        }
        // Order per input partition: within each output partition, records
        // from one input partition appear in input offset order.
        for records in [&outputs, &dead] {
            let mut last: HashMap<(i32, i32), i64> = HashMap::new();
            for r in records.iter() {
                let (src_p, src_o) = r.source();
                if let Some(prev) = last.insert((r.partition, src_p), src_o) {
                    assert!(
                        prev < src_o,
                        "input partition {src_p}: {src_o} after {prev}"
                    );
                }
            }
        }
        let committed = kafka::committed(&names.group, &names.input);
        let ends = kafka::end_offsets(&names.input);
        for (p, end) in &ends {
            assert_eq!(
                committed[p],
                Some(*end),
                "partition {p} committed to its end"
            );
        }
    })
    .await;
}

/// A bad record, the class it must be dead-lettered with, and a word its
/// message must contain.
struct BadCase {
    key: Option<Vec<u8>>,
    value: Option<Vec<u8>>,
    class: &'static str,
    word: &'static str,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_kind_of_bad_input_is_dead_lettered_with_its_reason_and_the_worker_keeps_going() {
    kafka::within(Duration::from_secs(120), async {
        let names = Names::new("bad");
        kafka::create_topic(&names.input, 1).await;
        let big = format!(r#"{{"id":"big","body":"{}"}}"#, "parola ".repeat(600));
        let case = |key: Option<&str>, value: Option<&[u8]>, class, word| BadCase {
            key: key.map(|k| k.as_bytes().to_vec()),
            value: value.map(<[u8]>::to_vec),
            class,
            word,
        };
        let cases = vec![
            case(
                Some("k1"),
                Some(b"{\"body\":\"caf\xe9\"}"),
                "not_utf8",
                "UTF-8",
            ),
            case(Some("k2"), Some(b"this is not json"), "not_json", "JSON"),
            case(None, Some(b"\"a string\""), "not_object", "string"),
            case(
                Some("k4"),
                Some(br#"{"id":"x","title":"t"}"#),
                "missing_body",
                "body",
            ),
            case(Some("k5"), Some(br#"{"body":""}"#), "empty_body", "body"),
            case(
                Some("k6"),
                Some(br#"{"body":"x","title":["a"]}"#),
                "wrong_type",
                "title",
            ),
            case(
                Some("k7"),
                Some(br#"{"body":"x","published_at":"ieri"}"#),
                "invalid_value",
                "published_at",
            ),
            case(
                Some("k8"),
                Some(big.as_bytes()),
                "too_large",
                "max_message_bytes",
            ),
            case(Some("k9"), None, "no_value", "tombstone"),
            case(
                Some("k10"),
                Some(br#"{"id":"p","body":"PANIC here"}"#),
                "enrich_panic",
                "core bug",
            ),
        ];
        let mut inputs: Vec<Input> = cases
            .iter()
            .map(|c| Input {
                key: c.key.clone(),
                value: c.value.clone(),
                ..Input::default()
            })
            .collect();
        // A good article after all of them: the worker kept going.
        inputs.push(Input {
            key: Some(b"good".to_vec()),
            value: Some(br#"{"id":"after","body":"Roma, 3 maggio 2024 - Tutto bene."}"#.to_vec()),
            ..Input::default()
        });
        let producer = kafka::producer();
        let coords = kafka::produce(&producer, &names.input, &inputs).await;
        let settings = kafka::settings(&names, &[("worker.max_message_bytes", "2000")]);
        let worker = Worker::start(settings, Arc::new(enrichers::PanicsOnMarker));
        let (out, dlq, n) = (
            names.output.clone(),
            names.dead_letter.clone(),
            cases.len() as i64,
        );
        kafka::wait_until(
            Duration::from_secs(60),
            "dead letters and output",
            move || kafka::count(&dlq) >= n && kafka::count(&out) >= 1,
        )
        .await;
        let telemetry = worker.telemetry.clone();
        worker.stop().await.expect("clean stop");

        let dead = kafka::read_all(&names.dead_letter);
        assert_eq!(dead.len(), cases.len());
        let by_source: HashMap<(i32, i64), &kafka::Record> =
            dead.iter().map(|r| (r.source(), r)).collect();
        for (
            i,
            BadCase {
                key,
                value,
                class,
                word,
            },
        ) in cases.iter().enumerate()
        {
            let r = by_source
                .get(&coords[i])
                .unwrap_or_else(|| panic!("case {class}: no dead letter"));
            assert_eq!(r.header("newswire.error.class"), Some(*class));
            let message = r.header("newswire.error.message").unwrap();
            assert!(
                message.contains(word),
                "{class}: message {message:?} lacks {word:?}"
            );
            assert_eq!(&r.key, key, "{class}: key kept");
            assert_eq!(&r.value, value, "{class}: bytes kept");
            assert_eq!(
                r.header("newswire.source.topic"),
                Some(names.input.as_str())
            );
            assert_eq!(r.header("newswire.engine"), Some(ENGINE));
        }
        let outputs = kafka::read_all(&names.output);
        assert_eq!(outputs.len(), 1);
        assert_eq!(outputs[0].key.as_deref(), Some(&b"after"[..]));
        assert_eq!(outputs[0].source(), coords[cases.len()]);
        // Metrics count dead letters by class.
        let metrics = telemetry.metrics().encode();
        for BadCase { class, .. } in &cases {
            let line = format!(
                "newswire_messages_dead_lettered_total{{topic=\"{}\",class=\"{class}\"}} 1",
                names.dead_letter
            );
            assert!(metrics.contains(&line), "missing {line}");
        }
        assert_eq!(
            kafka::committed(&names.group, &names.input)[&0],
            Some(inputs.len() as i64)
        );
    })
    .await;
}

/// Produces the seed article (2.4 kB; its enriched record is ~4.9 kB) and
/// then a small one to `names.input`; returns the seed's bytes.
async fn produce_seed_then_small(names: &Names) -> Vec<u8> {
    let seed = SEED.trim().as_bytes().to_vec();
    let small = br#"{"id":"small","body":"Roma - Breve."}"#.to_vec();
    kafka::produce(
        &kafka::producer(),
        &names.input,
        &[
            Input {
                value: Some(seed.clone()),
                ..Input::default()
            },
            Input {
                value: Some(small),
                ..Input::default()
            },
        ],
    )
    .await;
    seed
}

/// The seed's enriched record was refused: its input, unchanged, is the one
/// dead letter (`output_rejected`), the small article the one output, and
/// both offsets are committed.
fn assert_seed_rejected_and_small_written(
    names: &Names,
    seed: &[u8],
    dead: Vec<kafka::Record>,
    outputs: Vec<kafka::Record>,
) {
    assert_eq!(dead.len(), 1);
    assert_eq!(
        dead[0].header("newswire.error.class"),
        Some("output_rejected")
    );
    assert_eq!(dead[0].value.as_deref(), Some(seed), "the input, unchanged");
    assert_eq!(dead[0].source().1, 0);
    assert_eq!(outputs.len(), 1);
    assert_eq!(outputs[0].key.as_deref(), Some(&b"small"[..]));
    assert_eq!(kafka::committed(&names.group, &names.input)[&0], Some(2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_enriched_record_too_large_for_the_producer_dead_letters_its_input() {
    kafka::within(Duration::from_secs(120), async {
        let names = Names::new("toolarge");
        kafka::create_topic(&names.input, 1).await;
        let seed = produce_seed_then_small(&names).await;
        // The seed (2.4 kB) fits, its enriched record (~4.9 kB) does not.
        let settings = kafka::settings(&names, &[("kafka.producer.message.max.bytes", "3500")]);
        let worker = Worker::start(settings, engine());
        let (out, dlq) = (names.output.clone(), names.dead_letter.clone());
        kafka::wait_until(
            Duration::from_secs(60),
            "a dead letter and an output",
            move || kafka::count(&dlq) >= 1 && kafka::count(&out) >= 1,
        )
        .await;
        worker.stop().await.expect("clean stop");
        assert_seed_rejected_and_small_written(
            &names,
            &seed,
            kafka::read_all(&names.dead_letter),
            kafka::read_all(&names.output),
        );
    })
    .await;
}

/// An output topic with a smaller `max.message.bytes` than the producer's:
/// the enriched record it would refuse is dead-lettered, in either delivery
/// mode, and the worker goes on (under exactly-once a broker refusal would
/// abort every retry of the transaction).
async fn an_enriched_record_too_large_for_the_output_topic_dead_letters_its_input(delivery: &str) {
    kafka::within(Duration::from_secs(150), async {
        let names = Names::new(&format!("topicmax-{delivery}"));
        kafka::create_topic(&names.input, 1).await;
        kafka::create_topic_configured(&names.output, 1, &[("max.message.bytes", "3500")]).await;
        let seed = produce_seed_then_small(&names).await;
        // The seed (2.4 kB) fits the input topic; its enriched record
        // (~4.9 kB) is over the output topic's 3,500 bytes, uncompressed so
        // that the broker would refuse it too.
        let settings = kafka::settings(
            &names,
            &[
                ("kafka.producer.compression.type", "none"),
                ("worker.delivery", delivery),
                ("worker.instance_id", "topicmax"),
            ],
        );
        let worker = Worker::start(settings, engine());
        let (out, dlq) = (names.output.clone(), names.dead_letter.clone());
        kafka::wait_until(
            Duration::from_secs(90),
            "a dead letter and an output",
            move || {
                !kafka::read_committed(&dlq).is_empty() && !kafka::read_committed(&out).is_empty()
            },
        )
        .await;
        worker.stop().await.expect("clean stop");
        assert_seed_rejected_and_small_written(
            &names,
            &seed,
            kafka::read_committed(&names.dead_letter),
            kafka::read_committed(&names.output),
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_enriched_record_too_large_for_the_output_topic_is_a_dead_letter_at_least_once() {
    an_enriched_record_too_large_for_the_output_topic_dead_letters_its_input("at-least-once").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_enriched_record_too_large_for_the_output_topic_is_a_dead_letter_exactly_once() {
    an_enriched_record_too_large_for_the_output_topic_dead_letters_its_input("exactly-once").await;
}

/// The engine, slowed down, so that work is still in flight when one of
/// two workers leaves the group.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workers_share_4_partitions_then_the_survivor_takes_over_without_loss() {
    handover("pair", None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn handover_without_loss_with_cooperative_sticky_assignment() {
    handover("sticky", Some("cooperative-sticky")).await;
}

/// Two workers in one group share 4 partitions under load; one leaves
/// gracefully; the other takes every partition over and finishes. Checks
/// that every input has an output (duplicates allowed, losses not) and
/// that the group committed every offset.
async fn handover(name: &str, strategy: Option<&str>) {
    kafka::within(Duration::from_secs(300), async {
        const N: usize = 3000;
        let names = Names::new(name);
        kafka::create_topic(&names.input, 4).await;
        let inputs: Vec<Input> = (0..N)
            .map(|i| Input {
                key: Some(format!("k{i}").into_bytes()),
                value: Some(good_input(i)),
                ..Input::default()
            })
            .collect();
        let coords = kafka::produce(&kafka::producer(), &names.input, &inputs).await;
        let mut extra = vec![
            ("worker.max_in_flight", "50"),
            ("worker.enrich_threads", "1"),
        ];
        if let Some(s) = strategy {
            extra.push(("kafka.consumer.partition.assignment.strategy", s));
        }
        let slow = || Arc::new(enrichers::Slow(Duration::from_millis(3)));
        let a = Worker::start(kafka::settings(&names, &extra), slow());
        let b = Worker::start(kafka::settings(&names, &extra), slow());
        let (ta, tb) = (a.telemetry.clone(), b.telemetry.clone());
        kafka::wait_until(
            Duration::from_secs(60),
            "both workers assigned",
            move || ta.health().assigned() > 0 && tb.health().assigned() > 0,
        )
        .await;
        assert_eq!(
            a.telemetry.health().assigned() + b.telemetry.health().assigned(),
            4,
            "the group splits the 4 partitions"
        );
        // Both have work under way before A leaves: A's first output can
        // come late (under cooperative-sticky it gets its partitions only
        // after B gave them up), so wait for it rather than sample once.
        let (ta, out) = (a.telemetry.clone(), names.output.clone());
        let topic = names.output.clone();
        kafka::wait_until(
            Duration::from_secs(120),
            "output from both workers",
            move || {
                let a_produced = ta
                    .metrics()
                    .produced
                    .get_or_create(&newswire::telemetry::metrics::TopicLabels {
                        topic: topic.clone(),
                    })
                    .get();
                a_produced > 0 && kafka::count(&out) >= 300
            },
        )
        .await;
        assert!(
            kafka::count(&names.output) < N as i64,
            "A leaves while there is work left"
        );
        a.stop().await.expect("A leaves cleanly");
        let tb = b.telemetry.clone();
        kafka::wait_until(
            Duration::from_secs(60),
            "B takes all 4 partitions",
            move || tb.health().assigned() == 4,
        )
        .await;
        let out = names.output.clone();
        kafka::wait_until(Duration::from_secs(240), "all outputs", move || {
            kafka::count(&out) >= N as i64
        })
        .await;
        let telemetry_b = b.telemetry.clone();
        b.stop().await.expect("B stops cleanly");
        let b_produced = telemetry_b.totals(&newswire::telemetry::summary::SummaryTopics {
            input: names.input.clone(),
            output: names.output.clone(),
            dead_letter: names.dead_letter.clone(),
        });
        assert!(b_produced.produced > 0);

        let outputs = kafka::read_all(&names.output);
        let sources: BTreeSet<(i32, i64)> = outputs.iter().map(kafka::Record::source).collect();
        let wanted: BTreeSet<(i32, i64)> = coords.iter().copied().collect();
        let lost: Vec<_> = wanted.difference(&sources).collect();
        assert!(
            lost.is_empty(),
            "{} inputs lost, e.g. {:?}",
            lost.len(),
            &lost[..lost.len().min(5)]
        );
        eprintln!(
            "{name}: {} outputs for {N} inputs ({} duplicates from the handover)",
            outputs.len(),
            outputs.len() - N
        );
        let committed = kafka::committed(&names.group, &names.input);
        for (p, end) in kafka::end_offsets(&names.input) {
            assert_eq!(committed[&p], Some(end), "partition {p} fully committed");
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_output_pauses_fetching_then_resumes_without_loss_or_reordering() {
    kafka::within(Duration::from_secs(120), async {
        const N: usize = 8;
        let names = Names::new("pause");
        kafka::create_topic(&names.input, 1).await;
        let inputs: Vec<Input> = (0..N)
            .map(|i| Input {
                value: Some(good_input(i)),
                ..Input::default()
            })
            .collect();
        kafka::produce(&kafka::producer(), &names.input, &inputs).await;
        // Two records in flight at most, each taking longer than the 500 ms
        // the consumer waits before pausing.
        let settings = kafka::settings(
            &names,
            &[
                ("worker.max_in_flight", "2"),
                ("worker.enrich_threads", "1"),
                ("topics.partitions", "1"),
            ],
        );
        let worker = Worker::start(
            settings,
            Arc::new(enrichers::Slow(Duration::from_millis(700))),
        );
        let out = names.output.clone();
        kafka::wait_until(Duration::from_secs(60), "all outputs", move || {
            kafka::count(&out) >= N as i64
        })
        .await;
        let telemetry = worker.telemetry.clone();
        worker.stop().await.expect("clean stop");
        assert!(telemetry.metrics().pauses.get() > 0, "fetching was paused");
        assert_eq!(telemetry.metrics().paused.get(), 0, "and resumed");
        let outputs = kafka::read_all(&names.output);
        let offsets: Vec<i64> = outputs.iter().map(|r| r.source().1).collect();
        assert_eq!(offsets, (0..N as i64).collect::<Vec<_>>(), "all, in order");
        assert_eq!(
            kafka::committed(&names.group, &names.input)[&0],
            Some(N as i64)
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_dead_letter_produce_stops_the_worker_and_leaves_its_offset_uncommitted() {
    kafka::within(Duration::from_secs(120), async {
        let names = Names::new("dlqfail");
        kafka::create_topic(&names.input, 1).await;
        kafka::create_topic(&names.output, 1).await;
        kafka::create_topic(&names.dead_letter, 1).await;
        let settings = kafka::settings(
            &names,
            &[
                ("topics.create", "false"),
                ("kafka.producer.message.timeout.ms", "3000"),
            ],
        );
        let worker = Worker::start(settings, engine());
        let good = |i: usize| Input {
            value: Some(good_input(i)),
            ..Input::default()
        };
        let producer = kafka::producer();
        kafka::produce(&producer, &names.input, &[good(0)]).await;
        let (group, input) = (names.group.clone(), names.input.clone());
        kafka::wait_until(
            Duration::from_secs(60),
            "first record committed",
            move || kafka::committed(&group, &input)[&0] == Some(1),
        )
        .await;
        // The dead-letter topic disappears; then a bad record arrives.
        kafka::delete_topic(&names.dead_letter).await;
        let bad = Input {
            value: Some(b"not json".to_vec()),
            ..Input::default()
        };
        kafka::produce(&producer, &names.input, &[bad, good(2)]).await;
        let ended = worker.join(Duration::from_secs(60)).await;
        match ended {
            Err(newswire::pipeline::PipelineError::Produce { topic, offset, .. }) => {
                assert_eq!(topic, names.dead_letter);
                assert_eq!(offset, 1);
            }
            other => panic!("expected a fatal dead-letter produce error, got {other:?}"),
        }
        assert_eq!(
            kafka::committed(&names.group, &names.input)[&0],
            Some(1),
            "the offset of the record whose dead letter failed is not committed"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_healthz_and_readyz_answer_as_specified() {
    kafka::within(Duration::from_secs(120), async {
        let names = Names::new("http");
        kafka::create_topic(&names.input, 2).await;
        let telemetry = Telemetry::new();
        let server = HttpServer::start("127.0.0.1:0".parse().unwrap(), telemetry.clone())
            .await
            .unwrap();
        let addr = server.local_addr();
        let get = move |path: &'static str| {
            tokio::task::spawn_blocking(move || {
                http::get(addr, path).expect("the endpoint answers")
            })
        };
        assert_eq!(get("/healthz").await.unwrap(), (200, "ok\n".into()));
        let (status, body) = get("/readyz").await.unwrap();
        assert_eq!(status, 503, "not ready before joining the group");
        assert!(body.contains("not assigned"), "{body}");

        let settings = kafka::settings(&names, &[("telemetry.stats_interval", "200ms")]);
        let t = telemetry.clone();
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let worker = tokio::spawn(async move {
            newswire::pipeline::run(&settings, engine(), t, async {
                let _ = stop_rx.await;
            })
            .await
        });
        kafka::wait_until(Duration::from_secs(60), "/readyz 200", move || {
            http::get(addr, "/readyz") == Some((200, "ready\n".into()))
        })
        .await;
        kafka::produce(
            &kafka::producer(),
            &names.input,
            &[
                Input {
                    partition: Some(0),
                    value: Some(SEED.trim().as_bytes().to_vec()),
                    ..Input::default()
                },
                Input {
                    partition: Some(1),
                    value: Some(b"{oops".to_vec()),
                    ..Input::default()
                },
            ],
        )
        .await;
        let dlq = names.dead_letter.clone();
        let input = names.input.clone();
        kafka::wait_until(
            Duration::from_secs(60),
            "metrics of both records and lag",
            move || {
                let (_, m) = http::get(addr, "/metrics").expect("the endpoint answers");
                m.contains(&format!(
                    "newswire_messages_dead_lettered_total{{topic=\"{dlq}\",class=\"not_json\"}} 1"
                )) && m.contains(&format!(
                    "newswire_consumer_lag_messages{{topic=\"{input}\",partition=\"1\"}} 0"
                ))
            },
        )
        .await;
        let (status, metrics) = get("/metrics").await.unwrap();
        assert_eq!(status, 200);
        for needle in [
            format!(
                "newswire_messages_consumed_total{{topic=\"{}\"}} 2",
                names.input
            ),
            format!(
                "newswire_messages_produced_total{{topic=\"{}\"}} 1",
                names.output
            ),
            "newswire_enrich_duration_seconds_count 2".to_owned(),
            "newswire_processing_duration_seconds_count 2".to_owned(),
            "newswire_end_to_end_latency_seconds_count 2".to_owned(),
            "newswire_in_flight_messages 0".to_owned(),
            "newswire_assigned_partitions 2".to_owned(),
            "newswire_rebalances_total{kind=\"assign\"}".to_owned(),
            format!(
                "newswire_consumer_lag_messages{{topic=\"{}\",partition=\"0\"}} 0",
                names.input
            ),
            "# EOF".to_owned(),
        ] {
            assert!(
                metrics.contains(&needle),
                "/metrics lacks {needle:?}:\n{metrics}"
            );
        }
        assert_eq!(get("/nope").await.unwrap().0, 404);
        let post = tokio::task::spawn_blocking(move || http::request(addr, "POST", "/metrics"))
            .await
            .unwrap();
        assert_eq!(post.map(|(status, _)| status), Some(405));

        stop_tx.send(()).unwrap();
        worker.await.unwrap().expect("clean stop");
        let (status, body) = get("/readyz").await.unwrap();
        assert_eq!((status, body.as_str()), (503, "not ready: shutting down\n"));
        assert_eq!(get("/healthz").await.unwrap().0, 200);
    })
    .await;
}
