//! JSON Schema of the output record, generated from the Rust types.
//!
//! The `enrichment` object's schema comes from the [`Enrichment`] type itself
//! (schemars), so it cannot drift from what is serialised; the envelope around
//! it states the input contract (a body under one of its names, typed optional
//! fields, anything else allowed).

use schemars::schema_for;
use serde_json::{json, Value};

use crate::enrich::{Enrichment, SCHEMA_VERSION};

/// The JSON Schema (draft 2020-12) of one output record.
pub fn record_schema() -> Value {
    let mut enrichment =
        serde_json::to_value(schema_for!(Enrichment)).expect("a generated schema is valid JSON");
    let defs = enrichment
        .as_object_mut()
        .and_then(|o| o.remove("$defs"))
        .unwrap_or_else(|| json!({}));
    if let Some(o) = enrichment.as_object_mut() {
        o.remove("$schema");
        o.insert("properties".into(), {
            let mut p = o["properties"].clone();
            p["schema_version"]["const"] = json!(SCHEMA_VERSION);
            p
        });
    }
    let optional_string = json!({"type": ["string", "null"]});
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "newswire enriched record",
        "description": "An input article, unchanged, plus the `enrichment` newswire adds. Offsets are Unicode code points of the original strings, end exclusive.",
        "type": "object",
        "properties": {
            "id": {"type": ["string", "number", "null"]},
            "title": optional_string,
            "body": {"type": "string"},
            "text": {"type": "string"},
            "content": {"type": "string"},
            "url": optional_string,
            "language": optional_string,
            "published_at": {"type": ["string", "null"], "description": "RFC 3339"},
            "source": optional_string,
            "enrichment": enrichment,
        },
        "required": ["enrichment"],
        "anyOf": [
            {"required": ["body"]},
            {"required": ["text"]},
            {"required": ["content"]}
        ],
        "additionalProperties": true,
        "$defs": defs,
    })
}
