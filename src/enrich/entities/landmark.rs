//! Landmarks: places named with a class noun and a name (`río Elqui`,
//! `lago di Como`, `pavillon Roger-Gaudry`, German `Furkapass`,
//! `Rhonegletscher`), and the usual English name they take (`Elqui River`,
//! `Lake Como`, `Furka Pass`).
//!
//! The class nouns are data, `resources/<lang>/entities/landmarks.tsv`:
//! `noun<TAB>template`, where `{}` in the template stands for the name after
//! the noun and its particles (`río  {} River`, `lago  Lake {}`) and `-`
//! keeps the native name, capitalised (`avenida  -`: `Avenida de Mayo`); a
//! third column `direct` marks a noun that heads a name only right before it
//! (`corso Garibaldi`, not `nel corso del Consiglio`).
//! Where nouns are capitalised the nouns are the last parts of compounds
//! (`gletscher  {} Glacier`), and `landmark_stems.txt` lists the first parts
//! that make common compounds, no names (`arbeits` in `Arbeitsplatz`).

use std::collections::{HashMap, HashSet};

use foldhash::fast::FixedState;

use crate::enrich::affix;
use crate::enrich::gazetteer::fold;
use crate::enrich::language::Lang;
use crate::enrich::resources::{self, ResourceError};

/// A compound's first part keeps at least this many letters (`Furka`).
const MIN_STEM: usize = 3;

/// One language's class nouns and the English names they make.
#[derive(Debug, Clone)]
pub struct Landmarks {
    /// Folded class noun (one or two words) → template (`None`: native).
    nouns: HashMap<String, Option<&'static str>, FixedState>,
    /// Compound endings, folded, with their template, longest first.
    tails: Vec<(String, Option<&'static str>)>,
    /// First parts of common compounds (folded, no linking `s`).
    stems: HashSet<String, FixedState>,
    /// The longest class noun in words.
    max_words: usize,
    /// Class nouns that name a landmark only right before its name, with no
    /// particle between (`corso Garibaldi`; `nel corso del Consiglio` is
    /// the noun `course`).
    direct: HashSet<String, FixedState>,
    /// The last bytes of compound class nouns, and `s` (a genitive).
    last_bytes: [bool; 256],
}

impl Default for Landmarks {
    fn default() -> Self {
        Landmarks {
            nouns: HashMap::default(),
            tails: Vec::new(),
            stems: HashSet::default(),
            max_words: 0,
            direct: HashSet::default(),
            last_bytes: [false; 256],
        }
    }
}

impl Landmarks {
    /// Loads `lang`'s class nouns; a language without the files has none.
    pub fn load(lang: Lang, nouns_capitalised: bool) -> Result<Self, ResourceError> {
        let dir = format!("{}/entities", lang.code());
        let mut out = Landmarks::default();
        let path = format!("{dir}/landmarks.tsv");
        if resources::exists(&path) {
            for line in resources::lines(&path)? {
                let c = match line.text.split('\t').count() {
                    3 => line.columns(3)?,
                    _ => line.columns(2)?,
                };
                match c.get(2) {
                    Some(&"direct") => {
                        out.direct.insert(fold(c[0]));
                    }
                    Some(other) => return Err(line.error(format!("not direct: {other:?}"))),
                    None => {}
                }
                let template = match c[1] {
                    "-" => None,
                    t if t.matches("{}").count() == 1 => Some(t),
                    t => return Err(line.error(format!("template without one {{}}: {t:?}"))),
                };
                let noun = fold(c[0]);
                if nouns_capitalised {
                    out.tails.push((noun, template));
                } else {
                    out.max_words = out.max_words.max(noun.split(' ').count());
                    out.nouns.insert(noun, template);
                }
            }
        }
        out.tails.sort_by_key(|(t, _)| std::cmp::Reverse(t.len()));
        for (t, _) in &out.tails {
            if let Some(&b) = t.as_bytes().last() {
                out.last_bytes[usize::from(b)] = true;
                out.last_bytes[usize::from(b's')] = true;
            }
        }
        let path = format!("{dir}/landmark_stems.txt");
        if resources::exists(&path) {
            out.stems = resources::word_list(&path)?.into_iter().map(fold).collect();
        }
        Ok(out)
    }

    /// True when the folded words are a class noun (`río`, `strada
    /// provinciale`).
    pub fn is_class_noun(&self, folded: &str) -> bool {
        self.nouns.contains_key(folded)
    }

    /// True when the folded class noun heads a name only with no particle
    /// between (`corso`, `largo` in Italian: `al largo di Lampedusa` is
    /// offshore).
    pub fn is_direct(&self, folded: &str) -> bool {
        self.direct.contains(folded)
    }

    /// Where nouns are capitalised, the folded one-word `folded` is a place
    /// by its make-up: a first part that is no common word (nor listed as
    /// the first part of common compounds), then a class noun (`Furkapass`,
    /// `Praterstraße`; not `Arbeitsplatz`, `Parkplatz`, `Reisepass`).
    /// `common` says whether a folded word is a common word; a genitive `s`
    /// is tried off (`Birchgletschers`).
    pub fn is_compound(&self, folded: &str, common: impl Fn(&str) -> bool) -> bool {
        self.compound_tail(folded, &common).is_some()
    }

    /// Whether the folded one word is a landmark, when it ends with a
    /// compound's class noun (`Furkapass`: yes; `Arbeitsplatz`: no); `None`
    /// when it ends with none.
    pub fn compound_verdict(&self, folded: &str, common: impl Fn(&str) -> bool) -> Option<bool> {
        // Most words end in a letter no class noun ends in (`-en`, `-ung`).
        let last = folded.as_bytes().last().copied().unwrap_or(0);
        if !self.last_bytes[usize::from(last)] {
            return None;
        }
        let ends = |w: &str| self.tails.iter().any(|(t, _)| affix::ends_with(w, t));
        (!self.tails.is_empty()
            && !folded.contains(' ')
            && (ends(folded) || folded.strip_suffix('s').is_some_and(ends)))
        .then(|| self.compound_tail(folded, &common).is_some())
    }

    /// The class noun ending `folded` and where it starts, when
    /// [`Landmarks::is_compound`].
    fn compound_tail(
        &self,
        folded: &str,
        common: &impl Fn(&str) -> bool,
    ) -> Option<(usize, Option<&'static str>)> {
        if self.tails.is_empty() || folded.contains(' ') || common(folded) {
            return None;
        }
        let found = |w: &str| {
            self.tails
                .iter()
                .find(|(t, _)| w.len() >= t.len() + MIN_STEM && affix::ends_with(w, t))
        };
        // A genitive `s` is tried off (`Birchgletschers`).
        let (word, (tail, template)) = match found(folded) {
            Some(x) => (folded, x),
            None => {
                let w = folded.strip_suffix('s')?;
                (w, found(w)?)
            }
        };
        let at = word.len() - tail.len();
        let stem = &word[..at];
        // A linking `s` (`Arbeitsplatz`) is no part of the first word.
        let bare = stem.strip_suffix('s').filter(|s| s.len() >= MIN_STEM);
        let listed = |s: &str| self.stems.contains(s) || common(s);
        if listed(stem) || bare.is_some_and(listed) || stem.ends_with('-') {
            return None;
        }
        Some((at, *template))
    }

    /// The English name of a place entity named `name`, when its class noun
    /// makes one: a lowercase class noun, or a capitalised one before a
    /// particle (`lago di Como` → `Lake Como`, `Canhão da Nazaré` →
    /// `Nazaré Canyon`, `avenida de Mayo` → `Avenida de Mayo`), or where
    /// nouns are capitalised a compound (`Furkapass` → `Furka Pass`). `particle`
    /// says whether a folded word is a name particle or an elided one.
    pub fn canonical(
        &self,
        name: &str,
        particle: impl Fn(&str) -> bool,
        common: impl Fn(&str) -> bool,
    ) -> Option<String> {
        if !self.tails.is_empty() {
            return self.compound_canonical(name, &common);
        }
        if self.nouns.is_empty() {
            return None;
        }
        let lower = name.chars().next().is_some_and(char::is_lowercase);
        let starts_lower = |w: &str| w.chars().next().is_some_and(char::is_lowercase);
        // A capitalised class noun needs a particle after it: most names
        // (`Vladimir Putin`) are let go before any lookup.
        if !lower && !name.split(' ').nth(1).is_some_and(starts_lower) {
            return None;
        }
        let words: Vec<&str> = name.split(' ').collect();
        for len in (1..=self.max_words.min(words.len() - 1)).rev() {
            let Some(&template) = self.nouns.get(&fold(&words[..len].join(" "))) else {
                continue;
            };
            let mut rest = len;
            while rest < words.len() - 1 && particle(&fold(words[rest])) {
                rest += 1;
            }
            // `dell'Angelo`: an elided particle glued to the name.
            let mut first = words[rest];
            if let Some(at) = first.find(['\'', '’']) {
                let cut = at + first[at..].chars().next().map_or(1, char::len_utf8);
                if cut < first.len() && particle(&fold(&first[..cut])) {
                    first = &first[cut..];
                }
            }
            if !lower && rest == len {
                // A capitalised class noun names a landmark only before a
                // particle (`Lago di Garda`, not `Monte Carlo`).
                return None;
            }
            return Some(match template {
                Some(t) => {
                    let mut named = first.to_owned();
                    for w in &words[rest + 1..] {
                        named.push(' ');
                        named.push_str(w);
                    }
                    t.replace("{}", &named)
                }
                None => capitalised(name),
            });
        }
        None
    }

    fn compound_canonical(&self, name: &str, common: &impl Fn(&str) -> bool) -> Option<String> {
        let last = name.as_bytes().last().copied().unwrap_or(0);
        if name.contains(' ')
            || !self.last_bytes[usize::from(last.to_ascii_lowercase())]
            || !name.chars().next().is_some_and(char::is_uppercase)
        {
            return None;
        }
        let folded = fold(name);
        let (_, template) = self.compound_tail(&folded, common)?;
        let template = template?;
        // Cut the name as written where the rest folds to the class noun
        // (folding may change lengths: `ß`, `ü`).
        let trimmed = self
            .tails
            .iter()
            .any(|(t, _)| affix::ends_with(&folded, t))
            .then_some(name)
            .or_else(|| name.strip_suffix('s'))?;
        let cut = trimmed.char_indices().map(|(at, _)| at).find(|&at| {
            let tail = fold(&trimmed[at..]);
            at > 0 && self.tails.iter().any(|(t, _)| *t == tail)
        })?;
        Some(template.replace("{}", &trimmed[..cut]))
    }
}

/// `name` with its first letter in capitals.
fn capitalised(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enrich::entities::lexicon::Lexicon;

    fn canon(lang: Lang, name: &str) -> Option<String> {
        let lex = Lexicon::load(lang).unwrap();
        let marks = Landmarks::load(lang, lex.nouns_capitalised).unwrap();
        marks.canonical(
            name,
            |w| lex.particles.contains(w) || lex.elisions.contains(w),
            |w| lex.common.contains(w),
        )
    }

    /// Asserts the canonical name of each `(language, name, expected)`.
    fn assert_canon(cases: &[(Lang, &str, Option<&str>)]) {
        for &(lang, name, want) in cases {
            assert_eq!(canon(lang, name).as_deref(), want, "{name}");
        }
    }

    #[test]
    fn lowercase_class_nouns_give_english_names() {
        assert_canon(&[
            (Lang::Es, "río Elqui", Some("Elqui River")),
            (Lang::It, "lago di Como", Some("Lake Como")),
            (Lang::It, "monte Etna", Some("Mount Etna")),
            (Lang::Pt, "rio Solimões", Some("Solimões River")),
            (Lang::Fr, "lac d'Annecy", Some("Lake Annecy")),
            (Lang::It, "lago dell'Angelo", Some("Lake Angelo")),
            (
                Lang::Fr,
                "pavillon Roger-Gaudry",
                Some("Roger-Gaudry Building"),
            ),
        ]);
    }

    #[test]
    fn streets_and_squares_keep_their_native_name() {
        assert_canon(&[
            (Lang::Es, "avenida de Mayo", Some("Avenida de Mayo")),
            (Lang::It, "via Roma", Some("Via Roma")),
            (
                Lang::Fr,
                "mail François-Mitterrand",
                Some("Mail François-Mitterrand"),
            ),
        ]);
    }

    #[test]
    fn direct_class_nouns_are_marked() {
        let it = Landmarks::load(Lang::It, false).unwrap();
        assert!(it.is_direct("corso"));
        assert!(it.is_direct("largo"));
        assert!(!it.is_direct("via"));
        let pt = Landmarks::load(Lang::Pt, false).unwrap();
        assert!(!pt.is_direct("largo"), "largo do Rato");
    }

    #[test]
    fn capitalised_class_nouns_need_a_particle() {
        assert_canon(&[
            (Lang::Pt, "Canhão da Nazaré", Some("Nazaré Canyon")),
            (Lang::It, "Lago di Garda", Some("Lake Garda")),
            (Lang::It, "Monte Carlo", None),
            (Lang::Es, "Elqui", None),
            // The class noun alone names nothing.
            (Lang::Es, "río", None),
        ]);
    }

    #[test]
    fn german_compounds_are_places_unless_common() {
        let lex = Lexicon::load(Lang::De).unwrap();
        let marks = Landmarks::load(Lang::De, true).unwrap();
        let common = |w: &str| lex.common.contains(w);
        for place in [
            "Furkapass",
            "Birchgletschers",
            "Köhlbrandbrücke",
            "Praterstraße",
            "Konkordiaplatz",
        ] {
            assert!(marks.is_compound(&fold(place), common), "{place}");
        }
        for word in [
            "Arbeitsplatz",
            "Parkplatz",
            "Spielplatz",
            "Marktplatz",
            "Reisepass",
            "Gletscher",
            "Straße",
            "Hauptstraße",
            "Bahnhofstraße",
        ] {
            assert!(!marks.is_compound(&fold(word), common), "{word}");
        }
    }

    #[test]
    fn german_compounds_give_english_names() {
        assert_canon(&[
            (Lang::De, "Furkapass", Some("Furka Pass")),
            (Lang::De, "Köhlbrandbrücke", Some("Köhlbrand Bridge")),
            (Lang::De, "Birchgletschers", Some("Birch Glacier")),
            (Lang::De, "Gotthardtunnel", Some("Gotthard Tunnel")),
            (Lang::De, "Eisenbahntunnel", None),
            // Streets and squares keep their name.
            (Lang::De, "Praterstraße", None),
            (Lang::De, "Arbeitsplatz", None),
        ]);
    }
}
