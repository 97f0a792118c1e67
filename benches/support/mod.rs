//! Helpers shared by the benches: reading articles, measuring them, and
//! making long ones.

use std::path::Path;

use newswire::record::Article;

/// The corpus articles the core benches run on: the sample articles and,
/// when the shared corpus is beside the repository, its dev and seed sets.
pub fn corpus_articles() -> Vec<Article> {
    let mut files = vec![
        "tests/data/seed.jsonl".to_owned(),
        "tests/data/articles.jsonl".to_owned(),
    ];
    for name in ["dev.jsonl", "seed.jsonl"] {
        let p = format!("../shared/corpus/{name}");
        if Path::new(&p).exists() {
            files.push(p);
        }
    }
    read_articles(&files)
}

/// Reads the articles of JSON Lines files (their `gold` key dropped); files
/// that are missing or unreadable and lines that are not articles are
/// skipped.
pub fn read_articles<P: AsRef<Path>>(files: &[P]) -> Vec<Article> {
    let mut out = Vec::new();
    for f in files {
        let Ok(text) = std::fs::read_to_string(f) else {
            continue;
        };
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let Ok(mut v) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            if let Some(o) = v.as_object_mut() {
                o.remove("gold");
            }
            if let Ok(a) = Article::from_value(v) {
                out.push(a);
            }
        }
    }
    out
}

/// Bytes of title and body: what throughput is counted in.
pub fn bytes_of(a: &Article) -> u64 {
    (a.body().len() + a.title().map_or(0, str::len)) as u64
}

/// One article of at least `size` bytes: the bodies of `arts` one after
/// another, as paragraphs, as often as needed.
pub fn long_article(arts: &[Article], size: usize) -> Article {
    let mut body = String::with_capacity(size + 8192);
    'fill: loop {
        for a in arts {
            body.push_str(a.body());
            body.push_str("\n\n");
            if body.len() >= size {
                break 'fill;
            }
        }
    }
    Article::from_value(serde_json::json!({ "body": body, "language": "it" })).expect("article")
}
