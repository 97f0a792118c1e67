//! Reading who a clause is about: the speaker phrase of a window of tokens.
//!
//! A window is the clause before a speech verb (`Il presidente Sergio
//! Mattarella ha espresso`) or the words after an inverted one (`, said Dan
//! Ives, an analyst`, `, a déclaré sur France Inter le ministre, Laurent
//! Nuñez`). Its first speaker phrase wins:
//! - a name (an entity mention or a name as written), unless it sits in a
//!   prepositional phrase (`con il presidente russo Putin`, `del Coni`);
//! - a pronoun (`he`, `elle`), or an indefinite one (`molti`: nobody);
//! - a role phrase (`il ministro`, `the court`, `der CSU-Chef`), replaced by a
//!   name standing in apposition after it (`il presidente del Coni, Giovanni
//!   Malagò`); after an inverted verb any definite noun phrase counts, before
//!   a verb only a known role noun does (`l'annuncio` is no speaker);
//! - an indefinite phrase (`una residente`): an unnamed speaker.
//!
//! Nothing found means an implicit subject (`ha affermato.`).

use std::ops::Range;

use super::layout::Layout;
use super::lexicon::{Class, Kind, Rules};
use super::mentions::{MentionKind, Mentions};
use super::wordclass::WordClass;
use crate::enrich::document::TokenKind;

/// Where the window stands relative to its verb.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The clause before the verb: the subject comes first.
    Before,
    /// The words after an inverted verb (or a source word).
    After,
}

/// A speaker phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// A name: index into [`Mentions::list`].
    Named(usize),
    /// A role phrase: the token of its noun, and what the role is.
    Role {
        /// The role noun's token.
        noun: usize,
        /// Person or organisation.
        kind: Kind,
    },
    /// A pronoun pointing back to a speaker of this kind.
    Pronoun(Kind),
    /// An indefinite pronoun (`many`, `molti`): nobody in particular.
    Nobody,
    /// An unnamed speaker (`a resident`, `una vecina`).
    Unnamed,
    /// The subject of the speech verb at this token (a gerund's subject is
    /// its main clause's).
    Inherit(usize),
    /// No subject written.
    Implicit,
}

/// Reads speaker phrases.
#[derive(Debug, Clone, Copy)]
pub struct Reader<'a> {
    /// The body.
    pub layout: &'a Layout<'a>,
    /// The language's data.
    pub rules: &'a Rules,
    /// The names.
    pub mentions: &'a Mentions,
}

/// How far an appositive name may follow its role phrase.
const APPOSITION: usize = 16;

impl Reader<'_> {
    fn class(&self, t: usize) -> WordClass {
        self.layout.class(t)
    }

    /// The first speaker phrase of `window`.
    pub fn subject(&self, window: Range<usize>, mode: Mode) -> Subject {
        let l = self.layout;
        let mut t = window.start;
        while t < window.end {
            if l.quote_at(t).is_some() {
                break;
            }
            if let Some(m) = self
                .mentions
                .starting_at(t)
                .filter(|&m| !self.in_compound(m))
            {
                let mention = &self.mentions.list[m];
                // `GENÈVE (AFP) - Le Haut-Commissaire …`: a name in
                // parentheses glosses what stands before it.
                let glosses = t > window.start && l.is_punct(t - 1, &['(']);
                if mention.can_speak() && !glosses && !self.in_phrase_from(t, window.start) {
                    // `White House press secretary Karine Jean-Pierre`: an
                    // organisation qualifying the person who speaks.
                    if mention.kind == MentionKind::Organization {
                        if let Some(p) =
                            self.named_ahead(mention.tokens.end, window.end, Kind::Person)
                        {
                            if self.mentions.list[p].kind == MentionKind::Person {
                                return Subject::Named(p);
                            }
                        }
                    }
                    return Subject::Named(m);
                }
                t = mention.tokens.end;
                continue;
            }
            let w = l.class(t);
            if !l.is_word(t) {
                // (A full stop inside a region closes an abbreviation: `Sen.`)
                if mode == Mode::After && l.is_punct(t, &[';', ':', '!', '?']) {
                    break;
                }
                t += 1;
                continue;
            }
            if mode == Mode::Before && w.is_verb() {
                return Subject::Inherit(t);
            }
            if mode == Mode::After && (w.is(Class::CLAUSE_BREAK) || w.is_verb()) {
                break;
            }
            if w.is(Class::RELATIVE) {
                // `ha recordado que …`: a complementiser or a new clause.
                if mode == Mode::After {
                    break;
                }
                // `Da Lussemburgo, dove ha sede l'ufficio, la procuratrice
                // …`: a relative clause set off by commas names no subject.
                if t > window.start && l.is_punct(t - 1, &[',']) {
                    if let Some(c) = (t + 1..window.end).find(|&k| l.is_punct(k, &[','])) {
                        t = c + 1;
                        continue;
                    }
                }
                t += 1;
                continue;
            }
            if let Some(k) = w.pronoun() {
                return Subject::Pronoun(k);
            }
            if w.is(Class::NOBODY) {
                return Subject::Nobody;
            }
            if w.is(Class::UNNAMED) && !self.in_prepositional_np(t) {
                return Subject::Unnamed;
            }
            if w.is(Class::DETERMINER) && self.after_preposition(t) {
                // `in una nota`, `sur les réseaux sociaux`: no subject here.
                t += 1;
                continue;
            }
            if w.is(Class::DETERMINER) {
                let indefinite = w.is(Class::INDEFINITE) && !w.is(Class::DEFINITE);
                let mode = if indefinite { Mode::After } else { mode };
                match self.noun_phrase(t, window.end, mode) {
                    Phrase::Name(at) if indefinite && self.common_noun_at(at) => {
                        // `sagte eine Pensionistin`: a capitalised noun
                        // after an indefinite article is someone unnamed.
                        return Subject::Unnamed;
                    }
                    Phrase::Name(at) => {
                        t = at;
                        continue;
                    }
                    Phrase::Head(head, kind) => {
                        // After an unnamed speaker (`un medico dell'ospedale
                        // Cardarelli`) only a name set off by a comma is theirs.
                        let named = self.named_ahead(head + 1, window.end, kind).filter(|&m| {
                            let start = self.mentions.list[m].tokens.start;
                            !indefinite || (start > 0 && l.is_punct(start - 1, &[',']))
                        });
                        if let Some(m) = named {
                            return Subject::Named(m);
                        }
                        if let Some(s) = self.spoken_for(head, window.end) {
                            return s;
                        }
                        if indefinite {
                            return Subject::Unnamed;
                        }
                        return Subject::Role { noun: head, kind };
                    }
                    Phrase::Unnamed => return Subject::Unnamed,
                    Phrase::None => {}
                }
            } else if let Some(kind) = w.role().filter(|_| !self.after_preposition(t)) {
                if let Some(m) = self.named_ahead(t + 1, window.end, kind) {
                    return Subject::Named(m);
                }
                return Subject::Role { noun: t, kind };
            }
            t += 1;
        }
        Subject::Implicit
    }

    /// The noun phrase opened by the determiner at `t`.
    fn noun_phrase(&self, t: usize, end: usize, mode: Mode) -> Phrase {
        let l = self.layout;
        let mut h = t + 1;
        while h < end && l.is_punct(h, &['\'', '’']) {
            h += 1;
        }
        if h >= end || l.quote_at(h).is_some() {
            return Phrase::None;
        }
        if self
            .mentions
            .starting_at(h)
            .is_some_and(|m| !self.in_compound(m))
        {
            return Phrase::Name(h);
        }
        // `la multitud`, `the crowd`: people no reader can name.
        if l.is_word(h) && self.class(h).is(Class::UNNAMED) {
            return Phrase::Unnamed;
        }
        // Four words at most, hyphens free (`the 22-year-old Spaniard`).
        let mut limit = h;
        let mut words = 0;
        let mut demonym = None;
        while limit < end && words < 4 {
            let i = limit;
            let number = l.field.tokens[i].kind == TokenKind::Number;
            if l.quote_at(i).is_some() || !(l.is_word(i) || number || l.is_punct(i, &['-'])) {
                break;
            }
            limit += 1;
            if !l.is_word(i) {
                continue;
            }
            words += 1;
            let c = self.class(i);
            if let Some(kind) = c.role() {
                return Phrase::Head(i, kind);
            }
            if c.is(Class::SPOKESPERSON) {
                return Phrase::Head(i, Kind::Person);
            }
            if c.is_verb() || c.is(Class::ANY) {
                break;
            }
            if c.is_demonym() {
                demonym = Some(i);
            }
        }
        // A demonym heading its phrase is a person (`the Spaniard said`, `le
        // Tanzanien`), not one qualifying a noun (`the British government`).
        if let Some(i) = demonym {
            let heads = i + 1 >= end
                || !l.is_word(i + 1)
                || self.class(i + 1).is_verb()
                || self.mentions.starting_at(i + 1).is_some();
            if heads {
                return Phrase::Head(i, Kind::Person);
            }
        }
        if mode == Mode::After {
            let head = (h..limit).find(|&i| l.is_word(i));
            if let Some(i) = head {
                return Phrase::Head(i, Kind::Any);
            }
        }
        Phrase::None
    }

    /// A name standing in apposition within a few words after `from`.
    fn named_ahead(&self, from: usize, end: usize, kind: Kind) -> Option<usize> {
        let l = self.layout;
        let end = end.min(from + APPOSITION);
        let mut t = from;
        // After a comma only the apposition's own words may come before the
        // name (`, le Tanzanien X`); anything else opens another phrase (`el
        // titular de la cartera, uno de los colaboradores del presidente, X`).
        let mut after_comma = false;
        while t < end {
            if l.quote_at(t).is_some() || l.is_punct(t, &[';', ':', '!', '?']) {
                return None;
            }
            if let Some(m) = self
                .mentions
                .starting_at(t)
                .filter(|&m| !self.in_compound(m))
            {
                let mention = &self.mentions.list[m];
                // A name set off by a comma right after a person's role is
                // that person, whatever kind the entity stage gave it
                // (`il presidente della Regione, Attilio Fontana`).
                // (Also past a first name the entity stage left out:
                // `, Dimitrios Papadakis` with only `Papadakis` an entity.)
                let mut k = t;
                while k > from
                    && k + 2 > t
                    && l.is_word(k - 1)
                    && l.is_capitalised(k - 1)
                    && self.mentions.starting_at(k - 1).is_none()
                {
                    k -= 1;
                }
                let set_off = k > 0 && l.is_punct(k - 1, &[',']);
                // `des Bundesamts (BASE), Wolfram König`: a name in
                // parentheses glosses the one before it.
                if t > 0 && l.is_punct(t - 1, &['(']) {
                    t = mention.tokens.end;
                    continue;
                }
                let fits = match mention.kind {
                    MentionKind::Person | MentionKind::Unknown => true,
                    MentionKind::Organization => kind != Kind::Person || set_off,
                    MentionKind::Location => false,
                };
                if fits && !self.in_phrase_from(t, from) {
                    return Some(m);
                }
                t = mention.tokens.end;
                continue;
            }
            let w = l.class(t);
            // (An auxiliary opens the clause's verb: `Il tecnico ha poi
            // lodato van der Merwe` names no one in apposition.)
            let auxiliary = w.is(Class::AUXILIARY)
                && !w.is(Class::PREPOSITION.or(Class::DETERMINER))
                && !l.is_punct(t.saturating_sub(1), &['-']);
            if l.is_word(t)
                && (w.is_verb()
                    || auxiliary
                    || w.is(Class::CLAUSE_BREAK.or(Class::RELATIVE))
                    || w.pronoun().is_some())
            {
                return None;
            }
            if l.is_punct(t, &[',']) {
                after_comma = true;
            } else if after_comma
                && l.is_word(t)
                && !(w.is(Class::DEFINITE)
                    || w.role().is_some()
                    || w.is_demonym()
                    || l.is_capitalised(t))
            {
                return None;
            }
            t += 1;
        }
        None
    }

    /// True when the capitalised word at `t` is a common noun rather than
    /// a name: one word, not a person, no role noun after it (`eine
    /// Pensionistin`, but `a Samsung spokesperson`).
    fn common_noun_at(&self, t: usize) -> bool {
        let l = self.layout;
        let Some(m) = self.mentions.starting_at(t) else {
            return false;
        };
        let mention = &self.mentions.list[m];
        let next = mention.tokens.end;
        mention.tokens.len() == 1
            && mention.kind != MentionKind::Person
            && !(next < l.field.tokens.len()
                && l.is_word(next)
                && self.class(next).role().is_some())
    }

    /// The organisation a spokesperson noun at `head` speaks for, named
    /// right after it (`a spokesperson for X`, `il portavoce della X`), or
    /// the organisation's role noun (`a spokesperson for the company`).
    fn spoken_for(&self, head: usize, end: usize) -> Option<Subject> {
        let l = self.layout;
        if !self.class(head).is(Class::SPOKESPERSON) {
            return None;
        }
        let mut t = head + 1;
        // A preposition or, in a genitive, an article links the two (`for
        // the X`, `della X`, `der X`).
        let mut linked = false;
        while t < end.min(head + 5) && l.quote_at(t).is_none() {
            if let Some(m) = self.mentions.starting_at(t) {
                let kind = self.mentions.list[m].kind;
                let org = matches!(kind, MentionKind::Organization | MentionKind::Unknown);
                return (linked && org).then_some(Subject::Named(m));
            }
            let c = self.class(t);
            if l.is_punct(t, &['\'', '’']) {
                t += 1;
                continue;
            }
            if !l.is_word(t) {
                return None;
            }
            if c.is(Class::PREPOSITION.or(Class::DETERMINER)) {
                linked = true;
                t += 1;
                continue;
            }
            return match c.role() {
                Some(Kind::Organization) if linked => Some(Subject::Role {
                    noun: t,
                    kind: Kind::Organization,
                }),
                _ => None,
            };
        }
        None
    }

    /// True when the name at token `t` is inside a prepositional phrase:
    /// a preposition stands before it, with at most articles, role nouns and
    /// lowercase modifiers between (`con il presidente russo Putin`).
    pub fn in_phrase(&self, t: usize) -> bool {
        self.in_phrase_from(t, 0)
    }

    /// [`Reader::in_phrase`], looking no further back than token `floor`
    /// (the start of the window read: `according to X` is no phrase around X).
    pub fn in_phrase_from(&self, t: usize, floor: usize) -> bool {
        let l = self.layout;
        let mut i = t;
        // Only bare lowercase words between: `promotore di giustizia X` is no
        // prepositional phrase around X, `con il presidente russo Putin` is.
        let mut bare_only = false;
        for _ in 0..6 {
            let Some(k) = i.checked_sub(1).filter(|&k| k >= floor) else {
                return false;
            };
            i = k;
            if l.is_punct(k, &['\'', '’']) {
                continue;
            }
            if !l.is_word(k) || self.mentions.starting_at(k).is_some() {
                return false;
            }
            let w = l.class(k);
            if w.is(Class::DETERMINER) || w.role() == Some(Kind::Person) {
                bare_only = false;
                continue;
            }
            if w.is(Class::PREPOSITION) {
                return !bare_only;
            }
            if l.is_capitalised(k) || w.is_verb() || w.is(Class::ANY) {
                return false;
            }
            // One bare word names a title (`promotore di giustizia X`); two
            // make a phrase (`dal fondo tedesco X`).
            bare_only = i + 1 == t;
        }
        false
    }
}

impl Reader<'_> {
    /// True when mention `m` is glued by a hyphen to the word after it: a
    /// modifier in a compound (`SPD-Politiker`, `Bayern-Trainer`).
    fn in_compound(&self, m: usize) -> bool {
        let l = self.layout;
        let tokens = &l.field.tokens;
        let end = self.mentions.list[m].tokens.end;
        end + 1 < tokens.len()
            && l.is_punct(end, &['-'])
            && tokens[end - 1].touches(&tokens[end])
            && tokens[end].touches(&tokens[end + 1])
            && l.is_word(end + 1)
    }

    /// The name a relative pronoun at token `t` refers to: the one ending
    /// just before it (`X, secondo cui …`, `X, selon qui …`).
    pub fn antecedent(&self, t: usize) -> Option<usize> {
        let m = self.mentions.first_from(t).checked_sub(1)?;
        let mention = &self.mentions.list[m];
        (mention.can_speak() && mention.tokens.end + 4 >= t).then_some(m)
    }

    /// True when the word at `t` follows a preposition, directly or after
    /// an article (`a la afición`, `dalla folla`).
    fn in_prepositional_np(&self, t: usize) -> bool {
        self.after_preposition(t)
            || self.word_before(t).is_some_and(|k| {
                self.class(k).is(Class::DETERMINER)
                    && (self.class(k).is(Class::PREPOSITION) || self.after_preposition(k))
            })
    }

    /// True when a preposition stands right before token `t` (`dell'`, `in`).
    fn after_preposition(&self, t: usize) -> bool {
        self.word_before(t).is_some_and(|k| {
            self.class(k).is(Class::PREPOSITION) && !self.class(k).is(Class::DETERMINER)
        })
    }

    /// The token before `t`, past an elision's apostrophe, when it is a word.
    fn word_before(&self, t: usize) -> Option<usize> {
        let l = self.layout;
        (0..t)
            .rev()
            .find(|&k| !l.is_punct(k, &['\'', '’']))
            .filter(|&k| l.is_word(k))
    }
}

enum Phrase {
    /// The determiner is followed by a name starting at this token.
    Name(usize),
    /// The phrase's head noun and its kind.
    Head(usize, Kind),
    /// The phrase names people left unnamed (`la folla`, `the crowd`).
    Unnamed,
    /// Not a speaker phrase.
    None,
}
