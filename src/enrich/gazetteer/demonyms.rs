//! Demonyms and nationality adjectives per language (`resources/<lang>/demonyms.txt`).
//!
//! `russo`, `russa`, `russi`, `russe` → `RU` in Italian; `Russen` → `RU` in
//! German. Lookup folds case and accents, so `Française` and `francaise` are
//! the same form; a form may name several countries (`dominicano`: DO).

use super::entry::Country;
use super::load;
use crate::enrich::language::Lang;
use crate::enrich::resources::ResourceError;

/// One language's demonyms, sorted by folded form.
#[derive(Debug, Clone, Default)]
pub struct Demonyms {
    keys: Vec<Box<str>>,
    countries: Vec<Vec<Country>>,
}

impl Demonyms {
    /// Loads `resources/<lang>/demonyms.txt`.
    pub fn load(lang: Lang) -> Result<Demonyms, ResourceError> {
        let mut rows = load::demonyms(&format!("{}/demonyms.txt", lang.code()))?;
        rows.sort_unstable();
        rows.dedup();
        let mut d = Demonyms::default();
        for (key, cc) in rows {
            if d.keys.last().map(|k| &**k) == Some(key.as_str()) {
                if let Some(last) = d.countries.last_mut() {
                    last.push(cc);
                }
            } else {
                d.keys.push(key.into_boxed_str());
                d.countries.push(vec![cc]);
            }
        }
        Ok(d)
    }

    /// The countries `word` is a demonym of; empty when it is none.
    pub fn get(&self, word: &str) -> &[Country] {
        let key = super::fold::fold(word);
        match self.keys.binary_search_by(|k| (**k).cmp(key.as_str())) {
            Ok(i) => &self.countries[i],
            Err(_) => &[],
        }
    }

    /// Number of distinct folded forms.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// True when no form is loaded.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(d: &Demonyms, w: &str) -> Vec<String> {
        d.get(w).iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn italian_forms_in_every_gender_and_number() {
        let d = Demonyms::load(Lang::It).unwrap();
        for w in ["russo", "russa", "russi", "russe", "Russo"] {
            assert_eq!(codes(&d, w), ["RU"], "{w}");
        }
        assert_eq!(codes(&d, "nordcoreano"), ["KP"]);
        assert_eq!(codes(&d, "sudcoreani"), ["KR"]);
        assert!(d.get("Mosca").is_empty());
        assert!(d.get("presidente").is_empty());
    }

    #[test]
    fn other_languages() {
        let de = Demonyms::load(Lang::De).unwrap();
        assert_eq!(codes(&de, "Russen"), ["RU"]);
        assert_eq!(codes(&de, "französische"), ["FR"]);
        assert!(de.get("Polen").is_empty(), "the country, not a demonym");
        let en = Demonyms::load(Lang::En).unwrap();
        assert_eq!(codes(&en, "French"), ["FR"]);
        assert_eq!(codes(&en, "North Korean"), ["KP"]);
        assert!(en.get("France").is_empty());
        let fr = Demonyms::load(Lang::Fr).unwrap();
        assert_eq!(codes(&fr, "Française"), ["FR"]);
        let es = Demonyms::load(Lang::Es).unwrap();
        assert_eq!(codes(&es, "estadounidenses"), ["US"]);
        let pt = Demonyms::load(Lang::Pt).unwrap();
        assert_eq!(codes(&pt, "alemães"), ["DE"]);
        assert!(!pt.is_empty() && pt.len() > 300);
    }
}
