//! Entity rules per language, as data: `tests/cases/<lang>/entities.toml`.
//!
//! Each `[[case]]` has a `text` (the body; `title` optional) and lists what
//! must be found and what must not:
//!
//! ```toml
//! [[case]]
//! name = "title before a name makes a person"
//! text = "Ha parlato il presidente russo Vladimir Putin."
//! person = ["Vladimir Putin"]          # an entity of this type with this mention text
//! organization = []
//! location = []
//! canonical = { "Vladimir Putin" = "Vladimir Putin" }   # mention text -> entity canonical
//! same = [["Vladimir Putin", "Putin"]]  # mention texts of one entity
//! absent = ["russo"]                   # texts that are no mention at all
//! exact = true                         # no entity beyond those listed
//! ```
//!
//! Adding a language means adding a folder of cases, not code.
//!
//! The cases pin down the rules, so they run without the trained typer
//! (`Engine::without_typer`); what the typer adds is measured on whole
//! articles in `tests/entities_typer.rs`.

use std::collections::BTreeMap;

use newswire::enrich::output::{Entity, EntityKind};
use newswire::enrich::Engine;
use newswire::record::Article;
use serde::Deserialize;

#[derive(Deserialize)]
struct Suite {
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    text: String,
    title: Option<String>,
    #[serde(default)]
    person: Vec<String>,
    #[serde(default)]
    organization: Vec<String>,
    #[serde(default)]
    location: Vec<String>,
    #[serde(default)]
    canonical: BTreeMap<String, String>,
    #[serde(default)]
    same: Vec<Vec<String>>,
    #[serde(default)]
    absent: Vec<String>,
    #[serde(default)]
    exact: bool,
}

fn find<'a, 'e>(ents: &'a [Entity<'e>], text: &str) -> Option<&'a Entity<'e>> {
    ents.iter()
        .find(|e| e.mentions.iter().any(|m| m.text == text))
}

fn run(lang: &str) {
    let path = format!("tests/cases/{lang}/entities.toml");
    let suite: Suite = toml::from_str(&std::fs::read_to_string(&path).unwrap())
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    let engine = Engine::new().unwrap().without_typer();
    let mut failures = Vec::new();
    for c in &suite.case {
        let mut v = serde_json::json!({"body": c.text, "language": lang});
        if let Some(t) = &c.title {
            v["title"] = serde_json::Value::String(t.clone());
        }
        let article = Article::from_value(v).unwrap();
        let e = engine.enrich(&article);
        let ents = &e.entities;
        let shown: Vec<String> = ents
            .iter()
            .map(|x| {
                let ms: Vec<&str> = x.mentions.iter().map(|m| &*m.text).collect();
                format!("{:?} {:?} ({}) {:?}", x.kind, x.name, x.canonical, ms)
            })
            .collect();
        let mut fail =
            |why: String| failures.push(format!("{path}: {}: {why}\n  got: {shown:#?}", c.name));
        for (kind, list) in [
            (EntityKind::Person, &c.person),
            (EntityKind::Organization, &c.organization),
            (EntityKind::Location, &c.location),
        ] {
            for t in list {
                match find(ents, t) {
                    Some(x) if x.kind == kind => {}
                    Some(x) => fail(format!("{t:?} is {:?}, want {kind:?}", x.kind)),
                    None => fail(format!("{t:?} not found as {kind:?}")),
                }
            }
        }
        for (t, canon) in &c.canonical {
            match find(ents, t) {
                Some(x) if &x.canonical == canon => {}
                Some(x) => fail(format!(
                    "{t:?} has canonical {:?}, want {canon:?}",
                    x.canonical
                )),
                None => fail(format!("{t:?} not found")),
            }
        }
        for group in &c.same {
            let ids: Vec<Option<usize>> =
                group.iter().map(|t| find(ents, t).map(|x| x.id)).collect();
            if ids.iter().any(Option::is_none) || ids.windows(2).any(|w| w[0] != w[1]) {
                fail(format!("{group:?} are not one entity"));
            }
        }
        for t in &c.absent {
            if find(ents, t).is_some() {
                fail(format!("{t:?} should be no mention"));
            }
        }
        if c.exact {
            let listed = c.person.len() + c.organization.len() + c.location.len();
            let distinct = {
                let mut ids: Vec<usize> = c
                    .person
                    .iter()
                    .chain(&c.organization)
                    .chain(&c.location)
                    .filter_map(|t| find(ents, t).map(|x| x.id))
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                ids.len()
            };
            if ents.len() != distinct || listed == 0 && !ents.is_empty() {
                fail(format!(
                    "{} entities, want exactly those listed",
                    ents.len()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn italian_cases() {
    run("it");
}

#[test]
fn english_cases() {
    run("en");
}

#[test]
fn french_cases() {
    run("fr");
}

#[test]
fn spanish_cases() {
    run("es");
}

#[test]
fn german_cases() {
    run("de");
}

#[test]
fn portuguese_cases() {
    run("pt");
}
