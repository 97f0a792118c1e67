//! INTERIM: a direct reader of `resources/shared/geo/places.tsv`, standing in
//! for the shared gazetteer module (`src/enrich/gazetteer/`) until it lands.
//! Delete once the engine passes the shared gazetteer.

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

use super::place::{Candidate, Gazetteer, Kind};
use crate::enrich::resources::{self, ResourceError};

/// Places by folded surface form.
#[derive(Debug, Default)]
pub struct TsvGazetteer {
    by_key: HashMap<String, Vec<Candidate>>,
}

fn key(s: &str) -> String {
    let s: String = s
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' | '`' => '\'',
            '-' | '\u{2010}' | '\u{2011}' | '\u{2013}' => ' ',
            c => c,
        })
        .collect();
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl TsvGazetteer {
    /// Loads `shared/geo/places.tsv`.
    pub fn load() -> Result<Self, ResourceError> {
        let mut by_key: HashMap<String, Vec<Candidate>> = HashMap::new();
        for line in resources::lines("shared/geo/places.tsv")? {
            let c = line.columns(5)?;
            let kind = match c[2] {
                "city" => Kind::City,
                "region" => Kind::Region,
                "country" => Kind::Country,
                k => return Err(line.error(format!("unknown kind {k:?}"))),
            };
            by_key.entry(key(c[0])).or_default().push(Candidate {
                canonical: c[1].to_owned(),
                kind,
                country: c[3].to_owned(),
                population: c[4].parse().unwrap_or(0),
            });
        }
        Ok(TsvGazetteer { by_key })
    }
}

impl Gazetteer for TsvGazetteer {
    fn candidates(&self, name: &str) -> Vec<Candidate> {
        let mut out = self.by_key.get(&key(name)).cloned().unwrap_or_default();
        out.dedup();
        out
    }
}
