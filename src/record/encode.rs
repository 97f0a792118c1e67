//! Writing the output record: the input object plus `enrichment`.

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::article::Article;
use crate::enrich::Enrichment;

/// The key the enrichment is written under.
const KEY: &str = "enrichment";

struct Output<'a> {
    article: &'a Article,
    enrichment: &'a Enrichment<'a>,
}

impl Serialize for Output<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let fields = self.article.fields();
        let mut map = s.serialize_map(None)?;
        // An input that already carries `enrichment` (a replayed output) gets
        // a fresh one, always written last.
        for (k, v) in fields.iter().filter(|(k, _)| k.as_str() != KEY) {
            map.serialize_entry(k, v)?;
        }
        map.serialize_entry(KEY, self.enrichment)?;
        map.end()
    }
}

/// The output record as compact JSON bytes (no trailing newline).
pub fn encode(article: &Article, enrichment: &Enrichment) -> Vec<u8> {
    let out = Output {
        article,
        enrichment,
    };
    // Serialising maps with string keys and plain values into a Vec cannot fail.
    serde_json::to_vec(&out).expect("JSON serialisation of an enriched record")
}

/// The output record as indented JSON, for people reading it.
pub fn encode_pretty(article: &Article, enrichment: &Enrichment) -> Vec<u8> {
    let out = Output {
        article,
        enrichment,
    };
    serde_json::to_vec_pretty(&out).expect("JSON serialisation of an enriched record")
}
