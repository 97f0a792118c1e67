//! Dateline cases as data: `tests/cases/<lang>/dateline.toml`, one harness
//! for every language (a new language is a new file of cases).
//!
//! Each `[[case]]` has a `name`, a `body`, optionally `published` (RFC 3339)
//! and `note`; then either `none = true` (the body has no dateline) or the
//! expected `text`, `location`, `canonical`, and — null when left out —
//! `country`, `date`, `agency`. The whole dateline is compared, and a
//! failure prints expected and got in full.

mod support;

use std::fs;

use newswire::enrich::Engine;
use newswire::record::Article;
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Debug, Deserialize)]
struct File {
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    body: String,
    published: Option<String>,
    note: Option<String>,
    #[serde(default)]
    none: bool,
    text: Option<String>,
    location: Option<String>,
    canonical: Option<String>,
    country: Option<String>,
    date: Option<String>,
    agency: Option<String>,
}

impl Case {
    fn expected(&self) -> Value {
        if self.none {
            return Value::Null;
        }
        json!({
            "text": self.text, "location": self.location, "canonical": self.canonical,
            "country": self.country, "date": self.date, "agency": self.agency,
        })
    }
}

fn got(engine: &Engine, lang: &str, case: &Case) -> Value {
    let mut article = json!({"id": case.name, "language": lang, "body": case.body});
    if let Some(p) = &case.published {
        article["published_at"] = json!(p);
    }
    let article = Article::from_value(article).expect("case decodes");
    let e = engine.enrich(&article);
    if let Err(err) = support::check_offsets("", &case.body, &e) {
        return json!({ "bad offsets": err });
    }
    match e.dateline {
        None => Value::Null,
        Some(d) => json!({
            "text": d.text, "location": d.location, "canonical": d.canonical,
            "country": d.country, "date": d.date, "agency": d.agency,
        }),
    }
}

#[test]
fn dateline_cases_in_every_language() {
    let engine = Engine::new().expect("resources load");
    let mut failures = Vec::new();
    let mut total = 0;
    for lang in ["it", "en", "fr", "es", "de", "pt"] {
        let path = format!(
            "{}/tests/cases/{lang}/dateline.toml",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let file: File = toml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(file.case.len() >= 5, "{path}: too few cases");
        for case in &file.case {
            total += 1;
            assert!(
                case.none
                    || (case.text.is_some() && case.location.is_some() && case.canonical.is_some()),
                "{path}: case {} needs none = true or text, location and canonical",
                case.name
            );
            let (want, got) = (case.expected(), got(&engine, lang, case));
            if want != got {
                failures.push(format!(
                    "{lang}/{}{}\n  body:     {:?}\n  expected: {want}\n  got:      {got}",
                    case.name,
                    case.note
                        .as_deref()
                        .map(|n| format!(" ({n})"))
                        .unwrap_or_default(),
                    case.body.chars().take(90).collect::<String>(),
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {total} dateline cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
