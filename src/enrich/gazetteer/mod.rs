//! Gazetteers: places, organisations, people and demonyms, loaded once from
//! the embedded `resources/` and looked up by spelling or found in text.
//!
//! # Overview
//!
//! - [`Gazetteer::load`] reads `shared/geo/places.tsv` (countries, regions,
//!   cities > 15,000 people, from GeoNames/CLDR/ISO), `shared/geo/features.tsv`
//!   (seas, rivers, mountains, sites, continents), `shared/organizations.tsv`,
//!   `shared/governments.tsv`,
//!   `shared/people.tsv`, `shared/common_words.tsv` and every
//!   `<lang>/demonyms.txt`, and apart from the rest `shared/geo/towns.tsv`
//!   (towns of 5,000 to 15,000 people, which datelines and lone unknown names consult); a malformed line is an error naming `resources/<file>:<line>`. Files and formats are described
//!   in `resources/shared/README.md`.
//! - Every spelling is indexed under its [`fold`]ed key (case, accents,
//!   hyphens and spacing ignored), so `MOSCA`, `Mosca` and `mosca` share one
//!   key. Each [`Candidate`] keeps the spelling as listed, so the caller can
//!   tell `Nice` (the city) from `nice` (the word) with [`CaseMatch`]: the
//!   gazetteer never decides that for it.
//! - [`Gazetteer::lookup`] answers "what may this string name?";
//!   [`Gazetteer::country`] gives a country by ISO code;
//!   [`Gazetteer::scan`] finds every listed name in a text in one pass
//!   (Aho–Corasick, leftmost-longest, word boundaries only: `New York City`
//!   over `New York`); [`Gazetteer::demonym`] maps `russo`, `French`, `Russen`
//!   to a country for one language; [`Gazetteer::is_common_word`] says when a
//!   listed name (`Como`, `Nice`, `Un`) is also a common word of a language,
//!   so a sentence-initial or all-caps occurrence needs more evidence.
//!
//! Candidates of one key are ordered most populous first, then by kind
//! (country, region, city, continent, feature, organisation, person,
//! location), then by name: a deterministic order. A caller that has to pick
//! one when context says nothing takes the first of [`own_names_first`]:
//! a thing whose own name the spelling is beats a bigger thing that merely
//! has it as an alias (`Alessandria` the Italian city before Alexandria in
//! Egypt, which GeoNames also spells so; `Aichi` the prefecture before a city
//! that lists it as an alternate name).
//!
//! ```
//! use newswire::enrich::gazetteer::{CaseMatch, Gazetteer, Kind};
//!
//! let g = Gazetteer::load().expect("embedded gazetteers load");
//! let mosca = &g.lookup("Mosca")[0];
//! assert_eq!((mosca.canonical, mosca.kind), ("Moscow", Kind::City));
//! assert_eq!(mosca.country.unwrap().as_str(), "RU");
//!
//! // "Il" is found too (the Portuguese party IL): case rules it out.
//! let hits: Vec<_> = g
//!     .scan("Il Cremlino ha risposto da Mosca.")
//!     .into_iter()
//!     .filter_map(|h| h.plausible().next().map(|c| (h.text, c.canonical)))
//!     .collect();
//! assert_eq!(hits, [("Cremlino", "Kremlin"), ("Mosca", "Moscow")]);
//! assert_eq!(CaseMatch::of("nice", "Nice"), CaseMatch::Lower);
//! ```

mod common;
mod demonyms;
mod entry;
mod fold;
mod index;
mod load;
mod scan;
mod towns;

pub use common::CommonWords;
pub use demonyms::Demonyms;
pub use entry::{Candidate, CaseMatch, Country, Kind};
pub use fold::{fold, fold_into, fold_plain_into, folds_to_lowercase, FoldedText};
pub use scan::Hit;
pub use towns::{Town, Towns};

use crate::enrich::language::Lang;
use crate::enrich::resources::ResourceError;
use index::KeyIndex;
use scan::Scanner;

/// Every gazetteer, compiled once; `Send + Sync`, share it behind an `Arc`.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    /// Positions of the distinct folded keys, sorted (key `i` is automaton
    /// pattern `i`), by hash.
    index: KeyIndex,
    /// The most words a key has.
    max_words: usize,
    /// Distinct first words of keys, sorted, and the most words of a key
    /// that starts with each.
    first_index: KeyIndex,
    words_from: Vec<u8>,
    /// `candidates[ranges[i].0..ranges[i].1]` belong to key `i`.
    ranges: Vec<(u32, u32)>,
    candidates: Vec<Candidate>,
    /// One candidate per country (its canonical spelling), sorted by code.
    countries: Vec<Candidate>,
    scanner: Scanner,
    /// In [`Lang::ALL`] order.
    demonyms: Vec<Demonyms>,
    common: CommonWords,
    towns: Towns,
}

/// Sizes of a loaded [`Gazetteer`], for logs and benchmarks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    /// Distinct folded keys.
    pub keys: usize,
    /// (spelling, entry) pairs.
    pub candidates: usize,
    /// Countries by ISO code.
    pub countries: usize,
    /// Heap bytes of the Aho–Corasick automaton.
    pub automaton_bytes: usize,
    /// Heap bytes of the hash index over the keys.
    pub index_bytes: usize,
}

/// Candidate order within a key: most populous, then kind, then names.
fn rank(a: &Candidate, b: &Candidate) -> std::cmp::Ordering {
    b.population
        .cmp(&a.population)
        .then(a.kind.cmp(&b.kind))
        .then(a.canonical.cmp(b.canonical))
        .then(a.country.cmp(&b.country))
        .then(a.surface.cmp(b.surface))
}

/// `candidates` (one key's, as [`Gazetteer::lookup`] gives them) with those
/// whose listed spelling is their own canonical name first; each group keeps
/// the gazetteer's order. Allocates nothing.
pub fn own_names_first(candidates: &[Candidate]) -> impl Iterator<Item = &Candidate> + Clone {
    let own = candidates.iter().filter(|c| c.is_own_name());
    own.chain(candidates.iter().filter(|c| !c.is_own_name()))
}

impl Gazetteer {
    /// Loads and indexes every gazetteer file (see the module docs).
    pub fn load() -> Result<Gazetteer, ResourceError> {
        let mut rows: Vec<(String, Candidate)> = Vec::with_capacity(110_000);
        for (path, kinds) in load::PLACE_FILES {
            load::places(path, kinds, &mut rows)?;
        }
        for (path, kinds) in load::ENTITY_FILES {
            load::entities(path, kinds, &mut rows)?;
        }
        rows.sort_unstable_by(|(ka, a), (kb, b)| ka.cmp(kb).then_with(|| rank(a, b)));
        rows.dedup();

        let mut keys: Vec<Box<str>> = Vec::new();
        let mut ranges: Vec<(u32, u32)> = Vec::new();
        let mut candidates = Vec::with_capacity(rows.len());
        let mut countries = Vec::new();
        for (key, c) in rows {
            if keys.last().map(|k| &**k) != Some(key.as_str()) {
                let at = candidates.len() as u32;
                keys.push(key.into_boxed_str());
                ranges.push((at, at));
            }
            if c.kind == Kind::Country && c.surface == c.canonical {
                countries.push(c);
            }
            candidates.push(c);
            if let Some(r) = ranges.last_mut() {
                r.1 += 1;
            }
        }
        countries.sort_unstable_by(|a, b| a.country.cmp(&b.country).then_with(|| rank(a, b)));
        countries.dedup_by(|a, b| a.country == b.country);

        let max_words = keys.iter().map(|k| k.split(' ').count()).max().unwrap_or(0);
        let scanner = Scanner::new(&keys)?;
        let index = KeyIndex::new(&keys);
        let mut firsts: Vec<(&str, u8)> = keys
            .iter()
            .map(|k| {
                let n = k.split(' ').count().min(u8::MAX as usize) as u8;
                (k.split(' ').next().unwrap_or(""), n)
            })
            .collect();
        firsts.sort_unstable_by(|a, b| a.0.cmp(b.0).then(b.1.cmp(&a.1)));
        firsts.dedup_by(|a, b| a.0 == b.0);
        let first_words: Vec<&str> = firsts.iter().map(|(w, _)| *w).collect();
        let words_from = firsts.iter().map(|(_, n)| *n).collect();
        let first_index = KeyIndex::new(&first_words);
        let demonyms = Lang::ALL
            .into_iter()
            .map(Demonyms::load)
            .collect::<Result<_, _>>()?;
        Ok(Gazetteer {
            index,
            max_words,
            first_index,
            words_from,
            ranges,
            candidates,
            countries,
            scanner,
            demonyms,
            common: CommonWords::load()?,
            towns: Towns::load()?,
        })
    }

    /// Towns of 5,000 to 15,000 people, for datelines and lone names of the
    /// article's countries (see [`Towns`]).
    pub fn towns(&self) -> &Towns {
        &self.towns
    }

    fn key_candidates(&self, i: usize) -> &[Candidate] {
        let (a, b) = self.ranges[i];
        &self.candidates[a as usize..b as usize]
    }

    /// Everything `surface` may name, whatever its case and accents; empty when
    /// nothing does. Compare `surface` with each [`Candidate::surface`] using
    /// [`CaseMatch::of`] before trusting a lowercase hit.
    pub fn lookup(&self, surface: &str) -> &[Candidate] {
        self.lookup_folded(&fold(surface))
    }

    /// [`Gazetteer::lookup`] for a key that is folded already (by [`fold`]
    /// or [`fold_into`]); allocates nothing, one hash probe.
    pub fn lookup_folded(&self, key: &str) -> &[Candidate] {
        match self.index.get(key) {
            Some(i) => self.key_candidates(i),
            None => &[],
        }
    }

    /// The most words (space-separated parts of a folded key) a listed name
    /// has: no phrase longer than this needs looking up.
    pub fn max_words(&self) -> usize {
        self.max_words
    }

    /// The most words of a listed name whose first word is the folded
    /// `word` (0 when no name starts with it): how far a caller looking for
    /// names that start at `word` needs to try.
    pub fn words_from(&self, word: &str) -> usize {
        self.first_index
            .get(word)
            .map_or(0, |i| usize::from(self.words_from[i]))
    }

    /// The country with ISO 3166-1 alpha-2 `code` (`"IT"`; also `"XK"`).
    pub fn country(&self, code: &str) -> Option<&Candidate> {
        let code = Country::parse(code)?;
        self.countries
            .binary_search_by(|c| c.country.cmp(&Some(code)))
            .ok()
            .map(|i| &self.countries[i])
    }

    /// Every listed name in `text`, left to right, never overlapping,
    /// leftmost-longest, only at word boundaries; spans are byte offsets of
    /// `text`.
    pub fn scan<'t>(&self, text: &'t str) -> Vec<Hit<'_, 't>> {
        self.scanner
            .find(text)
            .into_iter()
            .map(|(key, start, end)| Hit {
                start,
                end,
                text: &text[start..end],
                candidates: self.key_candidates(key),
            })
            .collect()
    }

    /// The countries `word` is a demonym of in `lang` (`russi` → RU in
    /// Italian); empty when it is none.
    pub fn demonym(&self, lang: Lang, word: &str) -> &[Country] {
        let i = Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0);
        self.demonyms[i].get(word)
    }

    /// True when `word` is a listed name that is also a common lowercase word
    /// of `lang` (`Como` in Spanish, `Nice` in English, `Un` in French).
    pub fn is_common_word(&self, lang: Lang, word: &str) -> bool {
        self.common.contains(lang, word)
    }

    /// Sizes, for logs and benchmarks.
    pub fn stats(&self) -> Stats {
        Stats {
            keys: self.index.key_count(),
            candidates: self.candidates.len(),
            countries: self.countries.len(),
            automaton_bytes: self.scanner.memory_usage(),
            index_bytes: self.index.memory_usage() + self.first_index.memory_usage(),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::sync::OnceLock;

    /// One loaded gazetteer for every test of this module.
    pub(crate) fn shared() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| Gazetteer::load().expect("gazetteers load"))
    }

    fn first(g: &Gazetteer, s: &str) -> (&'static str, Kind, String) {
        let c = g
            .lookup(s)
            .first()
            .copied()
            .unwrap_or_else(|| panic!("{s}: not found"));
        (
            c.canonical,
            c.kind,
            c.country.map(|c| c.to_string()).unwrap_or_default(),
        )
    }

    #[test]
    fn cities_in_six_languages_share_a_canonical_name() {
        let g = shared();
        for s in [
            "Mosca", "Moscow", "Moscou", "Moskau", "Moscú", "Moscovo", "MOSCA",
        ] {
            assert_eq!(first(g, s), ("Moscow", Kind::City, "RU".into()), "{s}");
        }
        assert_eq!(first(g, "Nova York").0, "New York City");
        assert_eq!(first(g, "Londra").0, "London");
        assert_eq!(first(g, "CITTA' DEL VATICANO").0, "Vatican City");
        assert_eq!(first(g, "Monaco di Baviera").0, "Munich");
        assert_eq!(first(g, "Forlì"), ("Forlì", Kind::City, "IT".into()));
    }

    #[test]
    fn countries_regions_features_orgs_people() {
        let g = shared();
        for s in [
            "USA",
            "U.S.",
            "Stati Uniti",
            "EE.UU.",
            "Usa",
            "Vereinigte Staaten",
        ] {
            assert_eq!(
                first(g, s),
                ("United States", Kind::Country, "US".into()),
                "{s}"
            );
        }
        assert_eq!(first(g, "Baviera"), ("Bavaria", Kind::Region, "DE".into()));
        assert_eq!(first(g, "Ill."), ("Illinois", Kind::Region, "US".into()));
        assert_eq!(first(g, "Springfield").2, "US");
        assert_eq!(first(g, "Mediterraneo").0, "Mediterranean Sea");
        assert_eq!(
            first(g, "Europa"),
            ("Europe", Kind::Continent, String::new())
        );
        assert_eq!(
            first(g, "Cremlino"),
            ("Kremlin", Kind::Organization, "RU".into())
        );
        assert_eq!(first(g, "Onu").0, "United Nations");
        assert_eq!(
            first(g, "Putin"),
            ("Vladimir Putin", Kind::Person, "RU".into())
        );
    }

    #[test]
    fn lookup_misses_and_keeps_listed_case() {
        let g = shared();
        assert!(g.lookup("Brindando").is_empty());
        assert!(g.lookup("").is_empty());
        assert!(g.lookup("xyzzy qwerty").is_empty());
        let nice = g.lookup("nice");
        assert!(nice
            .iter()
            .any(|c| c.surface == "Nice" && c.canonical == "Nice"));
        assert_eq!(CaseMatch::of("nice", nice[0].surface), CaseMatch::Lower);
    }

    #[test]
    fn candidates_are_ranked_by_population() {
        let g = shared();
        let paris = g.lookup("Paris");
        assert_eq!(paris[0].country.unwrap().as_str(), "FR");
        assert!(paris.windows(2).all(|w| w[0].population >= w[1].population));
        let georgia = g.lookup("Georgia");
        assert_eq!(georgia[0].kind, Kind::Country);
        assert!(georgia
            .iter()
            .any(|c| c.kind == Kind::Region && c.country.unwrap().as_str() == "US"));
    }

    #[test]
    fn own_names_come_first_when_asked() {
        let g = shared();
        let alessandria = g.lookup("Alessandria");
        let best = own_names_first(alessandria).next().unwrap();
        assert_eq!(
            (best.canonical, best.country.unwrap().as_str()),
            ("Alessandria", "IT")
        );
        assert_eq!(own_names_first(alessandria).count(), alessandria.len());
        assert_eq!(own_names_first(&[]).next(), None);
    }

    #[test]
    fn words_from_bounds_phrase_lookups() {
        let g = shared();
        assert!(g.words_from("new") >= 3, "New York City");
        assert_eq!(g.words_from("mosca"), 1);
        assert_eq!(g.words_from("xyzzy"), 0);
        assert!(g.max_words() >= g.words_from("citta"));
    }

    #[test]
    fn country_by_code() {
        let g = shared();
        assert_eq!(g.country("IT").map(|c| c.canonical), Some("Italy"));
        assert_eq!(g.country("VA").map(|c| c.canonical), Some("Vatican City"));
        assert_eq!(g.country("XK").map(|c| c.canonical), Some("Kosovo"));
        assert!(g.country("it").is_none());
        assert!(g.country("ZZ").is_none());
        assert!(g.stats().countries >= 249);
    }

    #[test]
    fn scan_finds_names_with_spans() {
        let g = shared();
        let text = "ROMA, 28 NOV - Il presidente russo Vladimir Putin ha incontrato a Mosca \
                    il leader nordcoreano Kim Jong-un, ha riferito il Cremlino.";
        let hits = g.scan(text);
        let found: Vec<(&str, &str)> = hits
            .iter()
            .map(|h| (h.text, h.candidates[0].canonical))
            .collect();
        for want in [
            ("ROMA", "Rome"),
            ("Vladimir Putin", "Vladimir Putin"),
            ("Mosca", "Moscow"),
            ("Kim Jong-un", "Kim Jong-un"),
            ("Cremlino", "Kremlin"),
        ] {
            assert!(found.contains(&want), "{want:?} not in {found:?}");
        }
        assert!(hits.iter().all(|h| &text[h.start..h.end] == h.text));
        assert!(hits.windows(2).all(|w| w[0].end <= w[1].start));
        assert!(!found
            .iter()
            .any(|(t, _)| *t == "russo" || *t == "nordcoreano"));
    }

    #[test]
    fn plausible_candidates_follow_case() {
        let g = shared();
        let hits = g.scan("Il sindaco di Nice dice che è nice.");
        let il = hits.iter().find(|h| h.text == "Il").expect("IL is listed");
        assert_eq!(il.plausible().count(), 0);
        let nice: Vec<_> = hits
            .iter()
            .filter(|h| h.text.eq_ignore_ascii_case("nice"))
            .collect();
        assert_eq!(nice.len(), 2);
        assert_eq!(
            nice[0].plausible().next().map(|c| c.canonical),
            Some("Nice")
        );
        assert_eq!(nice[1].plausible().next(), None);
    }

    #[test]
    fn scan_prefers_the_longest_name() {
        let g = shared();
        let hits = g.scan("NEW YORK CITY and Città del Vaticano");
        assert_eq!(hits[0].text, "NEW YORK CITY");
        assert_eq!(hits[1].text, "Città del Vaticano");
        assert!(g.scan("").is_empty());
    }

    #[test]
    fn common_words_by_language() {
        let g = shared();
        assert!(g.is_common_word(Lang::Es, "Como"));
        assert!(!g.is_common_word(Lang::It, "Como"));
        assert!(!g.is_common_word(Lang::It, "Roma"));
    }

    #[test]
    fn demonyms_by_language() {
        let g = shared();
        assert_eq!(g.demonym(Lang::It, "nordcoreano")[0].as_str(), "KP");
        assert_eq!(g.demonym(Lang::En, "French")[0].as_str(), "FR");
        assert!(g.demonym(Lang::It, "Mosca").is_empty());
    }
}
