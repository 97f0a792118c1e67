//! Gazetteer names that are also common words (`resources/shared/common_words.tsv`).
//!
//! `Como` is a city and the Spanish and Portuguese for "how"; `Nice` a city
//! and an English adjective; `Un` an Indian town and the French, Italian and
//! Spanish article. The file lists such one-word surfaces with the languages
//! in which they are common lowercase words, so a caller can ask for more
//! evidence (not sentence-initial, a location cue) before taking a
//! capitalised sentence-initial or all-caps token as the name.

use super::fold::fold;
use crate::enrich::language::Lang;
use crate::enrich::resources::{self, ResourceError};

/// Folded surfaces and, per surface, a bit per language ([`Lang::ALL`] order).
#[derive(Debug, Clone, Default)]
pub struct CommonWords {
    keys: Vec<Box<str>>,
    langs: Vec<u8>,
}

fn bit(lang: Lang) -> u8 {
    1 << Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0)
}

impl CommonWords {
    /// Loads `resources/shared/common_words.tsv`.
    pub fn load() -> Result<CommonWords, ResourceError> {
        let path = "shared/common_words.tsv";
        let mut rows: Vec<(Box<str>, u8)> = Vec::new();
        for line in resources::lines(path)? {
            let cols = line.columns(2)?;
            let key = fold(cols[0]);
            if key.is_empty() || key != cols[0] {
                return Err(line.error(format!("{:?} is not a folded surface", cols[0])));
            }
            let mut mask = 0;
            for code in cols[1].split(',') {
                let lang = Lang::from_code(code.trim())
                    .ok_or_else(|| line.error(format!("unknown language {code:?}")))?;
                mask |= bit(lang);
            }
            rows.push((key.into_boxed_str(), mask));
        }
        rows.sort_unstable();
        rows.dedup_by(|a, b| {
            if a.0 == b.0 {
                b.1 |= a.1;
                true
            } else {
                false
            }
        });
        let (keys, langs) = rows.into_iter().unzip();
        Ok(CommonWords { keys, langs })
    }

    /// True when `word` (any case or accents) is a listed name that is also a
    /// common word of `lang`.
    pub fn contains(&self, lang: Lang, word: &str) -> bool {
        let key = fold(word);
        self.keys
            .binary_search_by(|k| (**k).cmp(key.as_str()))
            .is_ok_and(|i| self.langs[i] & bit(lang) != 0)
    }

    /// Number of listed surfaces.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// True when nothing is listed.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_are_words_per_language() {
        let c = CommonWords::load().unwrap();
        assert!(c.len() > 500 && !c.is_empty());
        assert!(c.contains(Lang::Es, "Como"));
        assert!(!c.contains(Lang::It, "Como"));
        assert!(c.contains(Lang::En, "Nice"));
        assert!(c.contains(Lang::En, "NICE"));
        assert!(!c.contains(Lang::Fr, "Nice"));
        assert!(c.contains(Lang::Fr, "Un"));
        assert!(!c.contains(Lang::It, "Milano"));
        assert!(!c.contains(Lang::En, ""));
    }
}
