//! The entity typer's training data: for each article of a JSON Lines file,
//! the entities the rules alone find, with the features the trained model
//! reads (see `src/enrich/entities/classify.rs`). Used by
//! `scripts/entities/train_typer.py`.
//!
//! ```text
//! cargo run --release --example typer_features -- ARTICLES.jsonl > FEATURES.jsonl
//! ```
//!
//! Each output line is `{"id", "language", "entities": [{"type", "name",
//! "canonical", "mentions": [text...], "features": [...], "fixed"}]}`.

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::process::ExitCode;

use newswire::enrich::document::Document;
use newswire::enrich::{dateline, entities, Engine};
use newswire::record::Article;
use serde_json::json;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: typer_features ARTICLES.jsonl");
        return ExitCode::from(2);
    };
    match run(&path) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("typer_features: {path}: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(path: &str) -> Result<(), Box<dyn std::error::Error>> {
    let engine = Engine::new()?;
    let input = BufReader::new(std::fs::File::open(path)?);
    let mut out = BufWriter::new(std::io::stdout().lock());
    for (n, line) in input.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let article =
            Article::from_slice(line.as_bytes()).map_err(|e| format!("line {}: {e}", n + 1))?;
        let lang =
            engine
                .identifier()
                .identify(article.language(), article.title(), article.body());
        let s = engine.stages(lang.rules);
        let doc = Document::new(article.title(), article.body(), s.abbreviations);
        let published = article.published_at().map(|t| t.date_naive());
        let found = dateline::find(&doc, s.dateline, s.gazetteer, published);
        let traced = entities::find_traced(&doc, s.entities, s.gazetteer, found.as_ref());
        let entities: Vec<_> = traced
            .iter()
            .map(|t| {
                json!({
                    "type": t.found.kind,
                    "name": t.found.name,
                    "canonical": t.found.canonical,
                    "mentions": t.found.mentions.iter().map(|&m| doc.text(m)).collect::<Vec<_>>(),
                    "features": t.features,
                    "fixed": t.fixed,
                })
            })
            .collect();
        let record = json!({"id": article.id(), "language": lang.code, "entities": entities});
        writeln!(out, "{record}")?;
    }
    out.flush()?;
    Ok(())
}
