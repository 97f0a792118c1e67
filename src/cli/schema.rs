//! `newswire schema`: prints the JSON Schemas of what newswire writes.
//!
//! - `newswire schema` (or `newswire schema record`): the output record,
//!   generated from the Rust types ([`record_schema`]);
//! - `newswire schema dead-letter`: the headers of a dead-letter record
//!   ([`dead_letter_headers_schema`]).
//!
//! Both are committed under `schema/` and checked against these generators
//! by the tests. The header schema lives here, at the edge, because its parts
//! come from three modules: header names from the shell (`pipeline`), error
//! classes from the record contract, the core and the shell.

use std::io::Write;
use std::process::ExitCode;

use serde_json::{json, Value};

use crate::enrich::{EnrichError, ENGINE};
use crate::pipeline::{dead_letter, producer};
use crate::record::{record_schema, DecodeError};

/// Arguments of `newswire schema`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Which schema to print.
    #[arg(value_enum, default_value_t = Which::Record)]
    pub which: Which,
}

/// The schemas `newswire schema` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Which {
    /// The output record (`schema/record.schema.json`).
    Record,
    /// The headers of a dead-letter record
    /// (`schema/dead-letter-headers.schema.json`).
    DeadLetter,
}

/// Prints the chosen schema, indented, to stdout.
pub fn run(args: Args) -> ExitCode {
    let schema = match args.which {
        Which::Record => record_schema(),
        Which::DeadLetter => dead_letter_headers_schema(),
    };
    let text = serde_json::to_string_pretty(&schema).expect("schema serialises");
    match writeln!(std::io::stdout().lock(), "{text}") {
        Ok(()) => ExitCode::SUCCESS,
        // `newswire schema | head` is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("newswire: cannot write the schema: {e}");
            ExitCode::from(2)
        }
    }
}

/// Every `newswire.error.class` a dead letter can carry: the record
/// contract's decode errors, the core's enrich errors, then the checks the
/// shell makes itself.
pub fn dead_letter_classes() -> Vec<&'static str> {
    let mut classes = DecodeError::classes();
    // One value per EnrichError variant. The match is exhaustive on purpose:
    // a new variant stops the build here until it is listed.
    let enrich = [EnrichError::Panicked(String::new())];
    for e in &enrich {
        match e {
            EnrichError::Panicked(_) => {}
        }
    }
    classes.extend(enrich.iter().map(EnrichError::class));
    classes.extend([
        dead_letter::TOO_LARGE,
        dead_letter::NO_VALUE,
        dead_letter::OUTPUT_REJECTED,
    ]);
    classes
}

/// The longest `newswire.error.message` in characters: the worker cuts
/// longer messages and marks the cut.
fn max_message_chars() -> usize {
    dead_letter::header_message(&"x".repeat(1 << 16))
        .chars()
        .count()
}

/// The JSON Schema (draft 2020-12) of a dead-letter record's headers, seen
/// as one JSON object from header name to its value as UTF-8 text.
pub fn dead_letter_headers_schema() -> Value {
    let decimal = json!({"type": "string", "pattern": "^(0|[1-9][0-9]*)$"});
    let classes = dead_letter_classes();
    let names = [
        dead_letter::header::CLASS,
        dead_letter::header::MESSAGE,
        producer::header::SOURCE_TOPIC,
        producer::header::SOURCE_PARTITION,
        producer::header::SOURCE_OFFSET,
        producer::header::ENGINE,
        producer::header::PROCESSED_AT,
    ];
    let mut properties = serde_json::Map::new();
    let mut add = |name: &str, schema: Value| {
        properties.insert(name.to_owned(), schema);
    };
    add(
        dead_letter::header::CLASS,
        json!({
            "description": "Why the record could not be enriched: a stable, machine-readable class.",
            "enum": classes,
        }),
    );
    add(
        dead_letter::header::MESSAGE,
        json!({
            "description": "What was wrong, for people, e.g. `wrong type: field \"title\" must be a string or null, found an array`. Longer messages are cut and end with `… (cut)`.",
            "type": "string",
            "minLength": 1,
            "maxLength": max_message_chars(),
        }),
    );
    add(
        producer::header::SOURCE_TOPIC,
        json!({
            "description": "The input topic the record was consumed from.",
            "type": "string",
            "pattern": "^[A-Za-z0-9._-]{1,249}$",
        }),
    );
    let mut partition = decimal.clone();
    partition["description"] = json!("The input partition, in decimal.");
    add(producer::header::SOURCE_PARTITION, partition);
    let mut offset = decimal;
    offset["description"] = json!("The input offset, in decimal.");
    add(producer::header::SOURCE_OFFSET, offset);
    add(
        producer::header::ENGINE,
        json!({
            "description": "The engine that handled the record: `newswire/<version>`.",
            "type": "string",
            "pattern": "^newswire/[0-9]+\\.[0-9]+\\.[0-9]+([-+][0-9A-Za-z.+-]*)?$",
            "examples": [ENGINE],
        }),
    );
    add(
        producer::header::PROCESSED_AT,
        json!({
            "description": "When the worker produced the dead letter: RFC 3339, UTC, milliseconds.",
            "type": "string",
            "format": "date-time",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z$",
        }),
    );
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "newswire dead-letter headers",
        "description": "The Kafka headers of a record on the dead-letter topic, as an object from header name to value (UTF-8 text). The record's key and value are the input's, byte for byte. Its headers are the input's own headers (any name not starting with `newswire.`; earlier `newswire.*` headers are dropped), then these, each once.",
        "type": "object",
        "properties": properties,
        "required": names,
        "propertyNames": {
            "anyOf": [
                {"enum": names},
                {"not": {"pattern": "^newswire\\."}}
            ]
        },
        "additionalProperties": true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_are_distinct_and_include_every_source() {
        let classes = dead_letter_classes();
        let mut unique = classes.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), classes.len(), "{classes:?}");
        for class in ["not_json", "enrich_panic", "too_large", "output_rejected"] {
            assert!(classes.contains(&class), "{class} missing: {classes:?}");
        }
    }

    #[test]
    fn message_bound_is_the_cut_length() {
        // 2048 bytes of ASCII plus the marker.
        assert_eq!(max_message_chars(), 2048 + "… (cut)".chars().count());
    }
}
