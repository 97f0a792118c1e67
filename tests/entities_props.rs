//! Properties of the entity stage on arbitrary text: no panic, every mention
//! slices its field back to its text, mentions never overlap, entities come
//! in order of first mention.

mod support;

use std::sync::OnceLock;

use newswire::enrich::Engine;
use newswire::record::Article;
use proptest::prelude::*;

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| Engine::new().unwrap())
}

/// Words that exercise the rules: names, particles, titles, elisions,
/// hyphens, acronyms, quotes, decomposed accents.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Putin".to_owned()),
        Just("Kim Jong-un".to_owned()),
        Just("von der".to_owned()),
        Just("de".to_owned()),
        Just("l'Ucraina".to_owned()),
        Just("il presidente".to_owned()),
        Just("Mosca".to_owned()),
        Just("U.S.".to_owned()),
        Just("S.p.A.".to_owned()),
        Just("(".to_owned()),
        Just(")".to_owned()),
        Just("«".to_owned()),
        Just("»".to_owned()),
        Just(".".to_owned()),
        Just("Citta\u{300}".to_owned()),
        Just("Bundeskanzler".to_owned()),
        "[A-Za-zÀ-ÿ'’.-]{1,10}",
        "\\PC{1,6}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn mentions_are_valid_and_never_overlap(
        words in prop::collection::vec(word(), 0..40),
        title in prop::collection::vec(word(), 0..6),
        lang in prop::sample::select(vec!["it", "en", "fr", "es", "de", "pt"]),
    ) {
        let body = format!("{} .", words.join(" "));
        let title = title.join(" ");
        let v = serde_json::json!({"body": body, "title": title, "language": lang});
        let article = Article::from_value(v).unwrap();
        let e = engine().enrich(&article);
        support::check_offsets(&title, &body, &e).map_err(TestCaseError::fail)?;
        let mut spans: Vec<(String, usize, usize)> = e
            .entities
            .iter()
            .flat_map(|x| x.mentions.iter().map(|m| (format!("{:?}", m.field), m.start, m.end)))
            .collect();
        spans.sort();
        for w in spans.windows(2) {
            prop_assert!(w[0].0 != w[1].0 || w[0].2 <= w[1].1, "overlap {:?}", w);
        }
        for x in &e.entities {
            prop_assert!(!x.mentions.is_empty());
            prop_assert!(!x.name.is_empty());
        }
    }
}
