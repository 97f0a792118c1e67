//! Quotation cases as data: `tests/cases/<lang>/quotes.toml`, one harness.
//!
//! Each case gives a body, the entities the entity stage would have found
//! (mentions given as strings, placed at each occurrence), and every quote
//! expected, in order: text, kind, speaker (absent: no speaker), and when
//! given the verb and the attribution. A case fails when the quotes found
//! differ in any checked field; all failures are reported together, each with
//! expected and found side by side. A new language is a new folder of cases.

use std::collections::HashSet;
use std::fs;
use std::path::Path;

use newswire::enrich::document::{Document, Field, Span};
use newswire::enrich::entities;
use newswire::enrich::language::Lang;
use newswire::enrich::output::{Attribution, EntityKind, QuoteKind};
use newswire::enrich::quotes::{self, Rules, Speaker};
use newswire::enrich::resources;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Suite {
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    text: String,
    #[serde(default)]
    entities: Vec<Entity>,
    #[serde(default)]
    quotes: Vec<Expected>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entity {
    kind: String,
    name: String,
    mentions: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    text: String,
    kind: String,
    speaker: Option<String>,
    verb: Option<String>,
    attribution: Option<String>,
}

/// What the extractor found, in the case file's terms.
#[derive(Debug, PartialEq)]
struct Got {
    text: String,
    kind: String,
    speaker: Option<String>,
    verb: Option<String>,
    attribution: String,
}

fn kind_name(k: QuoteKind) -> &'static str {
    match k {
        QuoteKind::Direct => "direct",
        QuoteKind::Partial => "partial",
    }
}

fn attribution_name(a: Attribution) -> &'static str {
    match a {
        Attribution::Explicit => "explicit",
        Attribution::Context => "context",
        Attribution::None => "none",
    }
}

/// Every occurrence of `needle` in `text` not overlapping `taken`.
fn place(text: &str, needle: &str, taken: &mut Vec<(usize, usize)>) -> Vec<Span> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices(needle) {
        let (a, b) = (i, i + needle.len());
        if taken.iter().any(|&(s, e)| a < e && s < b) {
            continue;
        }
        taken.push((a, b));
        out.push(Span::new(Field::Body, a, b));
    }
    out
}

fn build_entities(doc: &Document, case: &Case) -> Vec<entities::Found> {
    let text = doc.body.as_str();
    let mut taken = Vec::new();
    // Longer mentions first, so that `Rossi` does not claim `Mario Rossi`.
    let mut order: Vec<(usize, usize)> = case
        .entities
        .iter()
        .enumerate()
        .flat_map(|(i, e)| (0..e.mentions.len()).map(move |j| (i, j)))
        .collect();
    order.sort_by_key(|&(i, j)| std::cmp::Reverse(case.entities[i].mentions[j].len()));
    let mut mentions: Vec<Vec<Span>> = vec![Vec::new(); case.entities.len()];
    for (i, j) in order {
        let found = place(text, &case.entities[i].mentions[j], &mut taken);
        assert!(
            !found.is_empty(),
            "{}: mention {:?} not in the text",
            case.name,
            case.entities[i].mentions[j]
        );
        mentions[i].extend(found);
    }
    case.entities
        .iter()
        .zip(mentions)
        .map(|(e, mut m)| {
            m.sort();
            entities::Found {
                kind: match e.kind.as_str() {
                    "person" => EntityKind::Person,
                    "organization" => EntityKind::Organization,
                    "location" => EntityKind::Location,
                    other => panic!("{}: unknown entity kind {other:?}", case.name),
                },
                name: e.name.clone(),
                canonical: e.name.clone(),
                country: None,
                mentions: m,
            }
        })
        .collect()
}

fn run(lang: Lang, rules: &Rules, abbreviations: &HashSet<String>, case: &Case) -> Vec<Got> {
    let doc = Document::new(None, &case.text, abbreviations);
    let ents = build_entities(&doc, case);
    quotes::find(&doc, rules, &ents)
        .into_iter()
        .map(|q| {
            assert_eq!(q.span.field, Field::Body, "{} ({})", case.name, lang.code());
            Got {
                text: doc.text(q.span).to_owned(),
                kind: kind_name(q.kind).to_owned(),
                speaker: q.speaker.map(|s| match s {
                    Speaker::Entity(i) => ents[i].name.clone(),
                    Speaker::Unresolved(s) => s,
                }),
                verb: q.verb.map(|v| doc.text(v).to_owned()),
                attribution: attribution_name(q.attribution).to_owned(),
            }
        })
        .collect()
}

fn matches(e: &Expected, g: &Got) -> bool {
    e.text == g.text
        && e.kind == g.kind
        && e.speaker == g.speaker
        && e.verb.as_ref().is_none_or(|v| Some(v) == g.verb.as_ref())
        && e.attribution.as_ref().is_none_or(|a| *a == g.attribution)
}

fn check_language(lang: Lang) -> (usize, Vec<String>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cases")
        .join(lang.code())
        .join("quotes.toml");
    let src = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let suite: Suite = toml::from_str(&src).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let rules = Rules::load(lang).expect("rules load");
    let abbreviations: HashSet<String> =
        resources::word_list(&format!("{}/abbreviations.txt", lang.code()))
            .expect("abbreviations load")
            .into_iter()
            .map(str::to_owned)
            .collect();
    let mut failures = Vec::new();
    let mut names = HashSet::new();
    for case in &suite.case {
        assert!(
            names.insert(&case.name),
            "{}: duplicate case name",
            case.name
        );
        let got = run(lang, &rules, &abbreviations, case);
        let ok = got.len() == case.quotes.len()
            && case.quotes.iter().zip(&got).all(|(e, g)| matches(e, g));
        if !ok {
            failures.push(format!(
                "{}/{}\n  text: {}\n  expected: {:#?}\n  found: {:#?}",
                lang.code(),
                case.name,
                case.text,
                case.quotes,
                got
            ));
        }
    }
    (suite.case.len(), failures)
}

#[test]
fn quote_cases_in_every_language() {
    let mut failures = Vec::new();
    for lang in Lang::ALL {
        let (n, f) = check_language(lang);
        assert!(n >= 10, "{}: only {n} cases", lang.code());
        failures.extend(f);
    }
    assert!(
        failures.is_empty(),
        "{} failing case(s):\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
