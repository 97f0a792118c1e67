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

mod properties {
    use std::sync::LazyLock;

    use newswire::enrich::dateline::WINDOW;
    use newswire::enrich::Engine;
    use newswire::record::Article;
    use proptest::prelude::*;
    use serde_json::{json, Value};

    use super::support;

    static ENGINE: LazyLock<Engine> = LazyLock::new(|| Engine::new().unwrap());

    /// Pieces datelines are made of, and pieces that break them.
    const PIECES: &[&str] = &[
        "ROMA",
        "Roma",
        "CITTA' DEL VATICANO",
        "Città del Vaticano",
        "Los Llanos de Aridane",
        "SÃO PAULO",
        "Springfield",
        "NEW YORK",
        "L'Aquila",
        "St.",
        "LOUIS",
        "Berlin/Kiew",
        ", ",
        ",",
        " ",
        "  ",
        "\u{a0}",
        "\n",
        "(",
        ")",
        "/",
        ".",
        "'",
        "’",
        "-",
        " - ",
        "--",
        " – ",
        " — ",
        ".-",
        "(AGI) - ",
        "(ANSA)",
        "(Reuters)",
        "(EFE)",
        "(La Palma)",
        "(CO)",
        "/PRNewswire/",
        "Ill.",
        "Ukraine",
        "Hawaii",
        "28 NOV",
        "13 settembre 2023",
        "Sept. 13",
        ", 2023",
        "12. März 2024",
        "5 de maio de 2024",
        "13.09.2023",
        "1er",
        "31",
        "29 febbraio",
        "domenica",
        "segunda-feira,",
        "de",
        "del",
        "Il governo",
        "è",
        "e\u{301}",
        "\u{1F44D}",
        "\u{200f}",
        "\u{feff}",
        "\u{0}",
        "\t",
        "0",
        "9999",
    ];

    fn dateline_ish() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(PIECES), 0..24).prop_map(|v| v.concat())
    }

    fn dateline(lang: &str, body: &str, published: Option<&str>) -> (Value, Option<String>) {
        let mut a = json!({"language": lang, "body": body});
        if let Some(p) = published {
            a["published_at"] = json!(p);
        }
        let article = Article::from_value(a).unwrap();
        let e = ENGINE.enrich(&article);
        let offsets = support::check_offsets("", body, &e).err();
        (serde_json::to_value(&e.dateline).unwrap(), offsets)
    }

    /// A found dateline starts where the body's text starts, holds its
    /// location and agency, and slices back from the original.
    fn well_formed(body: &str, d: &Value) -> Result<(), TestCaseError> {
        if d.is_null() {
            return Ok(());
        }
        let text = d["text"].as_str().unwrap();
        let lead = body
            .chars()
            .take_while(|c| c.is_whitespace() || *c == '\u{feff}')
            .count();
        prop_assert_eq!(d["start"].as_u64().unwrap() as usize, lead);
        prop_assert!(text.contains(d["location"].as_str().unwrap()));
        if let Some(a) = d["agency"].as_str() {
            prop_assert!(text.contains(a));
        }
        prop_assert!(!d["canonical"].as_str().unwrap().is_empty());
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

        #[test]
        fn arbitrary_text_never_panics_and_offsets_hold(
            body in "\\PC{0,400}",
            lang in prop::sample::select(&["it", "en", "fr", "es", "de", "pt"][..]),
        ) {
            prop_assume!(!body.trim().is_empty());
            let (d, bad) = dateline(lang, &body, Some("2024-01-02T00:00:00Z"));
            prop_assert_eq!(bad, None);
            well_formed(&body, &d)?;
        }

        #[test]
        fn dateline_pieces_never_panic_and_offsets_hold(
            body in dateline_ish(),
            lang in prop::sample::select(&["it", "en", "fr", "es", "de", "pt"][..]),
            published in prop::option::of(Just("2023-12-31T23:30:00-05:00")),
        ) {
            prop_assume!(!body.trim().is_empty());
            let (d, bad) = dateline(lang, &body, published);
            prop_assert_eq!(bad, None);
            well_formed(&body, &d)?;
        }

        #[test]
        fn only_the_opening_is_read(
            head in dateline_ish(),
            tail_a in "\\PC{0,200}",
            tail_b in "\\PC{0,200}",
        ) {
            // Whatever follows the first WINDOW bytes changes nothing.
            let head = format!("{head}{}", " lorem ipsum".repeat(WINDOW / 12 + 1));
            prop_assume!(!head.trim().is_empty());
            let (a, _) = dateline("it", &format!("{head}{tail_a}"), None);
            let (b, _) = dateline("it", &format!("{head}{tail_b}"), None);
            prop_assert_eq!(a, b);
        }
    }

    #[test]
    fn a_dateline_past_the_window_is_not_looked_for() {
        let body = format!("{}ROMA, 28 NOV - Il governo.", " ".repeat(WINDOW));
        assert_eq!(dateline("it", &body, None).0, Value::Null);
        let body = "\u{feff}\n  ROMA, 28 NOV - Il governo.";
        let d = dateline("it", body, Some("2023-11-28T12:00:00Z")).0;
        assert_eq!(d["start"], 4);
        assert_eq!(d["text"], "ROMA, 28 NOV -");
    }
}
