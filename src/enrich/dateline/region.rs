//! What may follow a dateline's place to say where it is: a region or
//! country after a comma (`Springfield, Ill.`, `KYIV, Ukraine`) or in
//! parentheses (`Los Llanos de Aridane (La Palma)`, `Cernobbio (CO)`).
//!
//! Abbreviations newsrooms use (`Ill.`, `D.C.`, Italian province codes,
//! Brazilian states) are per-language data in
//! `resources/<lang>/dateline/regions.tsv`; full region and country names
//! come from the gazetteer.

use super::lexicon::WordSet;
use super::place::{self, Gazetteer, Kind};
use super::scan::Cursor;
use crate::enrich::resources::{self, ResourceError};

/// One language's region abbreviations.
#[derive(Debug, Clone, Default)]
pub struct Abbreviations {
    /// (form as written, country), longest form first.
    forms: Vec<(String, String)>,
}

impl Abbreviations {
    /// Loads `resources/<lang>/dateline/regions.tsv`
    /// (`form<TAB>region<TAB>country`).
    pub fn load(lang: &str) -> Result<Self, ResourceError> {
        let path = format!("{lang}/dateline/regions.tsv");
        let mut forms: Vec<(String, String)> = Vec::new();
        for line in resources::lines(&path)? {
            let cols = line.columns(3)?;
            let country = cols[2];
            if country.len() != 2 || !country.chars().all(|c| c.is_ascii_uppercase()) {
                return Err(line.error(format!("{country:?} is not an ISO 3166-1 alpha-2 code")));
            }
            if cols[0].is_empty() || forms.iter().any(|(f, _)| f == cols[0]) {
                return Err(line.error(format!("empty or repeated form {:?}", cols[0])));
            }
            forms.push((cols[0].to_owned(), country.to_owned()));
        }
        forms.sort_by_key(|(f, _)| std::cmp::Reverse(f.len()));
        Ok(Abbreviations { forms })
    }

    /// The country of the abbreviation `s` (as written, or in capitals).
    pub fn get(&self, s: &str) -> Option<&str> {
        self.forms
            .iter()
            .find(|(f, _)| s == f || s == f.to_uppercase())
            .map(|(_, c)| c.as_str())
    }

    /// Reads an abbreviation at the cursor (not followed by a letter or
    /// digit); returns its country.
    pub fn read(&self, cur: &mut Cursor<'_>) -> Option<String> {
        for (form, country) in &self.forms {
            for f in [form.clone(), form.to_uppercase()] {
                let mut c = *cur;
                if c.eat_str(&f) && c.at_boundary() {
                    *cur = c;
                    return Some(country.clone());
                }
            }
        }
        None
    }
}

/// The countries a written region or country name can mean (gazetteer
/// entries of kind region or country only: `Georgia` → `US`, `GE`).
pub fn countries_of(name: &str, gazetteer: &dyn Gazetteer) -> Vec<String> {
    let mut out: Vec<(Kind, u64, String)> = gazetteer
        .candidates(name)
        .into_iter()
        .filter(|c| c.kind != Kind::City)
        .map(|c| (c.kind, c.population, c.country))
        .collect();
    // Countries before regions, larger first: a stable order.
    out.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    let mut countries: Vec<String> = Vec::new();
    for (_, _, c) in out {
        if !countries.contains(&c) {
            countries.push(c);
        }
    }
    countries
}

/// Reads a region or country after a comma: an abbreviation, or a name the
/// gazetteer knows as a region or country. Returns its possible countries.
pub fn read_suffix(
    cur: &mut Cursor<'_>,
    abbreviations: &Abbreviations,
    connectors: &WordSet,
    gazetteer: &dyn Gazetteer,
) -> Option<Vec<String>> {
    if let Some(country) = abbreviations.read(cur) {
        return Some(vec![country]);
    }
    let start = *cur;
    let name = place::read(cur, connectors)?;
    let countries = name
        .lookup_forms(cur.text())
        .iter()
        .map(|f| countries_of(f, gazetteer))
        .find(|c| !c.is_empty());
    if countries.is_none() {
        *cur = start;
    }
    countries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_loads() {
        for lang in ["it", "en", "fr", "es", "de", "pt"] {
            Abbreviations::load(lang).unwrap();
        }
    }

    #[test]
    fn abbreviations_as_written_or_in_capitals() {
        let en = Abbreviations::load("en").unwrap();
        for (text, want) in [
            ("Ill. (AP)", Some("US")),
            ("ILL. (AP)", Some("US")),
            ("D.C., March 3", Some("US")),
            ("W.Va. —", Some("US")),
            ("Ont. (CP)", Some("CA")),
            ("Illinois", None),
            ("Ill (AP)", None),
        ] {
            let mut c = Cursor::new(text, 0);
            assert_eq!(en.read(&mut c).as_deref(), want, "{text}");
        }
        let it = Abbreviations::load("it").unwrap();
        assert_eq!(it.get("CO"), Some("IT"));
        assert_eq!(it.get("co"), None);
        let mut c = Cursor::new("MIX", 0);
        assert_eq!(it.read(&mut c), None);
    }
}
