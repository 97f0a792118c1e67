//! Every span newswire reports slices the original text back to what it says,
//! whatever the text: combining marks, emoji, CRLF, NBSP, RTL, stray marks.

mod support;

use newswire::enrich::Engine;
use newswire::record::Article;
use proptest::prelude::*;
use serde_json::json;
use support::check_offsets;

fn enrich(engine: &Engine, title: &str, body: &str) -> newswire::enrich::Enrichment<'static> {
    let rec = json!({"title": title, "body": body});
    engine
        .enrich(&Article::from_value(rec).unwrap())
        .into_owned()
}

/// Pieces that stress offsets: decomposed accents, emoji with modifiers and
/// joiners, CRLF, NBSP and narrow NBSP, RTL text and marks, quote marks,
/// dashes, and plausible names, places and dates.
const PIECES: &[&str] = &[
    "Mosca, 13 settembre 2023 – ",
    "LONDON, Nov 28 (Reuters) - ",
    "Citta\u{300} del Vaticano",
    "Forli\u{300}",
    "e\u{301}",
    "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}",
    "\u{1F44D}\u{1F3FD}",
    "\r\n",
    "\n\n",
    "\u{a0}",
    "\u{202f}",
    "\u{5e9}\u{5dc}\u{5d5}\u{5dd}",
    "\u{200f}",
    "\u{202e}abc\u{202c}",
    "\"",
    "“",
    "”",
    "«",
    "»",
    "„",
    "‘",
    "’",
    "''",
    "'",
    " – ",
    "—",
    " - ",
    ".",
    ", ",
    ": ",
    "Vladimir Putin",
    "Kim Jong-un",
    "ha detto",
    "said",
    "Roma",
    "New York",
    "l'esercito",
    " ",
    "U.S.",
    "Ø",
    "ß",
    "İ",
    "ﬁ",
    "Å",
    "\u{212b}",
    "\u{1100}\u{1161}\u{11a8}",
    "\u{0}",
    "\t",
];

fn adversarial_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    #[test]
    fn adversarial_pieces_keep_offsets_exact(title in adversarial_text(), body in adversarial_text()) {
        let engine = support::engine();
        prop_assume!(!body.trim().is_empty());
        let e = enrich(engine, &title, &body);
        prop_assert_eq!(check_offsets(&title, &body, &e), Ok(()));
    }

    #[test]
    fn arbitrary_unicode_keeps_offsets_exact(title in "\\PC{0,40}", body in "\\PC{1,300}") {
        let engine = support::engine();
        prop_assume!(!body.trim().is_empty());
        let e = enrich(engine, &title, &body);
        prop_assert_eq!(check_offsets(&title, &body, &e), Ok(()));
    }

    #[test]
    fn document_spans_slice_back(body in adversarial_text()) {
        use newswire::enrich::document::Document;
        let doc = Document::new(None, &body, &Default::default());
        for t in &doc.body.tokens {
            let (s, e) = doc.body.code_points(t.start, t.end);
            let original = doc.body.original_slice(t.start, t.end);
            prop_assert_eq!(support::cp_slice(&body, s, e), original);
        }
        for s in &doc.body.sentences {
            let (a, b) = doc.body.code_points(s.start, s.end);
            prop_assert_eq!(support::cp_slice(&body, a, b), doc.body.original_slice(s.start, s.end));
        }
    }
}
