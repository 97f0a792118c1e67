//! Properties of quote extraction on arbitrary text: it never panics, every
//! quote is a slice of the body that the record's offsets point to, quotes
//! come in order without overlapping, and the work stays linear on
//! adversarial input (thousands of stray or nested marks).

mod support;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use newswire::enrich::document::{Document, Field};
use newswire::enrich::language::Lang;
use newswire::enrich::quotes::{self, Rules};
use newswire::enrich::Engine;
use newswire::record::Article;
use proptest::prelude::*;
use serde_json::json;
use support::check_offsets;

/// Text pieces: every quotation mark, apostrophes in and out of words,
/// no-break spaces, paragraph breaks, speech verbs, names, role nouns.
const PIECES: &[&str] = &[
    "\"",
    "“",
    "”",
    "«",
    "»",
    "„",
    "‚",
    "‘",
    "’",
    "'",
    "''",
    "’’",
    "‹",
    "›",
    "\u{a0}",
    "\u{202f}",
    " ",
    " ",
    " ",
    "\n",
    "\n\n",
    ", ",
    ". ",
    ": ",
    " – ",
    "l'esercito",
    "it's",
    "Khan’s",
    "9\"80",
    "ha detto",
    "said",
    "a déclaré",
    "dijo",
    "sagte",
    "disse",
    "secondo",
    "according to",
    "so",
    "Mario Rossi",
    "Kim Jong-un",
    "il ministro",
    "the court",
    "he",
    "elle",
    "una residente",
    "La",
    "situazione",
    "è grave",
    "We",
    "will",
    "win",
    "e\u{301}",
    "\u{1F44D}\u{1F3FD}",
    "(",
    ")",
];

fn text_from(indices: &[usize]) -> String {
    indices.iter().map(|&i| PIECES[i % PIECES.len()]).collect()
}

fn check_find(lang: Lang, text: &str) -> Result<(), TestCaseError> {
    let rules = Rules::load(lang).expect("rules");
    let doc = Document::new(None, text, &HashSet::new());
    let found = quotes::find(&doc, &rules, &[]);
    let body = doc.body.as_str();
    let mut last_end = 0;
    for q in &found {
        prop_assert_eq!(q.span.field, Field::Body);
        prop_assert!(q.span.start < q.span.end && q.span.end <= body.len());
        prop_assert!(body.is_char_boundary(q.span.start) && body.is_char_boundary(q.span.end));
        prop_assert!(q.span.start >= last_end, "quotes overlap or go backwards");
        let t = &body[q.span.start..q.span.end];
        prop_assert_eq!(t.trim(), t, "quote text is trimmed");
        if let Some(v) = q.verb {
            prop_assert!(v.end <= body.len() && body.is_char_boundary(v.start));
        }
        last_end = q.span.end;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_text_with_marks_gives_valid_quotes(
        idx in proptest::collection::vec(0usize..1000, 0..80),
        lang in 0usize..6,
    ) {
        check_find(Lang::ALL[lang], &text_from(&idx))?;
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in "\\PC{0,200}", lang in 0usize..6) {
        check_find(Lang::ALL[lang], &text)?;
    }

    #[test]
    fn record_offsets_slice_the_quote_text(
        idx in proptest::collection::vec(0usize..1000, 0..60),
        lang in 0usize..6,
    ) {
        let body = text_from(&idx);
        let code = Lang::ALL[lang].code();
        let Ok(article) = Article::from_value(json!({"body": body, "language": code})) else {
            return Ok(());
        };
        let e = engine().enrich(&article);
        if let Err(msg) = check_offsets("", &body, &e) {
            return Err(TestCaseError::fail(msg));
        }
    }
}

fn engine() -> &'static Engine {
    static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    ENGINE.get_or_init(|| Engine::new().expect("engine"))
}

/// Runs quote extraction on `text` in every language within `budget`.
fn finishes_within(text: &str, budget: Duration) {
    for lang in Lang::ALL {
        let rules = Rules::load(lang).expect("rules");
        let doc = Document::new(None, text, &HashSet::new());
        let start = Instant::now();
        let found = quotes::find(&doc, &rules, &[]);
        let took = start.elapsed();
        assert!(
            took < budget,
            "{}: {} bytes took {took:?} ({} quotes)",
            lang.code(),
            text.len(),
            found.len()
        );
    }
}

#[test]
fn stray_marks_stay_linear() {
    let budget = Duration::from_secs(3);
    // 100k unpaired openers, then a real quote.
    finishes_within(
        &("“".repeat(100_000) + " «Sì», ha detto Mario Rossi."),
        budget,
    );
    // 100k straight marks between words: 50k tiny quotes in one sentence.
    finishes_within(&"a \"b\" ".repeat(50_000), budget);
    // Deep nesting that never closes, and closers with no opener.
    finishes_within(&("« ".repeat(50_000) + &" »".repeat(50_000)), budget);
    // Apostrophes everywhere, with speech verbs around.
    finishes_within(&"l'esercito ha detto '' ''x ".repeat(20_000), budget);
    // Many quotes separated by long runs of punctuation and terminators.
    finishes_within(
        &"«Ecco....... ...» , , , ha detto Rossi: ".repeat(10_000),
        budget,
    );
}

#[test]
fn a_stray_mark_never_drops_the_rest_of_the_article() {
    let rules = Rules::load(Lang::It).expect("rules");
    let text = "Apre \" e non chiude.\n«Prima citazione vera», ha detto Mario Rossi.\n\
                Poi un » isolato. «Seconda citazione vera», ha aggiunto Rossi.";
    let doc = Document::new(None, text, &HashSet::new());
    let found: Vec<&str> = quotes::find(&doc, &rules, &[])
        .iter()
        .map(|q| doc.text(q.span))
        .collect();
    assert_eq!(found, ["Prima citazione vera", "Seconda citazione vera"]);
}
