//! Throughput of the whole enrichment core (language identification,
//! document, dateline, entities with every gazetteer loaded, quotes, assembly)
//! on the project's articles: `tests/data/*.jsonl` and, when present,
//! `../shared/corpus/*.jsonl`. Criterion reports time per pass over the
//! corpus and bytes per second; the startup (`Engine::new`) is measured too.
//!
//! ```sh
//! cargo bench --bench core
//! ```

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newswire::enrich::Engine;
use newswire::record::Article;

fn articles() -> Vec<Article> {
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
    let mut out = Vec::new();
    for f in files {
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let mut v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
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

fn core(c: &mut Criterion) {
    c.bench_function("engine_new", |b| {
        b.iter(|| black_box(Engine::new().expect("resources load")))
    });
    let engine = Engine::new().expect("resources load");
    let arts = articles();
    let bytes: usize = arts
        .iter()
        .map(|a| a.body().len() + a.title().map_or(0, str::len))
        .sum();
    let mut g = c.benchmark_group("enrich");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function(format!("corpus_{}_articles", arts.len()), |b| {
        b.iter(|| {
            for a in &arts {
                black_box(engine.enrich(black_box(a)));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, core);
criterion_main!(benches);
