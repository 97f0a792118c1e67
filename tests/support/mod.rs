//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod articles;
pub mod enrichers;
pub mod http;
pub mod kafka;

use std::sync::OnceLock;

use newswire::enrich::{Engine, Enrichment};

/// One engine for every test in a binary: loading the gazetteers once.
pub fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new().expect("embedded resources load"))
}

/// The code points `start..end` of `s`.
pub fn cp_slice(s: &str, start: usize, end: usize) -> String {
    s.chars()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect()
}

/// Checks that every offset in `e` slices the original `title`/`body` back to
/// the text the record gives for it; returns the first mismatch.
pub fn check_offsets(title: &str, body: &str, e: &Enrichment) -> Result<(), String> {
    let field_text = |f: &str| if f == "title" { title } else { body };
    let check = |what: &str, text: &str, start: usize, end: usize, whole: &str| {
        let got = cp_slice(whole, start, end);
        if start > end || end > whole.chars().count() || got != text {
            Err(format!(
                "{what} {start}..{end}: record says {text:?}, original has {got:?}"
            ))
        } else {
            Ok(())
        }
    };
    if let Some(d) = &e.dateline {
        check("dateline", &d.text, d.start, d.end, body)?;
    }
    for ent in &e.entities {
        for m in &ent.mentions {
            let f = serde_json::to_value(m.field).unwrap();
            check(
                "mention",
                &m.text,
                m.start,
                m.end,
                field_text(f.as_str().unwrap()),
            )?;
        }
    }
    for q in &e.quotes {
        check("quote", &q.text, q.start, q.end, body)?;
    }
    Ok(())
}

/// The path of the `newswire` binary built for these tests.
pub fn newswire_bin() -> &'static str {
    env!("CARGO_BIN_EXE_newswire")
}
