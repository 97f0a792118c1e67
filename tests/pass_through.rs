//! `worker.enrich = false` against the real broker: what the pass-through
//! emits (the benchmark's baseline, see the README's Benchmarks section).
//!
//! Every good record comes out once, its value byte for byte the input's
//! (so no `enrichment` key), keyed by the article id as an enriched record
//! would be, with the input's headers and the provenance headers; bad
//! records still become dead letters with their class; offsets are
//! committed after the acknowledgements; and the core is never called.

mod support;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use newswire::enrich::{EnrichError, Enrichment};
use newswire::pipeline::Enricher;
use newswire::record::{article_id, Article};
use support::kafka::{self, Input, Names, Worker};

/// An enricher that must not be called: the test fails if it is.
struct Forbidden;

impl Enricher for Forbidden {
    fn enrich<'a>(&self, _: &'a Article) -> Result<Enrichment<'a>, EnrichError> {
        panic!("the pass-through called the enricher");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pass_through_copies_values_keyed_by_id_and_still_dead_letters_bad_input() {
    kafka::within(Duration::from_secs(120), async {
        let names = Names::new("passthrough");
        kafka::create_topic(&names.input, 2).await;
        let good: Vec<(Option<&[u8]>, &[u8])> =
            vec![
            // An id: the key is the id, not the message key.
            (
                Some(b"k-1"),
                br#"{"id":"a-1","body":"Roma, 3 maggio - Il ministro ha parlato.","x":[1,2.50]}"#,
            ),
            // No id: the message key.
            (
                Some(b"k-2"),
                br#"{"text":"LONDON (Reuters) - Shares rose.",  "title":"Markets"}"#,
            ),
            // Neither: the content hash, as for an enriched record.
            (None, br#"{"content":"Berlin (dpa) - Die Regierung hat entschieden."}"#),
        ];
        let mut inputs: Vec<Input> = good
            .iter()
            .map(|(k, v)| Input {
                key: k.map(<[u8]>::to_vec),
                value: Some(v.to_vec()),
                headers: vec![("trace-id".into(), b"t-9".to_vec())],
                ..Input::default()
            })
            .collect();
        let bad: [(&[u8], &str); 2] = [
            (b"not json", "not_json"),
            (br#"{"id":"nobody","title":"no body"}"#, "missing_body"),
        ];
        inputs.extend(bad.iter().map(|(v, _)| Input {
            key: Some(b"bad".to_vec()),
            value: Some(v.to_vec()),
            ..Input::default()
        }));
        let coords = kafka::produce(&kafka::producer(), &names.input, &inputs).await;

        let settings = kafka::settings(&names, &[("worker.enrich", "false")]);
        assert!(!settings.worker.enrich);
        let worker = Worker::start(settings, Arc::new(Forbidden));
        let (out, dlq) = (names.output.clone(), names.dead_letter.clone());
        kafka::wait_until(
            Duration::from_secs(60),
            "3 outputs and 2 dead letters",
            move || kafka::count(&out) >= 3 && kafka::count(&dlq) >= 2,
        )
        .await;
        worker.stop().await.expect("clean stop");

        let records = kafka::read_all(&names.output);
        assert_eq!(records.len(), 3, "one output per good input");
        let by_source: HashMap<(i32, i64), &kafka::Record> =
            records.iter().map(|r| (r.source(), r)).collect();
        for (i, (key, value)) in good.iter().enumerate() {
            let r = by_source
                .get(&coords[i])
                .unwrap_or_else(|| panic!("no output for input {i}"));
            assert_eq!(r.value.as_deref(), Some(*value), "input {i}: value copied");
            assert!(r.json().get("enrichment").is_none());
            let id = article_id(&Article::from_slice(value).unwrap(), *key);
            assert_eq!(r.key.as_deref(), Some(id.as_bytes()), "input {i}: key");
            assert_eq!(r.header("trace-id"), Some("t-9"));
            assert_eq!(
                r.header("newswire.source.topic"),
                Some(names.input.as_str())
            );
        }
        assert_eq!(by_source[&coords[0]].key.as_deref(), Some(&b"a-1"[..]));
        assert_eq!(by_source[&coords[1]].key.as_deref(), Some(&b"k-2"[..]));

        let dead = kafka::read_all(&names.dead_letter);
        let mut classes: Vec<(&str, &[u8])> = dead
            .iter()
            .map(|r| {
                (
                    r.header("newswire.error.class").unwrap(),
                    r.value.as_deref().unwrap(),
                )
            })
            .collect();
        classes.sort();
        let mut expected: Vec<(&str, &[u8])> = bad.iter().map(|(v, c)| (*c, *v)).collect();
        expected.sort();
        assert_eq!(classes, expected, "bad input dead-lettered untouched");

        // Every input's offset committed, on both partitions.
        let mut ends: HashMap<i32, i64> = HashMap::new();
        for (p, o) in &coords {
            let e = ends.entry(*p).or_default();
            *e = (*e).max(o + 1);
        }
        let committed = kafka::committed(&names.group, &names.input);
        for (p, end) in ends {
            assert_eq!(committed[&p], Some(end), "partition {p} committed");
        }
    })
    .await;
}
