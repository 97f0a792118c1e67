//! Context cues: what the words just before a name say about it.
//!
//! Read right to left from the name: a title or role (`il presidente russo`,
//! `Chancellor`, `Gov.`) makes it a person, skipping demonyms between them
//! (`il presidente russo Vladimir Putin`); a demonym used as a noun before a
//! full name also does (`lo svizzero René Brülhart`); `agenzia di stampa`,
//! `la società` make it an organisation; `regione di`, `city of`, or any
//! lowercase place noun of `place_words.txt` with or without a particle
//! (`il cosmodromo di`, `lo stadio`, `the river`) a place; a locative
//! preposition (`in`, `nella`, `from`) hints at a place; a title, its realm
//! and a comma (`la ministra da Cultura, Dalila Rodrigues`) make a name of
//! two words or more a person; a noun that names a kind of thing (`il
//! lanciatore Angara`, `the film`) makes it no entity at all.

use super::lexicon::{Lexicon, PhraseSet, WordBits};
use super::memo::Memo;
use super::units::{UnitKind, Units};

/// What the context says about the name that follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    /// Nothing.
    None,
    /// A title or role: a person.
    Person,
    /// A demonym used as a noun: a person when the name has two words or more.
    Demonym,
    /// An organisation.
    Organization,
    /// A place.
    Place,
    /// A locative preposition: perhaps a place.
    Preposition,
    /// The name of a thing (a launcher, a film): no entity.
    Thing,
    /// A title, its realm and a comma (`la ministra da Cultura, Dalila
    /// Rodrigues`): a person when the name has two words or more.
    Apposition,
    /// The portfolio of a title (`ministra para la Transición Ecológica`):
    /// no entity unless the gazetteers know it.
    Portfolio,
}

/// Units `b..e` form one of `set`'s phrases, all words or elisions;
/// `may_end` says whether any phrase of `set` ends with unit `e - 1`'s last
/// word.
fn phrase_ends_at(units: &Units, e: usize, set: &PhraseSet, may_end: bool) -> bool {
    if e == 0 || !may_end {
        return false;
    }
    (1..=set.max_words().min(e)).any(|len| {
        let b = e - len;
        units.units[b..e]
            .iter()
            .all(|u| matches!(u.kind, UnitKind::Word | UnitKind::Elision))
            && set.contains(units.fold_range(b..e))
    })
}

/// A lowercase place noun, perhaps with a particle or elision between, just
/// before unit `s`: `il cosmodromo di X`, `lo stadio X`, `the river X`,
/// `l'aéroport d'X`.
fn after_place_noun(units: &Units, s: usize, lex: &Lexicon, memo: &Memo) -> bool {
    let u = &units.units;
    let mut b = s;
    while b > 0
        && s - b < 2
        && !u[b - 1].cap
        && (u[b - 1].kind == UnitKind::Elision
            || (u[b - 1].is_word() && memo.word(units, lex, b - 1).is(WordBits::PARTICLE)))
    {
        b -= 1;
    }
    if b == 0 || !u[b - 1].is_word() || u[b - 1].cap {
        return false;
    }
    let noun = memo.word(units, lex, b - 1);
    // `capo` is a cape and a head: as a title it names the head of what follows.
    // `nel corso del Consiglio`: a noun that names a street only right
    // before it is another noun before a particle.
    noun.is(WordBits::PLACE_WORD)
        && !lex.is_title_word_with(units.fold(b - 1), noun)
        && !(b < s && lex.landmarks.is_direct(units.fold(b - 1)))
}

/// Units a title's realm may hold between the title and the comma before a
/// name.
const REALM_UNITS: usize = 6;

/// A title, its realm in capitals (with particles between) and a comma just
/// before unit `s`: `la ministra da Cultura, Dalila Rodrigues`, `the chief
/// executive of Lumora Systems, Bright Waters`.
fn after_title_and_realm(units: &Units, s: usize, lex: &Lexicon, memo: &Memo) -> bool {
    let u = &units.units;
    if s < 3 || u[s - 1].kind != UnitKind::Punct || units.fold(s - 1) != "," {
        return false;
    }
    let mut b = s - 1;
    let mut caps = 0;
    while b > 0 && s - 1 - b <= REALM_UNITS {
        let w = memo.word(units, lex, b - 1);
        if caps > 0 && phrase_ends_at(units, b, &lex.titles, w.is(WordBits::TITLE_END)) {
            return true;
        }
        let v = &u[b - 1];
        if v.is_word() && v.cap {
            caps += 1;
        } else if !(v.kind == UnitKind::Elision || (v.is_word() && w.is(WordBits::PARTICLE))) {
            return false;
        }
        b -= 1;
    }
    false
}

/// The cue for a name starting at unit `s`.
/// `memo` holds answers about `units`.
pub fn before(units: &Units, s: usize, lex: &Lexicon, memo: &Memo) -> Cue {
    let u = &units.units;
    // What the unit before the name says is asked most: look it up once.
    let before_s = (s > 0).then(|| memo.word(units, lex, s - 1));
    let word_before = |e: usize| memo.word(units, lex, e - 1);
    let mut e = s;
    // `Gov. Josh Green`: skip the dot of an abbreviated title.
    if e > 0 && u[e - 1].kind == UnitKind::Punct && &units.folded[u[e - 1].folded.clone()] == "." {
        e -= 1;
    }
    // Demonyms between a title and the name (`presidente russo`).
    let mut skipped = 0;
    while e > 0 && skipped < 2 && u[e - 1].is_word() && word_before(e).is(WordBits::DEMONYM) {
        e -= 1;
        skipped += 1;
    }
    let title_end = e > 0 && word_before(e).is(WordBits::TITLE_END);
    if phrase_ends_at(units, e, &lex.titles, title_end) {
        return Cue::Person;
    }
    // A listed one-word title was found just above.
    if e > 0 && u[e - 1].is_word() && lex.has_title_suffix(units.fold(e - 1)) {
        return Cue::Person;
    }
    if skipped > 0 {
        return Cue::Demonym;
    }
    if after_title_and_realm(units, s, lex, memo) {
        return Cue::Apposition;
    }
    if s == 0 {
        return Cue::None;
    }
    // `ministra para la Transición`: a portfolio title and particles.
    let mut b = s;
    while b > 0
        && s - b < 3
        && matches!(u[b - 1].kind, UnitKind::Word | UnitKind::Elision)
        && !u[b - 1].cap
        // (A short word: four characters at most.)
        && (word_before(b).is(WordBits::PARTICLE) || units.fold(b - 1).chars().nth(4).is_none())
    {
        b -= 1;
    }
    if b < s
        && b > 0
        && phrase_ends_at(
            units,
            b,
            &lex.portfolio_titles,
            word_before(b).is(WordBits::PORTFOLIO_END),
        )
    {
        return Cue::Portfolio;
    }
    let ends_before_s = |bit: u32| before_s.is_some_and(|w| w.is(bit));
    if phrase_ends_at(
        units,
        s,
        &lex.thing_before,
        ends_before_s(WordBits::THING_END),
    ) {
        return Cue::Thing;
    }
    // `(Nasdaq: LMRA)`: a thing noun and a colon (a ticker, a model).
    if s >= 2
        && u[s - 1].kind == UnitKind::Punct
        && units.fold(s - 1) == ":"
        && phrase_ends_at(
            units,
            s - 1,
            &lex.thing_before,
            word_before(s - 1).is(WordBits::THING_END),
        )
    {
        return Cue::Thing;
    }
    if phrase_ends_at(units, s, &lex.org_before, ends_before_s(WordBits::ORG_END)) {
        return Cue::Organization;
    }
    if phrase_ends_at(
        units,
        s,
        &lex.place_before,
        ends_before_s(WordBits::PLACE_END),
    ) || after_place_noun(units, s, lex, memo)
    {
        return Cue::Place;
    }
    if phrase_ends_at(
        units,
        s,
        &lex.place_prepositions,
        ends_before_s(WordBits::PREPOSITION_END),
    ) {
        return Cue::Preposition;
    }
    Cue::None
}
