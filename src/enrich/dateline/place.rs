//! The place of a dateline: reading the name as written, and choosing what
//! it means among the gazetteer's candidates.
//!
//! A place name is one to six words: capitalised or ALL CAPS words
//! (`Los Llanos`, `SÃO PAULO`, `L'Aquila`, `Aix-en-Provence`), lowercase
//! connectors between them (`Città del Vaticano`, `Frankfurt am Main`; from
//! `resources/shared/dateline/connectors.txt`), a word-final apostrophe
//! standing for an accent in capitals (`CITTA'`), a short abbreviation with
//! its full stop before another word (`St. Louis`), and places joined by a
//! slash (`Berlin/Kiew`, `Frankfurt/Main`).

use super::lexicon::WordSet;
use super::scan::{is_letter, Cursor};
use crate::enrich::gazetteer::{Candidate, CaseMatch, Country, Kind};

/// The most words a place name may have.
pub const MAX_WORDS: usize = 6;

/// A place name as read from the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// Byte range of the whole name.
    pub start: usize,
    /// End of the name (exclusive).
    pub end: usize,
    /// Byte ranges of the words (connectors included).
    pub words: Vec<(usize, usize)>,
    /// Byte ranges of the slash-separated parts (one for most names).
    pub parts: Vec<(usize, usize)>,
}

impl Written {
    /// The name as written.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }

    /// True when no letter of the name is lowercase (`NEW YORK`).
    pub fn all_caps(&self, text: &str) -> bool {
        let t = self.text(text);
        t.chars().any(char::is_uppercase) && !t.chars().any(char::is_lowercase)
    }

    /// The names to look up, best first: as written, then with word-final
    /// apostrophes dropped (`CITTA'` for `CITTÀ`), then its first part.
    pub fn lookup_forms(&self, text: &str) -> Vec<String> {
        let written = self.text(text).to_owned();
        let mut out = vec![written.clone()];
        let unaccented: String = strip_final_apostrophes(&written);
        if unaccented != written {
            out.push(unaccented);
        }
        if self.parts.len() > 1 {
            let (s, e) = self.parts[0];
            out.push(strip_final_apostrophes(&text[s..e]));
        }
        out
    }

    /// The name in title case when written in capitals (`LOS LLANOS DE
    /// ARIDANE` → `Los Llanos de Aridane`), else as written.
    pub fn title_case(&self, text: &str, connectors: &WordSet) -> String {
        let t = self.text(text);
        if !self.all_caps(text) {
            return t.to_owned();
        }
        let mut out = String::with_capacity(t.len());
        let mut word = String::new();
        let mut first = true;
        let flush = |word: &mut String, out: &mut String, first: &mut bool| {
            if word.is_empty() {
                return;
            }
            if !*first && connectors.contains(word) {
                out.push_str(&word.to_lowercase());
            } else {
                let mut cs = word.chars();
                if let Some(c) = cs.next() {
                    out.extend(c.to_uppercase());
                    out.push_str(&cs.as_str().to_lowercase());
                }
            }
            word.clear();
            *first = false;
        };
        for c in t.chars() {
            if is_letter(c) {
                word.push(c);
            } else {
                flush(&mut word, &mut out, &mut first);
                out.push(c);
            }
        }
        flush(&mut word, &mut out, &mut first);
        out
    }
}

fn strip_final_apostrophes(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    chars
        .iter()
        .enumerate()
        .filter(|&(i, c)| {
            !(matches!(c, '\'' | '\u{2019}')
                && i > 0
                && is_letter(chars[i - 1])
                && chars.get(i + 1).is_none_or(|n| !is_letter(*n)))
        })
        .map(|(_, c)| *c)
        .collect()
}

fn starts_upper(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

fn is_vowel(c: char) -> bool {
    "AEIOUaeiou".contains(c)
}

/// Reads a place name at the cursor and leaves the cursor after it.
pub fn read(cur: &mut Cursor<'_>, connectors: &WordSet) -> Option<Written> {
    let text = cur.text();
    let start = cur.pos();
    let mut end = start;
    let mut words = Vec::new();
    let mut parts = Vec::new();
    let mut part_start = start;
    let mut counted = 0;
    loop {
        let before = *cur;
        let Some((s, e)) = cur.word() else {
            *cur = before;
            break;
        };
        let w = &text[s..e];
        let elided = w
            .split_once(['\'', '\u{2019}'])
            .is_some_and(|(head, tail)| connectors.contains(head) && starts_upper(tail));
        let capital = starts_upper(w) || (elided && !words.is_empty());
        let connector = connectors.contains(w) && !words.is_empty();
        if !capital && !connector {
            *cur = before;
            break;
        }
        words.push((s, e));
        counted += 1;
        if counted > MAX_WORDS {
            return None;
        }
        if capital {
            // CITTA' (an accent typed as an apostrophe in capitals).
            let mut after = *cur;
            if (after.eat('\'') || after.eat('\u{2019}'))
                && w.chars().next_back().is_some_and(is_vowel)
                && !after.peek().is_some_and(is_letter)
            {
                *cur = after;
            }
            // St. Louis, Ft. Worth.
            let mut after = *cur;
            if w.chars().count() <= 3
                && after.eat('.')
                && after.skip_blanks()
                && after.peek().is_some_and(char::is_uppercase)
            {
                *cur = after;
                end = before_blanks(cur);
                continue;
            }
            end = cur.pos();
        }
        let mid = *cur;
        if cur.eat('/') && cur.peek().is_some_and(char::is_uppercase) {
            parts.push((part_start, end));
            part_start = cur.pos();
            continue;
        }
        *cur = mid;
        if cur.skip_blanks() && cur.peek().is_some_and(is_letter) {
            continue;
        }
        *cur = mid;
        break;
    }
    if end == start {
        *cur = Cursor::new(text, start);
        return None;
    }
    words.retain(|&(_, e)| e <= end);
    parts.push((part_start, end));
    *cur = Cursor::new(text, end);
    Some(Written {
        start,
        end,
        words,
        parts,
    })
}

/// The end of the text before the blanks that lead to the cursor.
fn before_blanks(cur: &Cursor<'_>) -> usize {
    cur.text()[..cur.pos()].trim_end().len()
}

/// True for the gazetteer kinds a dateline place can be: cities, regions,
/// countries, and features such as islands (`LAMPEDUSA`); not continents,
/// organisations or people.
pub fn is_place(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::City | Kind::Region | Kind::Country | Kind::Feature | Kind::Location
    )
}

/// The candidates `written` may name as a place, its case considered
/// (`Il` is not the acronym `IL`).
pub fn places<'g>(
    written: &str,
    candidates: &'g [Candidate],
) -> impl Iterator<Item = &'g Candidate> {
    let written = written.to_owned();
    candidates
        .iter()
        .filter(move |c| is_place(c.kind) && CaseMatch::of(&written, c.surface).is_plausible())
}

/// Chooses the entry a dateline place written `written` most likely means.
///
/// `countries`, when given, restricts the choice (a region or country was
/// written after the place: `Paris, Texas`). Cities and countries are ranked
/// by population, except that a place in one of the language's `home`
/// countries wins when it has at least a fifth of the largest one's
/// population (`Valencia` is Spain's in Spanish copy); a region, island or
/// other feature is chosen only when no city or country fits.
pub fn choose<'g>(
    written: &str,
    candidates: &'g [Candidate],
    countries: Option<&[Country]>,
    home: &[Country],
) -> Option<&'g Candidate> {
    let fits =
        |c: &&Candidate| countries.is_none_or(|cs| c.country.is_some_and(|k| cs.contains(&k)));
    let pool: Vec<&Candidate> = places(written, candidates).filter(fits).collect();
    let settled: Vec<&Candidate> = pool
        .iter()
        .copied()
        .filter(|c| matches!(c.kind, Kind::City | Kind::Country))
        .collect();
    let pool = if settled.is_empty() { pool } else { settled };
    let best = pool.iter().copied().max_by(|a, b| rank(a).cmp(&rank(b)))?;
    let home_best = pool
        .iter()
        .copied()
        .filter(|c| c.country.is_some_and(|k| home.contains(&k)))
        .max_by(|a, b| rank(a).cmp(&rank(b)));
    match home_best {
        Some(h) if h.population.saturating_mul(5) >= best.population => Some(h),
        _ => Some(best),
    }
}

/// A total order: population, then cities before countries before the
/// rest, then name (reversed, so that ties go to the first name).
fn rank(c: &Candidate) -> (u64, u8, std::cmp::Reverse<&str>) {
    let kind = match c.kind {
        Kind::City => 3,
        Kind::Country => 2,
        Kind::Region => 1,
        _ => 0,
    };
    (c.population, kind, std::cmp::Reverse(c.canonical))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn connectors() -> WordSet {
        WordSet::load("shared/dateline/connectors.txt").unwrap()
    }

    fn read_str(text: &str) -> Option<(String, usize)> {
        let mut c = Cursor::new(text, 0);
        read(&mut c, &connectors()).map(|w| (w.text(text).to_owned(), w.parts.len()))
    }

    #[test]
    fn reads_names_of_one_to_six_words() {
        let cases = [
            ("Mosca, 13 settembre", "Mosca"),
            ("Città del Vaticano, 2 aprile", "Città del Vaticano"),
            ("CITTA' DEL VATICANO, 16 DIC", "CITTA' DEL VATICANO"),
            ("Los Llanos de Aridane (La Palma)", "Los Llanos de Aridane"),
            ("SÃO PAULO —", "SÃO PAULO"),
            ("L'Aquila, 3 mar", "L'Aquila"),
            ("Cortina d'Ampezzo -", "Cortina d'Ampezzo"),
            ("Aix-en-Provence (AFP)", "Aix-en-Provence"),
            ("ST. LOUIS (AP) —", "ST. LOUIS"),
            ("Frankfurt am Main (dpa)", "Frankfurt am Main"),
            ("Roma è pronta", "Roma"),
            ("Coup de tonnerre", "Coup"),
            ("Springfield, Ill.", "Springfield"),
        ];
        for (text, want) in cases {
            assert_eq!(read_str(text).map(|r| r.0), Some(want.to_owned()), "{text}");
        }
        assert_eq!(
            read_str("Berlin/Kiew (dpa)"),
            Some(("Berlin/Kiew".into(), 2))
        );
        assert_eq!(read_str("roma, 3 mar"), None);
        assert_eq!(read_str("(AGI) - Milano"), None);
        assert_eq!(
            read_str("Uno Due Tre Quattro Cinque Sei Sette, 5 mar"),
            None
        );
    }

    #[test]
    fn lookup_forms_and_title_case() {
        let c = connectors();
        let text = "CITTA' DEL VATICANO, 16 DIC";
        let w = read(&mut Cursor::new(text, 0), &c).unwrap();
        assert_eq!(
            w.lookup_forms(text),
            ["CITTA' DEL VATICANO", "CITTA DEL VATICANO"]
        );
        assert_eq!(w.title_case(text, &c), "Citta' del Vaticano");
        let text = "LOS LLANOS DE ARIDANE -";
        let w = read(&mut Cursor::new(text, 0), &c).unwrap();
        assert_eq!(w.title_case(text, &c), "Los Llanos de Aridane");
        let text = "Berlin/Kiew (dpa)";
        let w = read(&mut Cursor::new(text, 0), &c).unwrap();
        assert_eq!(w.lookup_forms(text), ["Berlin/Kiew", "Berlin"]);
        assert_eq!(w.title_case(text, &c), "Berlin/Kiew");
    }

    fn cand(canonical: &'static str, kind: Kind, country: &str, population: u64) -> Candidate {
        Candidate {
            surface: canonical,
            canonical,
            kind,
            country: Country::parse(country),
            population,
        }
    }

    fn codes(c: &[&str]) -> Vec<Country> {
        c.iter().filter_map(|s| Country::parse(s)).collect()
    }

    fn country(c: Option<&Candidate>) -> Option<String> {
        c.and_then(|c| c.country).map(|c| c.to_string())
    }

    #[test]
    fn choice_by_population_home_and_hint() {
        let valencia = [
            cand("Valencia", Kind::City, "VE", 1_619_470),
            cand("Valencia", Kind::City, "ES", 824_340),
            cand("Valencia", Kind::City, "US", 148_456),
        ];
        let v = |countries: Option<&[Country]>, home: &[&str]| {
            country(choose("Valencia", &valencia, countries, &codes(home)))
        };
        assert_eq!(v(None, &["ES"]).as_deref(), Some("ES"));
        assert_eq!(v(None, &["IT"]).as_deref(), Some("VE"));
        assert_eq!(v(Some(&codes(&["US"])), &[]).as_deref(), Some("US"));
        assert_eq!(v(Some(&codes(&["FR"])), &[]), None);
        let paris = [
            cand("Paris", Kind::City, "FR", 2_138_551),
            cand("Paris", Kind::City, "US", 24_782),
        ];
        let p = choose("PARIS", &paris, None, &codes(&["US"]));
        assert_eq!(country(p).as_deref(), Some("FR"));
        let new_york = [
            cand("New York", Kind::Region, "US", 0),
            cand("New York City", Kind::City, "US", 8_804_190),
        ];
        let ny = choose("New York", &new_york, None, &[]).unwrap();
        assert_eq!(ny.canonical, "New York City");
        let georgia = [
            cand("Georgia", Kind::Region, "US", 0),
            cand("Georgia", Kind::Country, "GE", 3_700_000),
        ];
        assert_eq!(
            country(choose("Georgia", &georgia, None, &[])).as_deref(),
            Some("GE")
        );
    }

    #[test]
    fn case_rules_out_acronyms_and_non_places() {
        let il = [cand("IL", Kind::Region, "US", 0)];
        assert_eq!(choose("Il", &il, None, &[]), None);
        assert!(choose("IL", &il, None, &[]).is_some());
        let eu = [cand("Europe", Kind::Continent, "", 0)];
        assert_eq!(choose("Europe", &eu, None, &[]), None);
    }
}
