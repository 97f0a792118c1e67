//! Throughput of the whole enrichment core (language identification,
//! document, dateline, entities with every gazetteer loaded, quotes, assembly)
//! on the project's articles: `tests/data/*.jsonl` and, when present,
//! `../shared/corpus/*.jsonl`. Criterion reports time per pass and bytes per
//! second; the startup (`Engine::new`) is measured too.
//!
//! - `enrich/corpus_N_articles`: one pass over every article (articles per
//!   second = N / time per pass);
//! - `enrich_long/<size>`: one article of ~100 KB, 1 MB and 10 MB made by
//!   concatenating different corpus bodies: time per MB must stay flat;
//! - `adversarial/*`: 1 MB of one capitalised name repeated, and 1 MB of
//!   distinct capitalised names: no input may make the core super-linear.
//!
//! ```sh
//! cargo bench --bench core
//! ```

/// The binary's allocator (see `src/main.rs`), so that the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use newswire::enrich::Engine;
use newswire::record::Article;
use support::long_article;

mod support;

fn bytes_of(arts: &[Article]) -> u64 {
    arts.iter().map(support::bytes_of).sum()
}

fn article(body: String) -> Article {
    Article::from_value(serde_json::json!({ "body": body, "language": "it" })).expect("article")
}

fn core(c: &mut Criterion) {
    newswire::allocator::keep_freed_pages();
    c.bench_function("engine_new", |b| {
        b.iter(|| black_box(Engine::new().expect("resources load")))
    });
    let engine = Engine::new().expect("resources load");
    let arts = support::corpus_articles();

    let mut g = c.benchmark_group("enrich");
    g.throughput(Throughput::Bytes(bytes_of(&arts)));
    g.bench_function(format!("corpus_{}_articles", arts.len()), |b| {
        b.iter(|| {
            for a in &arts {
                black_box(engine.enrich(black_box(a)));
            }
        })
    });
    g.finish();

    let mut g = c.benchmark_group("enrich_long");
    g.sample_size(10).measurement_time(Duration::from_secs(8));
    for (name, size) in [("100KB", 100_000), ("1MB", 1_000_000), ("10MB", 10_000_000)] {
        let a = long_article(&arts, size);
        g.throughput(Throughput::Bytes(a.body().len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(name), &a, |b, a| {
            b.iter(|| black_box(engine.enrich(black_box(a))))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("adversarial");
    g.sample_size(10).measurement_time(Duration::from_secs(5));
    let one_name = article("Rossi ".repeat(170_000));
    let mut distinct = String::with_capacity(1_050_000);
    let mut i: u64 = 0;
    while distinct.len() < 1_000_000 {
        // Capitalised made-up names, two in three followed by a particle.
        let mut x = i.wrapping_mul(2_654_435_761) % 1_000_000_007;
        distinct.push('Z');
        for _ in 0..6 {
            distinct.push(char::from(b'a' + (x % 26) as u8));
            x /= 26;
        }
        distinct.push_str(if i % 3 == 0 { ". " } else { " di " });
        i += 1;
    }
    let distinct = article(distinct);
    for (name, a) in [
        ("one_name_1MB", &one_name),
        ("distinct_names_1MB", &distinct),
    ] {
        g.throughput(Throughput::Bytes(a.body().len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(name), a, |b, a| {
            b.iter(|| black_box(engine.enrich(black_box(a))))
        });
    }
    g.finish();
}

criterion_group!(benches, core);
criterion_main!(benches);
