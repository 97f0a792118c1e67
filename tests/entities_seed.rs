//! Issue 4: the seed article gives exactly the nine entities of its gold,
//! with every mention's offsets slicing the original body.

mod support;

use newswire::enrich::output::EntityKind;
use newswire::enrich::Engine;
use newswire::record::Article;

fn seed() -> (Article, String) {
    let line = std::fs::read_to_string("tests/data/seed.jsonl").unwrap();
    let v: serde_json::Value = serde_json::from_str(line.lines().next().unwrap()).unwrap();
    let body = v["body"].as_str().unwrap().to_owned();
    let mut v = v;
    v.as_object_mut().unwrap().remove("gold");
    (Article::from_value(v).unwrap(), body)
}

#[test]
fn seed_article_gives_exactly_its_nine_entities() {
    let (article, body) = seed();
    let e = Engine::new().unwrap().enrich(&article);
    support::check_offsets("", &body, &e).unwrap();
    let got: Vec<(EntityKind, &str, Vec<&str>)> = e
        .entities
        .iter()
        .map(|x| {
            let mut texts: Vec<&str> = x.mentions.iter().map(|m| &*m.text).collect();
            texts.dedup();
            (x.kind, x.canonical.as_str(), texts)
        })
        .collect();
    use EntityKind::*;
    let want: Vec<(EntityKind, &str, Vec<&str>)> = vec![
        (Location, "Moscow", vec!["Mosca"]),
        (Person, "Vladimir Putin", vec!["Vladimir Putin", "Putin"]),
        (
            Person,
            "Kim Jong-un",
            vec![
                "Kim Jong-un",
                "Kim",
                "Kim Jong-un",
                "Kim",
                "Kim Jong-un",
                "Jong Un",
                "Kim",
            ],
        ),
        (Location, "Russia", vec!["Russia"]),
        (Location, "North Korea", vec!["Corea del Nord"]),
        (Organization, "Interfax", vec!["Interfax"]),
        (Location, "Ukraine", vec!["Ucraina"]),
        (Location, "", vec!["Vostotchny"]),
        (Organization, "Kremlin", vec!["Cremlino"]),
    ];
    assert_eq!(got.len(), 9, "{got:#?}");
    for w in &want {
        let g = got
            .iter()
            .find(|g| g.0 == w.0 && (g.1 == w.1 || (w.1.is_empty() && g.2.contains(&w.2[0]))))
            .unwrap_or_else(|| panic!("missing {w:?} in {got:#?}"));
        for t in &w.2 {
            assert!(g.2.contains(t), "{t} not a mention of {g:?}");
        }
    }
    for no in [
        "Angara",
        "Soyuz-2",
        "Stato",
        "Brindando",
        "Oltre",
        "Il",
        "Paesi",
    ] {
        assert!(
            e.entities
                .iter()
                .all(|x| x.mentions.iter().all(|m| m.text != no)),
            "{no} is no entity"
        );
    }
}

#[test]
fn seed_entities_are_ordered_by_first_mention_and_named_by_fullest_form() {
    let (article, _) = seed();
    let e = Engine::new().unwrap().enrich(&article);
    let firsts: Vec<usize> = e.entities.iter().map(|x| x.mentions[0].start).collect();
    let mut sorted = firsts.clone();
    sorted.sort_unstable();
    assert_eq!(firsts, sorted);
    let putin = e
        .entities
        .iter()
        .find(|x| x.canonical == "Vladimir Putin")
        .unwrap();
    assert_eq!(putin.name, "Vladimir Putin");
    assert_eq!(putin.mentions.len(), 6);
    let kim = e
        .entities
        .iter()
        .find(|x| x.canonical == "Kim Jong-un")
        .unwrap();
    assert_eq!(kim.name, "Kim Jong-un");
    assert_eq!(e.entities[0].name, "Mosca");
    assert_eq!(e.entities[0].country.as_deref(), Some("RU"));
}
