//! Word tables: folded spellings that mean a number (month 9, weekday 3) or
//! simply belong to a set (connectors, kicker labels).
//!
//! Lookups are case- and accent-insensitive through [`fold`], so `DIC`,
//! `dic` and `Dic` are one month, as are `März`, `MÄRZ` and `Marz`.

use std::collections::{HashMap, HashSet};

use crate::enrich::resources::{self, ResourceError};

/// The lookup key of a word: the gazetteer's fold (case, accents, hyphens
/// and typographic apostrophes ignored), so every table of the engine agrees.
pub use crate::enrich::gazetteer::fold;

/// Folded spellings mapped to a number, loaded from a `number<TAB>a|b|c` file.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    words: HashMap<String, u32>,
}

impl Lexicon {
    /// Loads `path` (under `resources/`); numbers must lie in `1..=max`, and
    /// a spelling may not mean two numbers.
    pub fn load(path: &str, max: u32) -> Result<Self, ResourceError> {
        let mut words = HashMap::new();
        for line in resources::lines(path)? {
            let cols = line.columns(2)?;
            let n: u32 = cols[0]
                .parse()
                .ok()
                .filter(|n| (1..=max).contains(n))
                .ok_or_else(|| line.error(format!("{:?} is not a number 1..={max}", cols[0])))?;
            for form in cols[1].split('|').map(str::trim) {
                if form.is_empty() {
                    return Err(line.error("empty form"));
                }
                match words.insert(fold(form), n) {
                    Some(other) if other != n => {
                        return Err(line.error(format!("{form:?} also means {other}")));
                    }
                    _ => {}
                }
            }
        }
        Ok(Lexicon { words })
    }

    /// The number `word` means, in any case and with or without accents.
    pub fn get(&self, word: &str) -> Option<u32> {
        self.words.get(&fold(word)).copied()
    }

    /// How many spellings the table holds.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True when the table holds no spelling.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// A set of folded words or phrases, loaded from a one-per-line list.
#[derive(Debug, Clone, Default)]
pub struct WordSet {
    words: HashSet<String>,
    /// Bytes of the longest folded entry.
    longest: usize,
}

impl WordSet {
    /// Loads the word list at `path` (under `resources/`).
    pub fn load(path: &str) -> Result<Self, ResourceError> {
        let words: HashSet<String> = resources::word_list(path)?.into_iter().map(fold).collect();
        Ok(WordSet {
            longest: words.iter().map(String::len).max().unwrap_or(0),
            words,
        })
    }

    /// True when `word` (any case, any accents) is in the set.
    pub fn contains(&self, word: &str) -> bool {
        // Each ASCII letter or digit folds to one byte of the key, so text
        // with more of them than the longest entry has bytes is in no
        // entry; the test spares folding a long line (the byline test
        // reads the whole first line of the body).
        if ascii_alphanumerics(word) > self.longest {
            return false;
        }
        self.words.contains(&fold(word))
    }
}

/// How many bytes of `s` are ASCII letters or digits: a lower bound on the
/// length of its [`fold`].
fn ascii_alphanumerics(s: &str) -> usize {
    s.bytes().filter(u8::is_ascii_alphanumeric).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_ignores_case_accents_and_apostrophe_style() {
        assert_eq!(fold("MÄRZ"), "marz");
        assert_eq!(fold("Città"), "citta");
        assert_eq!(fold("L’Aquila"), "l'aquila");
        assert_eq!(fold("SÃO"), "sao");
        assert_eq!(fold("segunda-feira"), "segunda feira");
    }

    #[test]
    fn long_text_is_in_no_set() {
        let set = WordSet {
            words: ["dal nostro corrispondente".to_owned()]
                .into_iter()
                .collect(),
            longest: 25,
        };
        assert!(set.contains("DAL NOSTRO CORRISPONDENTE"));
        assert!(set.contains("Dal  nostro-corrispondente"));
        assert!(!set.contains("DAL NOSTRO CORRISPONDENTE A ROMA"));
        for s in [
            "Straße",
            "Ærø",
            "l’Aquila",
            "CITTA'",
            "x\u{301}y",
            "Łódź 12",
        ] {
            assert!(ascii_alphanumerics(s) <= fold(s).len(), "{s}");
        }
    }

    #[test]
    fn months_load_in_every_language() {
        for lang in ["it", "en", "fr", "es", "de", "pt"] {
            let m = Lexicon::load(&format!("{lang}/dateline/months.tsv"), 12).unwrap();
            assert!(m.len() >= 20, "{lang}");
        }
        let it = Lexicon::load("it/dateline/months.tsv", 12).unwrap();
        assert_eq!(it.get("DIC"), Some(12));
        assert_eq!(it.get("settembre"), Some(9));
        assert_eq!(it.get("Sett"), Some(9));
        assert_eq!(it.get("settem"), None);
        let de = Lexicon::load("de/dateline/months.tsv", 12).unwrap();
        assert_eq!(de.get("MÄRZ"), Some(3));
        assert_eq!(de.get("Jänner"), Some(1));
    }

    #[test]
    fn weekdays_load_in_every_language() {
        for lang in ["it", "en", "fr", "es", "de", "pt"] {
            let w = Lexicon::load(&format!("{lang}/dateline/weekdays.tsv"), 7).unwrap();
            assert!(w.len() >= 14, "{lang}");
        }
        let pt = Lexicon::load("pt/dateline/weekdays.tsv", 7).unwrap();
        assert_eq!(pt.get("segunda-feira"), Some(1));
        assert_eq!(pt.get("Domingo"), Some(7));
    }

    #[test]
    fn numbers_out_of_range_name_the_line() {
        let e = Lexicon::load("it/dateline/months.tsv", 11).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("resources/it/dateline/months.tsv:")
                && e.to_string().contains("not a number 1..=11"),
            "{e}"
        );
    }
}
