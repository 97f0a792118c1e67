//! One language's quotation data, loaded once from `resources/`.
//!
//! | file | what |
//! |---|---|
//! | `shared/quotes/styles.tsv` | every quotation-mark style: name, opening, closing mark |
//! | `shared/quotes/name_particles.txt` | lowercase words inside names (`de`, `von`) |
//! | `<lang>/quotes/marks.txt` | the styles the language's copy uses |
//! | `<lang>/quotes/verbs.txt` | speech verbs, every form copy uses |
//! | `<lang>/quotes/lexicon.tsv` | function words by class (auxiliaries, pronouns, …) |
//! | `<lang>/quotes/roles.tsv` | role nouns (`ministro`, `court`), their kind, and for some the words of the organisations they name (`giudici` → `corte`) |
//! | `<lang>/demonyms.txt` | demonyms: as a noun phrase's head, a person (`the Spaniard`) |
//!
//! Words are compared lowercased; multi-word phrases (`according to`,
//! `d'après`) are cut into words the way the document tokenizer cuts text.

use std::collections::{HashMap, HashSet};

use foldhash::fast::FixedState;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::marks::MarkTable;
use super::word_filter::WordFilter;
use super::wordclass::WordClass;
use crate::enrich::affix;
use crate::enrich::language::Lang;
use crate::enrich::packed::PackedMap;
use crate::enrich::resources::{self, ResourceError};

/// A class of function word (`<lang>/quotes/lexicon.tsv`), as a bit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Class(u32);

impl Class {
    /// May stand before a speech verb in its verb group (`ha`, `has`, `s'est`).
    pub const AUXILIARY: Class = Class(1);
    /// Adverbs skipped around a speech verb (`poi`, `also`).
    pub const FILLER: Class = Class(1 << 1);
    /// A name right after it is inside a prepositional phrase.
    pub const PREPOSITION: Class = Class(1 << 2);
    /// Definite article or possessive.
    pub const DEFINITE: Class = Class(1 << 3);
    /// Indefinite article: an unnamed speaker.
    pub const INDEFINITE: Class = Class(1 << 4);
    /// Personal pronoun pointing back to a person.
    pub const PRONOUN_PERSON: Class = Class(1 << 5);
    /// Pronoun pointing back to an organisation.
    pub const PRONOUN_ORGANIZATION: Class = Class(1 << 6);
    /// Pronoun pointing back to a person or an organisation.
    pub const PRONOUN_ANY: Class = Class(1 << 7);
    /// Indefinite pronoun: nobody in particular.
    pub const NOBODY: Class = Class(1 << 8);
    /// Starts a new clause.
    pub const CLAUSE_BREAK: Class = Class(1 << 9);
    /// Opens the sentence after a quote and points back at it.
    pub const ANAPHOR: Class = Class(1 << 10);
    /// Marks a name or a term, not speech (`so-called`).
    pub const NAMING: Class = Class(1 << 11);
    /// Introduces a quote's source anywhere (`according to`).
    pub const SOURCE: Class = Class(1 << 12);
    /// Introduces a source at the start of a sentence only.
    pub const SOURCE_INITIAL: Class = Class(1 << 13);
    /// Introduces a source right after a quote only (`so`).
    pub const SOURCE_AFTER: Class = Class(1 << 14);
    /// Relative pronoun: what follows is another clause.
    pub const RELATIVE: Class = Class(1 << 15);
    /// A speaker left unnamed on purpose (`sources`, `fonti`).
    pub const UNNAMED: Class = Class(1 << 16);
    /// Introduces the source named right before it (`X zufolge`).
    pub const SOURCE_BEFORE: Class = Class(1 << 17);
    /// A verb form that marks reported speech by itself (German Konjunktiv I:
    /// `Österreich sei ein Land, das „…“ habe`): the speaker is in context.
    pub const REPORTED: Class = Class(1 << 18);
    /// A noun for someone speaking for an organisation named after it (`a
    /// spokesperson for X`, `una portavoce della X`): the speaker is X.
    pub const SPOKESPERSON: Class = Class(1 << 19);
    /// Marks a source kept anonymous on purpose (`who asked not to be
    /// named`, `che ha chiesto l'anonimato`): whoever the sentence is about
    /// is nobody a reader can name.
    pub const ANONYMOUS: Class = Class(1 << 20);

    /// Every one-word class together.
    pub const ALL: Class = Class((1 << 21) - 1);

    const NAMES: [(&'static str, Class); 21] = [
        ("auxiliary", Class::AUXILIARY),
        ("filler", Class::FILLER),
        ("preposition", Class::PREPOSITION),
        ("definite", Class::DEFINITE),
        ("indefinite", Class::INDEFINITE),
        ("pronoun-person", Class::PRONOUN_PERSON),
        ("pronoun-organization", Class::PRONOUN_ORGANIZATION),
        ("pronoun-any", Class::PRONOUN_ANY),
        ("nobody", Class::NOBODY),
        ("clause-break", Class::CLAUSE_BREAK),
        ("anaphor", Class::ANAPHOR),
        ("naming", Class::NAMING),
        ("source", Class::SOURCE),
        ("source-initial", Class::SOURCE_INITIAL),
        ("source-after", Class::SOURCE_AFTER),
        ("relative", Class::RELATIVE),
        ("unnamed", Class::UNNAMED),
        ("source-before", Class::SOURCE_BEFORE),
        ("reported", Class::REPORTED),
        ("spokesperson", Class::SPOKESPERSON),
        ("anonymous", Class::ANONYMOUS),
    ];

    fn parse(name: &str) -> Option<Class> {
        Class::NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, c)| *c)
    }

    /// Any pronoun class.
    pub const PRONOUN: Class =
        Class(Class::PRONOUN_PERSON.0 | Class::PRONOUN_ORGANIZATION.0 | Class::PRONOUN_ANY.0);
    /// Any determiner.
    pub const DETERMINER: Class = Class(Class::DEFINITE.0 | Class::INDEFINITE.0);
    /// Every class.
    pub const ANY: Class = Class(u32::MAX);
    /// Either class.
    pub const fn or(self, other: Class) -> Class {
        Class(self.0 | other.0)
    }

    /// The class's bits.
    pub const fn bits(self) -> u32 {
        self.0
    }
}

/// What a role noun or a pronoun refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A person.
    Person,
    /// An organisation.
    Organization,
    /// Either.
    Any,
}

/// One language's quotation data, compiled once.
#[derive(Debug, Clone)]
pub struct Rules {
    lang: Lang,
    /// The quotation-mark styles.
    pub marks: MarkTable,
    /// Every word the data lists (verbs, function words, role nouns, name
    /// particles, first words of phrases), with all it says about it;
    /// packed (probed for nearly every token of the body).
    words: PackedMap<WordClass>,
    /// Multi-word phrases, as lowercase words, with their class, by their
    /// first word (a phrase can only match where its first word stands).
    phrases: HashMap<String, Vec<(Vec<String>, Class)>, FixedState>,
    role_suffixes: Vec<(String, Kind)>,
    /// Words an organisation's name may hold for a role noun, besides it.
    role_names: HashMap<String, Vec<String>, FixedState>,
    /// The words that may make a speech frame ([`Rules::may_frame`]).
    frame_words: WordFilter,
}

impl Rules {
    /// Loads `lang`'s quotation data.
    pub fn load(lang: Lang) -> Result<Self, ResourceError> {
        let code = lang.code();
        let marks = MarkTable::load(&format!("{code}/quotes/marks.txt"))?;
        let mut words: HashMap<String, WordClass, FixedState> = HashMap::default();
        for verb in resources::word_list(&format!("{code}/quotes/verbs.txt"))? {
            words.entry(fold(verb)).or_default().verb = true;
        }
        let mut phrases: HashMap<String, Vec<(Vec<String>, Class)>, FixedState> =
            HashMap::default();
        let path = format!("{code}/quotes/lexicon.tsv");
        let mut seen = HashSet::new();
        for line in resources::lines(&path)? {
            let cols = line.columns(2)?;
            let class = Class::parse(cols[1])
                .ok_or_else(|| line.error(format!("unknown class {:?}", cols[1])))?;
            if !seen.insert((cols[0], cols[1])) {
                return Err(line.error(format!("duplicate entry {:?}", cols[0])));
            }
            let entry = split_words(cols[0]);
            match entry.len() {
                0 => return Err(line.error("empty entry")),
                1 => words.entry(entry[0].clone()).or_default().classes |= class.0,
                _ => {
                    words.entry(entry[0].clone()).or_default().phrase = true;
                    phrases
                        .entry(entry[0].clone())
                        .or_default()
                        .push((entry, class));
                }
            }
        }
        let mut role_suffixes = Vec::new();
        let path = format!("{code}/quotes/roles.tsv");
        let mut role_names: HashMap<String, Vec<String>, FixedState> = HashMap::default();
        for line in resources::lines(&path)? {
            // An optional third column: words an organisation's name may hold
            // instead of the noun (`giudici` → `corte tribunale`).
            let cols = line
                .columns(3)
                .or_else(|_| line.columns(2))
                .map_err(|_| line.error("expected 2 or 3 tab-separated columns"))?;
            if let Some(names) = cols.get(2) {
                let names: Vec<String> = names.split_whitespace().map(fold).collect();
                if names.is_empty() {
                    return Err(line.error("empty third column"));
                }
                role_names.insert(fold(cols[0]), names);
            }
            let kind = match cols[1] {
                "person" => Kind::Person,
                "organization" => Kind::Organization,
                other => return Err(line.error(format!("unknown kind {other:?}"))),
            };
            let noun = fold(cols[0]);
            let fresh = match noun.strip_prefix('-') {
                Some(suffix) if !suffix.is_empty() => {
                    role_suffixes.push((suffix.to_owned(), kind));
                    true
                }
                Some(_) => return Err(line.error("empty suffix")),
                None => words
                    .entry(noun.clone())
                    .or_default()
                    .role
                    .replace(kind)
                    .is_none(),
            };
            if !fresh {
                return Err(line.error(format!("duplicate entry {noun:?}")));
            }
        }
        for line in resources::lines(&format!("{code}/demonyms.txt"))? {
            let cols = line.columns(2)?;
            if let [word] = split_words(cols[0]).as_slice() {
                words.entry(word.clone()).or_default().demonym = true;
            }
        }
        for particle in resources::word_list("shared/quotes/name_particles.txt")? {
            words.entry(fold(particle)).or_default().particle = true;
        }
        let frame = Class::REPORTED
            .or(Class::SOURCE_BEFORE)
            .or(Class::SOURCE)
            .or(Class::SOURCE_INITIAL)
            .or(Class::SOURCE_AFTER);
        let frame_words = WordFilter::new(
            words
                .iter()
                .filter(|(_, c)| c.verb || c.phrase || c.is(frame))
                .map(|(w, _)| w.as_str()),
        );
        Ok(Rules {
            lang,
            marks,
            words: words.iter().map(|(w, c)| (w.as_str(), *c)).collect(),
            phrases,
            role_suffixes,
            role_names,
            frame_words,
        })
    }

    /// The language these rules are for.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Everything the data says about `word` (lowercase), in one lookup.
    pub fn word(&self, word: &str) -> WordClass {
        let mut c = self.words.get(word).copied().unwrap_or_default();
        if c.role.is_none() {
            c.role = self.role_by_suffix(word);
        }
        c
    }

    /// False when `word` (as written) surely opens no speech frame: it is no
    /// speech verb, starts no phrase, and belongs to no reported-speech or
    /// source class.
    pub fn may_frame(&self, word: &str) -> bool {
        self.frame_words.may_hold(word)
    }

    /// True when `word` (lowercase) is a speech verb.
    pub fn is_verb(&self, word: &str) -> bool {
        self.words.get(word).is_some_and(|c| c.verb)
    }

    /// True when `word` (lowercase) belongs to `class` as a one-word entry.
    pub fn is(&self, word: &str, class: Class) -> bool {
        self.words.get(word).is_some_and(|c| c.is(class))
    }

    /// The length in words of the longest entry of `class` (one word or a
    /// phrase) that starts at `words[0]`.
    pub fn phrase_at(&self, words: &[&str], class: Class) -> Option<usize> {
        let mut best = None;
        let starting = words.first().and_then(|w| self.phrases.get(*w));
        for (phrase, c) in starting.into_iter().flatten() {
            if c.0 & class.0 != 0
                && phrase.len() <= words.len()
                && phrase.iter().zip(words).all(|(p, w)| p == w)
                && best.is_none_or(|b| phrase.len() > b)
            {
                best = Some(phrase.len());
            }
        }
        best.or_else(|| words.first().filter(|w| self.is(w, class)).map(|_| 1))
    }

    /// The kind of role `word` (lowercase) names, if it is a role noun.
    pub fn role(&self, word: &str) -> Option<Kind> {
        match self.words.get(word).and_then(|c| c.role) {
            Some(k) => Some(k),
            None => self.role_by_suffix(word),
        }
    }

    fn role_by_suffix(&self, word: &str) -> Option<Kind> {
        self.role_suffixes
            .iter()
            .find(|(s, _)| affix::ends_with(word, s))
            .map(|(_, k)| *k)
    }

    /// The words (lowercase) an organisation's name may hold when role noun
    /// `word` names it: the noun itself and those the data lists.
    pub fn role_names<'a>(&'a self, word: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        std::iter::once(word).chain(
            self.role_names
                .get(word)
                .into_iter()
                .flatten()
                .map(String::as_str),
        )
    }

    /// The kind a pronoun (lowercase) refers to.
    pub fn pronoun(&self, word: &str) -> Option<Kind> {
        self.words.get(word)?.pronoun()
    }

    /// True when `word` (lowercase) may stand inside a name.
    pub fn is_particle(&self, word: &str) -> bool {
        self.words.get(word).is_some_and(|c| c.particle)
    }
}

/// Lowercase NFC form of a data entry or a token.
pub fn fold(s: &str) -> String {
    // Text from a `Document` is NFC already: skip the costly recomposition.
    if is_nfc_quick(s.chars()) == IsNormalized::Yes {
        return s.to_lowercase();
    }
    s.nfc().collect::<String>().to_lowercase()
}

/// Cuts a phrase into lowercase words the way the tokenizer cuts text: runs
/// of letters and digits, and every other non-space character on its own.
pub fn split_words(s: &str) -> Vec<String> {
    let s = fold(s);
    let mut out = Vec::new();
    let mut run = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() || is_combining_mark(c) {
            run.push(c);
            continue;
        }
        if !run.is_empty() {
            out.push(std::mem::take(&mut run));
        }
        if !c.is_whitespace() {
            out.push(c.to_string());
        }
    }
    if !run.is_empty() {
        out.push(run);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_is_every_class() {
        let every = Class::NAMES.iter().fold(0, |acc, (_, c)| acc | c.bits());
        assert_eq!(Class::ALL.bits(), every);
    }

    #[test]
    fn every_language_loads() {
        for lang in Lang::ALL {
            let r = Rules::load(lang).unwrap_or_else(|e| panic!("{e}"));
            let verbs = resources::word_list(&format!("{}/quotes/verbs.txt", lang.code()))
                .unwrap_or_else(|e| panic!("{e}"))
                .into_iter()
                .filter(|v| r.is_verb(&fold(v)))
                .count();
            assert!(verbs >= 50, "{}", lang.code());
        }
    }

    #[test]
    fn phrases_and_words() {
        let en = Rules::load(Lang::En).unwrap();
        assert_eq!(
            en.phrase_at(&["according", "to", "x"], Class::SOURCE),
            Some(2)
        );
        assert_eq!(en.phrase_at(&["so", "-", "called"], Class::NAMING), Some(3));
        assert!(en.is_verb("said"));
        assert_eq!(en.pronoun("it"), Some(Kind::Organization));
        let fr = Rules::load(Lang::Fr).unwrap();
        assert_eq!(
            fr.phrase_at(&["d", "'", "après", "lui"], Class::SOURCE),
            Some(3)
        );
        let de = Rules::load(Lang::De).unwrap();
        assert_eq!(de.role("bundesumweltministerin"), Some(Kind::Person));
        assert_eq!(de.role("jährige"), Some(Kind::Person));
    }

    #[test]
    fn split_words_mirrors_the_tokenizer() {
        assert_eq!(split_words("So-Called"), ["so", "-", "called"]);
        assert_eq!(split_words("de l'avis de"), ["de", "l", "'", "avis", "de"]);
    }
}
