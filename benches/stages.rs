//! Throughput of each stage of the enrichment core on its own, on one core:
//! language identification, document building (NFC, tokens, sentences),
//! dateline, entities, quotes and assembly, each on exactly what
//! [`Engine::enrich`] hands it (prepared outside the timed loop with
//! [`Engine::stages`]). `benches/core.rs` measures the whole.
//!
//! Inputs:
//!
//! - `corpus`: every article of `../shared/corpus/dev.jsonl` and
//!   `seed.jsonl` (read at bench time; `NEWSWIRE_CORPUS=DIR` names another
//!   folder). When they are missing, `tests/data/*.jsonl` and
//!   `tests/corpus/tuning.jsonl` stand in. Gold annotations are dropped.
//! - `1KB`, `100KB`, `1MB`, `10MB`: one article made of those bodies one
//!   after another, as paragraphs, as often as needed (Italian rules, as in
//!   `benches/core.rs`); `1KB` is the first bodies that reach 1,000 bytes.
//! - `<family>_100KB`, `<family>_1MB`: hostile texts, each aimed at a place
//!   where work could grow faster than the text: `names` (distinct
//!   capitalised names, every one a new entity), `one_name` (one surname
//!   repeated: one entity with a mention per word), `quotes` (attributed
//!   quotes back to back, each with its own speaker), `open_quotes` (opening
//!   marks that never close), `one_sentence` (no full stop anywhere).
//!
//! Criterion reports time per pass and MB/s (decimal). After a full run
//! (`--bench`) a summary table adds articles/s on the corpus and time per MB
//! on each input, and says for each stage and each family of inputs whether
//! its time per MB stays within 2× as the input grows (100 KB to 10 MB for
//! the corpus bodies, 100 KB to 1 MB for the hostile ones); a stage that does
//! not is named with the input and the ratio.
//!
//! ```sh
//! cargo bench --bench stages                 # everything, ~6 minutes
//! cargo bench --bench stages -- entities     # one stage
//! ```
//!
//! Under `cargo test --benches` each bench runs once, on the corpus and the
//! 100 KB inputs only, so the tests stay quick.

/// The binary's allocator (see `src/main.rs`), so that the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::cell::RefCell;
use std::collections::HashSet;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDate;
use criterion::{BatchSize, Bencher, BenchmarkId, Criterion, Throughput};
use newswire::enrich::language::Identified;
use newswire::enrich::{assemble, dateline, entities, quotes, Document, Engine, Stages};
use newswire::record::Article;
use support::{bytes_of, long_article, read_articles};

// `corpus_articles` is the other benches' (this one reads its own sets).
#[allow(dead_code)]
mod support;

/// The stages, in the order `Engine::enrich` runs them.
const STAGES: [&str; 6] = [
    "language", "document", "dateline", "entities", "quotes", "assemble",
];

/// The long inputs: (name, bytes at least).
const LONG: [(&str, usize); 4] = [
    ("1KB", 1_000),
    ("100KB", 100_000),
    ("1MB", 1_000_000),
    ("10MB", 10_000_000),
];

/// Inputs left out of the growth verdict: the corpus, and `1KB`.
const SMALL: [&str; 2] = ["corpus", "1KB"];

/// The hostile families, each at these sizes.
const HOSTILE: [&str; 5] = ["names", "one_name", "quotes", "open_quotes", "one_sentence"];
const HOSTILE_SIZES: [(&str, usize); 2] = [("100KB", 100_000), ("1MB", 1_000_000)];

/// A made-up capitalised name, different for every `i`.
fn made_up_name(i: u64) -> String {
    let mut x = i.wrapping_mul(2_654_435_761) % 1_000_000_007;
    let mut name = String::from("Z");
    for _ in 0..6 {
        name.push(char::from(b'a' + (x % 26) as u8));
        x /= 26;
    }
    name
}

/// One hostile article of `family`, at least `size` bytes (Italian rules).
fn hostile_article(family: &str, size: usize) -> Article {
    let mut body = String::with_capacity(size + 256);
    let mut i: u64 = 0;
    while body.len() < size {
        match family {
            // Two in three followed by a particle, as in benches/core.rs.
            "names" => {
                body.push_str(&made_up_name(i));
                body.push_str(if i % 3 == 0 { ". " } else { " di " });
            }
            "one_name" => body.push_str("Rossi "),
            "quotes" => {
                let who = made_up_name(i);
                body.push_str(&format!(
                    "«Non ci sono alternative, lo ripeto», ha detto {who} Zeta. {who} ha aggiunto: «Andremo avanti». "
                ));
            }
            "open_quotes" => body.push_str("«Il ministro ha parlato a lungo "),
            "one_sentence" => body.push_str("il ministro e la sua portavoce "),
            other => unreachable!("no hostile family {other}"),
        }
        i += 1;
    }
    Article::from_value(serde_json::json!({ "body": body, "language": "it" })).expect("article")
}

/// The family of an input id: `names` for `names_1MB`, `long` for `1MB`.
fn family(input: &str) -> &str {
    input.rsplit_once('_').map_or("long", |(f, _)| f)
}

/// The corpus articles, or the repository's own when the corpus is absent,
/// and where they came from.
fn corpus() -> (Vec<Article>, String) {
    let dir = std::env::var("NEWSWIRE_CORPUS").unwrap_or_else(|_| "../shared/corpus".to_owned());
    let shared: Vec<PathBuf> = ["dev.jsonl", "seed.jsonl"]
        .iter()
        .map(|f| Path::new(&dir).join(f))
        .collect();
    let arts = read_articles(&shared);
    if !arts.is_empty() {
        return (arts, format!("{dir}/{{dev,seed}}.jsonl"));
    }
    let local: Vec<PathBuf> = [
        "tests/data/seed.jsonl",
        "tests/data/articles.jsonl",
        "tests/corpus/tuning.jsonl",
    ]
    .iter()
    .map(PathBuf::from)
    .collect();
    let arts = read_articles(&local);
    if !arts.is_empty() {
        return (
            arts,
            "tests/data/*.jsonl + tests/corpus/tuning.jsonl".to_owned(),
        );
    }
    // Never fail: the one sample article the binary's own tests embed.
    let seed = include_str!("../tests/data/seed.jsonl");
    let v = serde_json::from_str(seed.lines().next().unwrap_or("{}")).expect("seed is JSON");
    (
        vec![Article::from_value(v).expect("seed is an article")],
        "embedded seed article".to_owned(),
    )
}

/// One article with every stage's input computed, as `Engine::enrich` would.
struct Prepared<'a> {
    article: &'a Article,
    lang: Identified,
    stages: Stages<'a>,
    doc: Document<'a>,
    published: Option<NaiveDate>,
    dateline: Option<dateline::Found>,
    entities: Vec<entities::Found>,
    quotes: Vec<quotes::Found>,
}

fn prepare<'a>(engine: &'a Engine, article: &'a Article) -> Prepared<'a> {
    let lang = engine
        .identifier()
        .identify(article.language(), article.title(), article.body());
    let stages = engine.stages(lang.rules);
    let doc = Document::new(article.title(), article.body(), stages.abbreviations);
    let published = article.published_at().map(|t| t.date_naive());
    let dateline = dateline::find(&doc, stages.dateline, stages.gazetteer, published);
    let entities = entities::find(&doc, stages.entities, stages.gazetteer, dateline.as_ref());
    let quotes = quotes::find(&doc, stages.quotes, &entities);
    Prepared {
        article,
        lang,
        stages,
        doc,
        published,
        dateline,
        entities,
        quotes,
    }
}

/// Runs `stage` once on a prepared article.
fn run_stage(engine: &Engine, stage: &str, p: &Prepared<'_>) {
    let s = p.stages;
    match stage {
        // Detection, not the declared language: what an undeclared article costs.
        "language" => {
            black_box(
                engine
                    .identifier()
                    .identify(None, p.article.title(), p.article.body()),
            );
        }
        "document" => {
            black_box(Document::new(
                p.article.title(),
                p.article.body(),
                s.abbreviations,
            ));
        }
        "dateline" => {
            black_box(dateline::find(&p.doc, s.dateline, s.gazetteer, p.published));
        }
        "entities" => {
            black_box(entities::find(
                &p.doc,
                s.entities,
                s.gazetteer,
                p.dateline.as_ref(),
            ));
        }
        "quotes" => {
            black_box(quotes::find(&p.doc, s.quotes, &p.entities));
        }
        other => unreachable!("no stage {other} (assembly: see `time_passes`)"),
    }
}

/// Times passes of `stage` over `ps`. Assembly consumes the entities (their
/// names move into the output), so each pass gets its own copy, made outside
/// the timing; dropping the output is timed, as for every stage.
fn time_passes(b: &mut Bencher<'_>, engine: &Engine, stage: &str, ps: &[&Prepared<'_>]) {
    if stage != "assemble" {
        b.iter(|| {
            for p in ps {
                run_stage(engine, stage, p);
            }
        });
        return;
    }
    b.iter_batched(
        || ps.iter().map(|p| p.entities.clone()).collect::<Vec<_>>(),
        |entities| {
            for (p, e) in ps.iter().zip(entities) {
                black_box(assemble::enrichment(
                    &p.doc,
                    p.lang.code.clone(),
                    p.dateline.clone(),
                    e,
                    &p.quotes,
                ));
            }
        },
        BatchSize::LargeInput,
    );
}

/// A benchmark that ran in this process: (stage, input, bytes, articles).
type Ran = RefCell<Vec<(String, String, u64, usize)>>;

fn stages(c: &mut Criterion, full: bool) {
    newswire::allocator::keep_freed_pages();
    let engine = Engine::new().expect("resources load");
    let (arts, source) = corpus();
    let corpus_bytes: u64 = arts.iter().map(bytes_of).sum();
    eprintln!(
        "stages: corpus of {} articles, {} bytes, from {source}",
        arts.len(),
        corpus_bytes
    );
    let mut long: Vec<(String, Article)> = LONG
        .iter()
        .filter(|(name, _)| full || *name == "100KB")
        .map(|(name, size)| ((*name).to_owned(), long_article(&arts, *size)))
        .collect();
    for f in HOSTILE {
        for (name, size) in HOSTILE_SIZES.iter().filter(|(n, _)| full || *n == "100KB") {
            long.push((format!("{f}_{name}"), hostile_article(f, *size)));
        }
    }
    let corpus: Vec<Prepared> = arts.iter().map(|a| prepare(&engine, a)).collect();
    let long: Vec<(&str, Prepared)> = long
        .iter()
        .map(|(name, a)| (name.as_str(), prepare(&engine, a)))
        .collect();
    let ran: Ran = RefCell::new(Vec::new());
    let mark = |stage: &str, input: &str, bytes: u64, articles: usize| {
        let mut r = ran.borrow_mut();
        if !r.iter().any(|(s, i, _, _)| s == stage && i == input) {
            r.push((stage.to_owned(), input.to_owned(), bytes, articles));
        }
    };

    for stage in STAGES {
        let mut g = c.benchmark_group(format!("stage_{stage}"));
        g.throughput(Throughput::BytesDecimal(corpus_bytes));
        g.bench_function(BenchmarkId::from_parameter("corpus"), |b| {
            mark(stage, "corpus", corpus_bytes, corpus.len());
            time_passes(b, &engine, stage, &corpus.iter().collect::<Vec<_>>());
        });
        g.sample_size(10)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(3));
        for (name, p) in &long {
            let bytes = bytes_of(p.article);
            g.throughput(Throughput::BytesDecimal(bytes));
            g.bench_function(BenchmarkId::from_parameter(name), |b| {
                mark(stage, name, bytes, 1);
                time_passes(b, &engine, stage, &[p])
            });
        }
        g.finish();
    }
    if full {
        summary(&ran.into_inner());
    }
}

/// Where criterion keeps its estimates (its own rule).
fn criterion_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| PathBuf::from("target"), PathBuf::from);
    target.join("criterion")
}

/// Criterion's headline estimate of one benchmark, in nanoseconds: the slope
/// of a linear sampling, else the mean.
fn estimate_ns(group: &str, id: &str) -> Option<f64> {
    let path = criterion_dir()
        .join(group)
        .join(id)
        .join("new")
        .join("estimates.json");
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    v["slope"]["point_estimate"]
        .as_f64()
        .or_else(|| v["mean"]["point_estimate"].as_f64())
}

/// Prints, for what ran, time per pass, MB/s, articles/s (corpus), time per
/// MB, and each stage's spread of time per MB across the long inputs.
fn summary(ran: &[(String, String, u64, usize)]) {
    println!();
    println!("| stage | input | bytes | time per pass | MB/s | articles/s | ms per MB |");
    println!("|---|---|---|---|---|---|---|");
    let mut verdicts = Vec::new();
    let mut seen = HashSet::new();
    for (stage, input, bytes, articles) in ran {
        let Some(ns) = estimate_ns(&format!("stage_{stage}"), input) else {
            println!("| {stage} | {input} | {bytes} | (no estimate found) | | | |");
            continue;
        };
        let secs = ns / 1e9;
        let mb = *bytes as f64 / 1e6;
        let per_article = if input == "corpus" {
            format!("{:.0}", *articles as f64 / secs)
        } else {
            String::new()
        };
        println!(
            "| {stage} | {input} | {bytes} | {} | {:.1} | {per_article} | {:.2} |",
            human(secs),
            mb / secs,
            secs * 1e3 / mb
        );
        if input != "corpus" && seen.insert((stage.clone(), family(input).to_owned())) {
            verdicts.push((stage.clone(), family(input).to_owned()));
        }
    }
    println!();
    for (stage, fam) in verdicts {
        let per_mb: Vec<(String, f64)> = ran
            .iter()
            // `1KB` is one or two articles, whose mix of quotes and names is
            // their own: growth is judged from 100 KB, where the mix is the
            // corpus's.
            .filter(|(s, i, _, _)| *s == stage && !SMALL.contains(&i.as_str()) && family(i) == fam)
            .filter_map(|(_, i, bytes, _)| {
                let ns = estimate_ns(&format!("stage_{stage}"), i)?;
                Some((i.clone(), ns / 1e6 / (*bytes as f64 / 1e6)))
            })
            .collect();
        if per_mb.len() < 2 {
            continue;
        }
        // Growth: the largest rise of time per MB from a smaller input to a
        // larger one (above 2x: super-linear). Spread: largest over smallest.
        let mut growth = (1.0_f64, 0, 0);
        for i in 0..per_mb.len() {
            for j in i + 1..per_mb.len() {
                let r = per_mb[j].1 / per_mb[i].1;
                if r > growth.0 {
                    growth = (r, i, j);
                }
            }
        }
        let times = per_mb.iter().map(|(_, t)| *t);
        let spread = times.clone().fold(0.0_f64, f64::max) / times.fold(f64::MAX, f64::min);
        let detail = per_mb
            .iter()
            .map(|(i, t)| format!("{i} {t:.2} ms/MB"))
            .collect::<Vec<_>>()
            .join(", ");
        if growth.0 > 2.0 {
            println!(
                "{stage} on {fam}: SUPER-LINEAR: time per MB {:.2}x higher on {} than on {} ({detail})",
                growth.0, per_mb[growth.2].0, per_mb[growth.1].0
            );
        } else if spread > 2.0 {
            println!(
                "{stage} on {fam}: sub-linear (bounded work): time per MB falls with size, never rises more than {:.2}x ({detail})",
                growth.0
            );
        } else {
            println!(
                "{stage} on {fam}: linear: time per MB within {spread:.2}x across sizes ({detail})"
            );
        }
    }
}

fn human(secs: f64) -> String {
    if secs >= 1.0 {
        format!("{secs:.2} s")
    } else if secs >= 1e-3 {
        format!("{:.2} ms", secs * 1e3)
    } else {
        format!("{:.1} µs", secs * 1e6)
    }
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` does not, and
    // criterion then runs each bench once: skip the 1 MB and 10 MB inputs.
    let full = std::env::args().any(|a| a == "--bench");
    let mut c = Criterion::default().configure_from_args();
    stages(&mut c, full);
    c.final_summary();
}
