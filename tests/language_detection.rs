//! Issue 4 (speed without losing accuracy): with its declared `language`
//! taken away, every article of the project's sets is identified as the
//! language it declares, and every full-length article is decided by the
//! cheap function-word vote alone, without the full detector.
//!
//! Sets: `tests/data/*.jsonl` (an article without a `language` declares it in
//! its id, `fr-sample-1`), `tests/corpus/tuning.jsonl` and, when present,
//! `../shared/corpus/{dev,seed}.jsonl`. The blind holdout is not read here.

use std::path::Path;

use newswire::enrich::language::vote::FunctionWords;
use newswire::enrich::language::{Identifier, Lang};

/// (where, declared code, title, body) of every article.
fn articles() -> Vec<(String, String, Option<String>, String)> {
    let mut files = vec![
        "tests/data/seed.jsonl",
        "tests/data/articles.jsonl",
        "tests/corpus/tuning.jsonl",
    ];
    for f in ["../shared/corpus/dev.jsonl", "../shared/corpus/seed.jsonl"] {
        if Path::new(f).exists() {
            files.push(f);
        }
    }
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(f).unwrap();
        for (i, line) in text.lines().enumerate() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let id = v["id"].as_str().unwrap_or("");
            let declared = match v["language"].as_str() {
                Some(l) => l.to_owned(),
                None => id.split('-').next().unwrap().to_owned(),
            };
            out.push((
                format!("{f}:{} ({id})", i + 1),
                declared,
                v["title"].as_str().map(str::to_owned),
                v["body"].as_str().unwrap().to_owned(),
            ));
        }
    }
    out
}

#[test]
fn every_article_is_identified_as_the_language_it_declares() {
    let id = Identifier::load().unwrap();
    let all = articles();
    assert!(all.len() >= 24, "{} articles", all.len());
    for (at, declared, title, body) in &all {
        let got = id.identify(None, title.as_deref(), body);
        assert_eq!(&got.code, declared, "{at}");
    }
}

#[test]
fn full_length_articles_need_only_the_vote() {
    let fw = FunctionWords::load().unwrap();
    let mut long = 0;
    for (at, declared, title, body) in articles() {
        if body.len() < 1000 {
            continue;
        }
        long += 1;
        let got = fw.vote(&[title.as_deref().unwrap_or(""), &body]);
        assert_eq!(got, Lang::from_code(&declared), "{at}");
    }
    assert!(long >= 19, "{long} long articles");
}
