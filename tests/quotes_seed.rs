//! The seed article (`tests/data/seed.jsonl`) comes out exactly as its gold
//! (`../shared/corpus/seed.jsonl`): seven quotes, in order, with their kinds
//! and speakers — Kim Jong-un six times, the Kremlin once — and no quote for
//! the scare-quoted `"male"`. Speakers are checked the way the corpus scorer
//! checks them: the speaker string is the gold entity's canonical name or one
//! of its surface forms.

mod support;

use newswire::enrich::output::{Attribution, QuoteKind};
use newswire::enrich::Engine;
use newswire::record::Article;
use support::check_offsets;

const KIM: &[&str] = &["Kim Jong-un", "Kim", "Jong Un"];
const KREMLIN: &[&str] = &["Kremlin", "Cremlino"];

/// Gold quotes: text, kind, who may be named as the speaker.
const GOLD: &[(&str, QuoteKind, &[&str])] = &[
    (
        "Sono fiducioso che l'esercito e il popolo russo riporteranno sicuramente una grande vittoria nella sacra lotta per punire l'insieme del male che rivendica l'egemonia e alimenta l'illusione dell'espansione",
        QuoteKind::Direct,
        KIM,
    ),
    (
        "La Corea del Nord sostiene le decisioni della Russia",
        QuoteKind::Direct,
        KIM,
    ),
    (
        "continuare a sviluppare le relazioni",
        QuoteKind::Partial,
        KIM,
    ),
    ("elevare a un nuovo livello", QuoteKind::Partial, KIM),
    (
        "La Russia si è sollevata per proteggere la propria sovranità e sicurezza",
        QuoteKind::Direct,
        KIM,
    ),
    (
        "Abbiamo sempre sostenuto e continueremo a sostenere tutte le decisioni di Putin e quelle del governo russo. Spero che saremo sempre insieme nella lotta contro l'imperialismo e nella costruzione di uno Stato sovrano",
        QuoteKind::Direct,
        KIM,
    ),
    (
        "I leader hanno ispezionato i siti del nuovo cosmodromo: un'officina di assemblaggio per il lanciatore Angara (la nuova generazione di razzi russi, ndr), un sito di lancio per i lanciatori Soyuz-2 e un sito di lancio in costruzione per Angara",
        QuoteKind::Direct,
        KREMLIN,
    ),
];

fn seed() -> (Article, String) {
    let line = include_str!("data/seed.jsonl")
        .lines()
        .next()
        .expect("one line");
    let value: serde_json::Value = serde_json::from_str(line).expect("JSON");
    let body = value["body"].as_str().expect("body").to_owned();
    (Article::from_value(value).expect("article"), body)
}

#[test]
fn seed_article_quotes_match_the_gold() {
    let (article, body) = seed();
    let engine = Engine::new().expect("engine");
    let e = engine.enrich(&article);
    check_offsets("", &body, &e).expect("offsets slice the body");
    let got: Vec<(&str, QuoteKind)> = e.quotes.iter().map(|q| (&*q.text, q.kind)).collect();
    let want: Vec<(&str, QuoteKind)> = GOLD.iter().map(|(t, k, _)| (*t, *k)).collect();
    assert_eq!(got, want);
    for (q, (_, _, names)) in e.quotes.iter().zip(GOLD) {
        let speaker = q.speaker.as_deref().unwrap_or("<none>");
        assert!(
            names.contains(&speaker),
            "{:?}: speaker {speaker:?}, expected one of {names:?}",
            q.text
        );
        assert_ne!(q.attribution, Attribution::None, "{:?}", q.text);
    }
    assert!(e.quotes.iter().all(|q| q.text != "male"));
}

#[test]
fn seed_speakers_are_entities_and_verbs_are_written() {
    let (article, _) = seed();
    let e = Engine::new().expect("engine").enrich(&article);
    for q in &e.quotes {
        let id = q.speaker_entity.expect("speaker resolved to an entity");
        assert_eq!(Some(e.entities[id].name.as_str()), q.speaker.as_deref());
    }
    let verbs: Vec<Option<&str>> = e.quotes.iter().map(|q| q.verb.as_deref()).collect();
    assert_eq!(
        verbs,
        [
            Some("affermato"),
            Some("dichiarato"),
            Some("dichiarato"),
            Some("detto"),
            Some("detto"),
            None,
            Some("dichiarato"),
        ]
    );
}
