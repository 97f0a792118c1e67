//! The articles a benchmark sends: real articles, in a mix of lengths.
//!
//! Sources are JSON Lines files of articles (`--input`), else the corpus and
//! sample files found from the working directory (`../shared/corpus/dev.jsonl`
//! and `seed.jsonl`, `tests/corpus/tuning.jsonl`, `tests/data/*.jsonl`), else
//! the two sample files built into the binary. Gold annotations (`gold`) are
//! dropped; lines that are not articles are skipped.
//!
//! The mix, repeating every ten records: seven articles as written (a few
//! hundred bytes to 2.5 KB in the corpus), two made of two articles of the
//! same language one after the other (about 4 KB), one made of four (about
//! 8–9 KB): the spread of a news wire, from briefs to features. Each record
//! gets its own `id` (the output key), so that every output can be matched
//! to its input.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::record::Article;

/// The sample articles built into the binary, the last resort.
const EMBEDDED: [&str; 2] = [
    include_str!("../../tests/data/seed.jsonl"),
    include_str!("../../tests/data/articles.jsonl"),
];

/// Files looked for, relative to the working directory, when no `--input`
/// is given.
const DEFAULT_FILES: [&str; 5] = [
    "../shared/corpus/dev.jsonl",
    "../shared/corpus/seed.jsonl",
    "tests/corpus/tuning.jsonl",
    "tests/data/seed.jsonl",
    "tests/data/articles.jsonl",
];

/// The articles to draw records from.
#[derive(Debug, Clone)]
pub struct Workload {
    /// The articles' JSON objects, without `gold`.
    articles: Vec<Map<String, Value>>,
    /// Where they came from, for the report.
    pub sources: Vec<String>,
}

impl Workload {
    /// Reads `files`, or the default files found, or the embedded samples.
    /// Fails only when named files hold no article at all.
    pub fn load(files: &[PathBuf]) -> Result<Workload, String> {
        if !files.is_empty() {
            let mut articles = Vec::new();
            for f in files {
                let text = std::fs::read_to_string(f)
                    .map_err(|e| format!("cannot read {}: {e}", f.display()))?;
                articles.extend(parse(&text));
            }
            if articles.is_empty() {
                return Err("the --input files hold no article".to_owned());
            }
            return Ok(Workload {
                articles,
                sources: files.iter().map(|f| f.display().to_string()).collect(),
            });
        }
        let mut articles = Vec::new();
        let mut sources = Vec::new();
        for f in DEFAULT_FILES {
            if let Ok(text) = std::fs::read_to_string(Path::new(f)) {
                let found = parse(&text);
                if !found.is_empty() {
                    articles.extend(found);
                    sources.push(f.to_owned());
                }
            }
        }
        if articles.is_empty() {
            articles = EMBEDDED.iter().flat_map(|t| parse(t)).collect();
            sources.push("the sample articles built into the binary".to_owned());
        }
        Ok(Workload { articles, sources })
    }

    /// Number of distinct source articles.
    pub fn len(&self) -> usize {
        self.articles.len()
    }

    /// True when there is no article (never, once loaded).
    pub fn is_empty(&self) -> bool {
        self.articles.is_empty()
    }

    /// Record `i` of the mix, with the id `id`: its value as JSON bytes.
    pub fn record(&self, i: usize, id: &str) -> Vec<u8> {
        let n = self.articles.len();
        let first = (i * stride(n)) % n;
        let parts = match i % 10 {
            7 | 8 => 2,
            9 => 4,
            _ => 1,
        };
        let mut value = self.articles[first].clone();
        if parts > 1 {
            let lang = value.get("language").cloned();
            let mut body = body_of(&value).to_owned();
            let mut taken = 1;
            for k in 1..n {
                if taken == parts {
                    break;
                }
                let other = &self.articles[(first + k) % n];
                if other.get("language").cloned() == lang {
                    body.push_str("\n\n");
                    body.push_str(body_of(other));
                    taken += 1;
                }
            }
            value.remove("text");
            value.remove("content");
            value.insert("body".to_owned(), Value::String(body));
        }
        value.insert("id".to_owned(), Value::String(id.to_owned()));
        serde_json::to_vec(&value).expect("a JSON object serialises")
    }
}

/// The step between the first articles of consecutive records: 7 or more
/// (neighbours in a file tend to share a language and a source) and coprime
/// with `n`, so that every article starts a record once every `n` records.
/// (A step of 7 over the 49 default articles would start records with only
/// 7 of them.)
fn stride(n: usize) -> usize {
    fn gcd(a: usize, b: usize) -> usize {
        if b == 0 {
            a
        } else {
            gcd(b, a % b)
        }
    }
    (7..)
        .find(|s| gcd(*s, n) == 1)
        .expect("some step is coprime")
}

fn body_of(v: &Map<String, Value>) -> &str {
    ["body", "text", "content"]
        .iter()
        .find_map(|k| v.get(*k).and_then(Value::as_str))
        .unwrap_or_default()
}

/// The articles of a JSON Lines text.
fn parse(text: &str) -> Vec<Map<String, Value>> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|v| match v {
            Value::Object(mut o) => {
                o.remove("gold");
                let bytes = serde_json::to_vec(&o).ok()?;
                Article::from_slice(&bytes).ok()?;
                Some(o)
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_articles_with_their_id_and_a_mix_of_lengths() {
        let w = Workload::load(&[]).unwrap();
        assert!(!w.is_empty());
        let mut sizes = Vec::new();
        for i in 0..10 {
            let bytes = w.record(i, &format!("r-{i}"));
            let a = Article::from_slice(&bytes).unwrap();
            assert_eq!(a.id().as_deref(), Some(format!("r-{i}").as_str()));
            assert!(!String::from_utf8_lossy(&bytes).contains("\"gold\""));
            sizes.push(a.body().len());
        }
        // The four-article record is longer than any single one of the ten.
        let single_max = sizes[..7].iter().max().unwrap();
        assert!(sizes[9] > *single_max, "{sizes:?}");
    }

    #[test]
    fn every_article_starts_a_record_once_per_cycle() {
        for n in [1, 6, 7, 10, 14, 49, 50] {
            let step = stride(n);
            assert!(step >= 7, "{n}: {step}");
            let mut firsts: Vec<usize> = (0..n).map(|i| (i * step) % n).collect();
            firsts.sort_unstable();
            assert_eq!(firsts, (0..n).collect::<Vec<_>>(), "{n}: step {step}");
        }
        assert_eq!(stride(49), 8);
        assert_eq!(stride(10), 7);
    }

    #[test]
    fn embedded_samples_are_articles() {
        let n: usize = EMBEDDED.iter().map(|t| parse(t).len()).sum();
        assert_eq!(n, 6);
    }
}
