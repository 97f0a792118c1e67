//! What may follow a dateline's place to say where it is: a region or
//! country after a comma (`Springfield, Ill.`, `KYIV, Ukraine`) or in
//! parentheses (`Los Llanos de Aridane (La Palma)`, `Cernobbio (CO)`).
//!
//! Region, state and country names and the AP state abbreviations (`Ill.`,
//! `Calif.`) come from the gazetteer. Abbreviations only datelines use — an
//! Italian province code, a Brazilian state code, `D.C.`, Canadian provinces
//! — are per-language data in `resources/<lang>/dateline/regions.tsv`.

use super::lexicon::WordSet;
use super::place;
use super::scan::Cursor;
use crate::enrich::gazetteer::{Country, Gazetteer, Kind};
use crate::enrich::resources::{self, ResourceError};

/// The most full-stop-ended pieces of an abbreviation (`W. Va.`, `P.E.I.`).
const MAX_DOTTED: usize = 3;

/// One region abbreviation.
#[derive(Debug, Clone)]
struct Form {
    /// As written.
    form: String,
    /// In capitals.
    upper: String,
    country: Country,
    /// Only in brackets after the place (written `(AP)` in the file: PTI's
    /// `Sriharikota (AP), Nov 20 (PTI)`), never after a comma or bare.
    bracketed: bool,
}

/// One language's region abbreviations.
#[derive(Debug, Clone, Default)]
pub struct Abbreviations {
    /// Longest form first.
    forms: Vec<Form>,
}

impl Abbreviations {
    /// Loads `resources/<lang>/dateline/regions.tsv`
    /// (`form<TAB>region<TAB>country`; a form written in brackets, `(AP)`,
    /// is a region only in brackets).
    pub fn load(lang: &str) -> Result<Self, ResourceError> {
        let path = format!("{lang}/dateline/regions.tsv");
        let mut forms: Vec<Form> = Vec::new();
        for line in resources::lines(&path)? {
            let cols = line.columns(3)?;
            let country = Country::parse(cols[2]).ok_or_else(|| {
                line.error(format!("{:?} is not an ISO 3166-1 alpha-2 code", cols[2]))
            })?;
            let (form, bracketed) = match cols[0].strip_prefix('(') {
                Some(inner) => (inner.strip_suffix(')').unwrap_or(""), true),
                None => (cols[0], false),
            };
            if form.is_empty() || forms.iter().any(|f| f.form == form) {
                return Err(line.error(format!("empty or repeated form {:?}", cols[0])));
            }
            forms.push(Form {
                form: form.to_owned(),
                upper: form.to_uppercase(),
                country,
                bracketed,
            });
        }
        forms.sort_by_key(|f| std::cmp::Reverse(f.form.len()));
        Ok(Abbreviations { forms })
    }

    /// The country of the abbreviation `s` (as written, or in capitals)
    /// written bare after the place (`Davos GR`).
    pub fn get(&self, s: &str) -> Option<Country> {
        self.find(s, false)
    }

    /// The country of the abbreviation `s` written in brackets after the
    /// place (`Cernobbio (CO)`, `Sriharikota (AP)`).
    pub fn get_bracketed(&self, s: &str) -> Option<Country> {
        self.find(s, true)
    }

    fn find(&self, s: &str, in_brackets: bool) -> Option<Country> {
        self.forms
            .iter()
            .filter(|f| in_brackets || !f.bracketed)
            .find(|f| s == f.form || s == f.upper)
            .map(|f| f.country)
    }

    /// Reads an abbreviation at the cursor (not followed by a letter or
    /// digit); returns its country. Bracket-only forms are not read.
    pub fn read(&self, cur: &mut Cursor<'_>) -> Option<Country> {
        for Form {
            form,
            upper,
            country,
            bracketed,
        } in &self.forms
        {
            if *bracketed {
                continue;
            }
            for f in [form, upper] {
                let mut c = *cur;
                if c.eat_str(f) && c.at_boundary() {
                    *cur = c;
                    return Some(*country);
                }
            }
        }
        None
    }
}

/// The countries a written region or country name can mean: gazetteer
/// places that are not cities (`Georgia` → `GE`, `US`; `Ill.` → `US`),
/// largest country first.
pub fn countries_of(name: &str, gazetteer: &Gazetteer) -> Vec<Country> {
    let mut found: Vec<(u8, u64, Country)> = place::places(name, gazetteer.lookup(name))
        .filter(|c| c.kind != Kind::City)
        .filter_map(|c| {
            let order = if c.kind == Kind::Country { 1 } else { 0 };
            Some((order, c.population, c.country?))
        })
        .collect();
    found.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    let mut countries: Vec<Country> = Vec::new();
    for (_, _, c) in found {
        if !countries.contains(&c) {
            countries.push(c);
        }
    }
    countries
}

/// Reads a region or country after a comma: an abbreviation of the
/// language, a full-stop abbreviation the gazetteer knows (`Ill.`, `N.Y.`,
/// `W. Va.`), or a name the gazetteer knows as a region or country.
/// Returns its possible countries; the cursor stays put when there is none.
pub fn read_suffix(
    cur: &mut Cursor<'_>,
    abbreviations: &Abbreviations,
    connectors: &WordSet,
    gazetteer: &Gazetteer,
) -> Option<Vec<Country>> {
    if let Some(country) = abbreviations.read(cur) {
        return Some(vec![country]);
    }
    if let Some(countries) = read_dotted(cur, gazetteer) {
        return Some(countries);
    }
    let start = *cur;
    let name = place::read(cur, connectors)?;
    let forms = name.lookup_forms(cur.text());
    let countries = forms
        .iter()
        .map(|f| countries_of(f, gazetteer))
        .find(|c| !c.is_empty())
        .or_else(|| {
            forms
                .iter()
                .map(|f| city_countries(f, gazetteer))
                .find(|c| !c.is_empty())
        });
    if countries.is_none() {
        *cur = start;
    }
    countries
}

/// The countries of the cities a name can mean: a larger city can locate a
/// smaller one (`Matosinhos, Porto`), and the choice of the place then keeps
/// to those countries.
fn city_countries(name: &str, gazetteer: &Gazetteer) -> Vec<Country> {
    let mut countries: Vec<Country> = Vec::new();
    for c in place::places(name, gazetteer.lookup(name)).filter(|c| c.kind == Kind::City) {
        if let Some(k) = c.country.filter(|k| !countries.contains(k)) {
            countries.push(k);
        }
    }
    countries
}

/// Reads the longest run of up to three full-stop-ended pieces (`Ill.`,
/// `N.Y.`, `W. Va.`) that the gazetteer knows as a region or country.
fn read_dotted(cur: &mut Cursor<'_>, gazetteer: &Gazetteer) -> Option<Vec<Country>> {
    let mut c = *cur;
    let mut ends = Vec::new();
    while ends.len() < MAX_DOTTED && c.word().is_some() && c.eat('.') {
        ends.push(c.pos());
        // Pieces touch (`N.Y.`) or are one blank apart before a capital (`W. Va.`).
        if c.skip_blanks() && !c.peek().is_some_and(char::is_uppercase) {
            break;
        }
    }
    for &end in ends.iter().rev() {
        let countries = countries_of(&cur.text()[cur.pos()..end], gazetteer);
        if !countries.is_empty() {
            *cur = Cursor::new(cur.text(), end);
            return Some(countries);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enrich::dateline::tests::gazetteer;

    #[test]
    fn every_language_loads() {
        for lang in ["it", "en", "fr", "es", "de", "pt"] {
            Abbreviations::load(lang).unwrap();
        }
    }

    fn suffix(lang: &str, text: &str) -> Option<(String, Vec<String>)> {
        let abbr = Abbreviations::load(lang).unwrap();
        let connectors = WordSet::load("shared/dateline/connectors.txt").unwrap();
        let mut c = Cursor::new(text, 0);
        let got = read_suffix(&mut c, &abbr, &connectors, gazetteer())?;
        Some((
            text[..c.pos()].to_owned(),
            got.iter().map(|c| c.to_string()).collect(),
        ))
    }

    /// What [`suffix`] gives for a region `s` of country `cc`.
    fn region_of(s: &str, cc: &str) -> Option<(String, Vec<String>)> {
        Some((s.to_owned(), vec![cc.to_owned()]))
    }

    #[test]
    fn suffixes_by_abbreviation_or_name() {
        let us = |s: &str| region_of(s, "US");
        assert_eq!(suffix("en", "Ill. (AP)"), us("Ill."));
        assert_eq!(suffix("en", "N.Y., Jan 3"), us("N.Y."));
        assert_eq!(suffix("en", "W. Va. (AP)"), us("W. Va."));
        assert_eq!(suffix("en", "D.C., March 3"), us("D.C."));
        assert_eq!(suffix("en", "Hawaii (AP)"), us("Hawaii"));
        assert_eq!(suffix("en", "Ont. (CP)"), region_of("Ont.", "CA"));
        assert_eq!(suffix("en", "Ukraine —"), region_of("Ukraine", "UA"));
        assert_eq!(suffix("pt", "Porto, 12 fev"), region_of("Porto", "PT"));
        assert_eq!(suffix("en", "the mayor said"), None);
        assert_eq!(suffix("en", "Sadiq Khan, has"), None);
        assert_eq!(suffix("en", "Spain's third-largest city"), None);
    }

    #[test]
    fn abbreviations_as_written_or_in_capitals() {
        let en = Abbreviations::load("en").unwrap();
        for (text, want) in [
            ("D.C., March 3", Some("US")),
            ("Ont. (CP)", Some("CA")),
            ("ONT. (CP)", Some("CA")),
            ("Ontario", None),
        ] {
            let mut c = Cursor::new(text, 0);
            let got = en.read(&mut c).map(|c| c.to_string());
            assert_eq!(got.as_deref(), want, "{text}");
        }
        let it = Abbreviations::load("it").unwrap();
        assert_eq!(it.get("CO").map(|c| c.to_string()).as_deref(), Some("IT"));
        assert_eq!(it.get("co"), None);
        let mut c = Cursor::new("MIX", 0);
        assert_eq!(it.read(&mut c), None);
    }

    #[test]
    fn canadian_provinces_in_french_and_mexican_states() {
        let ca = |s: &str| region_of(s, "CA");
        assert_eq!(suffix("fr", "Qc —"), ca("Qc"));
        assert_eq!(suffix("fr", "QC —"), ca("QC"));
        assert_eq!(suffix("fr", "C.-B., 3 mai"), ca("C.-B."));
        assert_eq!(suffix("fr", "Î.-P.-É. —"), ca("Î.-P.-É."));
        assert_eq!(suffix("fr", "T.-N.-L. (PC)"), ca("T.-N.-L."));
        assert_eq!(suffix("en", "N.L. (CP)"), ca("N.L."));
        let mx = |s: &str| region_of(s, "MX");
        assert_eq!(suffix("es", "NL, 4 de diciembre"), mx("NL"));
        assert_eq!(suffix("es", "Q. Roo, 4 de mayo"), mx("Q. Roo"));
        assert_eq!(suffix("es", "Jal. (Notimex)"), mx("Jal."));
        // An abbreviation must end at a word's end.
        assert_eq!(suffix("fr", "Qcx —"), None);
        assert_eq!(suffix("es", "NLX, 4 de diciembre"), None);
    }

    #[test]
    fn bracket_only_forms() {
        let en = Abbreviations::load("en").unwrap();
        let india = en.get_bracketed("AP").map(|c| c.to_string());
        assert_eq!(india.as_deref(), Some("IN"));
        assert_eq!(en.get("AP"), None);
        assert_eq!(en.read(&mut Cursor::new("AP (PTI)", 0)), None);
        assert_eq!(suffix("en", "UP, Nov 20"), None);
        // Other forms count in brackets too.
        let ont = en.get_bracketed("Ont.").map(|c| c.to_string());
        assert_eq!(ont.as_deref(), Some("CA"));
    }
}
