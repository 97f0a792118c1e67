//! The record contract of DESIGN.md, end to end through the library.

mod support;

use newswire::enrich::{Engine, SCHEMA_VERSION};
use newswire::record::{article_id, encode, Article};
use serde_json::Value;

fn enrich_bytes(engine: &Engine, input: &str) -> Vec<u8> {
    let article = Article::from_slice(input.as_bytes()).unwrap();
    encode(&article, &engine.enrich(&article))
}

#[test]
fn unknown_fields_survive_in_value_and_order() {
    let engine = support::engine();
    let input = r#"{"zeta":{"nested":[1,2.50,{"k":null}],"big":123456789012345678901234567890},"body":"Roma, 4 feb. (Adnkronos) - Il governo ha approvato il decreto.","x-custom":"città «sì» 🎉","flag":false,"id":"a1","alpha":1e400}"#;
    let out: Value = serde_json::from_slice(&enrich_bytes(&engine, input)).unwrap();
    let inp: Value = serde_json::from_str(input).unwrap();
    let out = out.as_object().unwrap();
    let inp = inp.as_object().unwrap();
    let out_keys: Vec<&String> = out.keys().collect();
    let mut want_keys: Vec<&String> = inp.keys().collect();
    let enrichment_key = "enrichment".to_string();
    want_keys.push(&enrichment_key);
    assert_eq!(out_keys, want_keys, "input keys in order, then enrichment");
    for (k, v) in inp {
        assert_eq!(&out[k], v, "field {k} changed");
    }
    // Numbers are kept exactly as written, not rounded through f64.
    let text = String::from_utf8(enrich_bytes(&engine, input)).unwrap();
    assert!(text.contains("123456789012345678901234567890"), "{text}");
    assert!(text.contains("2.50"), "{text}");
}

#[test]
fn enrichment_has_the_final_shape() {
    let engine = support::engine();
    let input = r#"{"id":"x","title":"Titolo","body":"Il presidente ha parlato a lungo oggi a Roma con i giornalisti."}"#;
    let out: Value = serde_json::from_slice(&enrich_bytes(&engine, input)).unwrap();
    let e = &out["enrichment"];
    let keys: Vec<&str> = e.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "schema_version",
            "engine",
            "language",
            "dateline",
            "entities",
            "quotes"
        ]
    );
    assert_eq!(e["schema_version"], SCHEMA_VERSION);
    assert_eq!(
        e["engine"],
        format!("newswire/{}", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(e["language"], "it");
    assert!(e["entities"].is_array() && e["quotes"].is_array());
}

#[test]
fn a_replayed_output_gets_a_fresh_enrichment_not_a_second_key() {
    let engine = support::engine();
    let input = r#"{"body":"The minister spoke in London on Monday about the budget.","enrichment":{"stale":true}}"#;
    let text = String::from_utf8(enrich_bytes(&engine, input)).unwrap();
    assert_eq!(text.matches("\"enrichment\"").count(), 1, "{text}");
    let out: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(out["enrichment"]["language"], "en");
}

#[test]
fn ids_follow_the_rule() {
    let a = Article::from_slice(br#"{"id":"given","body":"x"}"#).unwrap();
    assert_eq!(article_id(&a, Some(b"key")), "given");
    let b = Article::from_slice(br#"{"body":"x"}"#).unwrap();
    assert_eq!(article_id(&b, Some(b"key")), "key");
    let hashed = article_id(&b, None);
    assert!(hashed.len() == 32 && hashed.chars().all(|c| c.is_ascii_hexdigit()));
    let same = Article::from_slice(br#"{"body":"x","other":1}"#).unwrap();
    assert_eq!(
        article_id(&same, None),
        hashed,
        "the hash covers the content only"
    );
}

#[test]
fn declared_language_wins() {
    let engine = support::engine();
    let input =
        r#"{"language":"pt-BR","body":"The minister spoke in London on Monday about the budget."}"#;
    let out: Value = serde_json::from_slice(&enrich_bytes(&engine, input)).unwrap();
    assert_eq!(out["enrichment"]["language"], "pt");
}
