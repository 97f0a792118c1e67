//! Typing a candidate: person, organisation or place, and what the
//! gazetteers call it.
//!
//! Evidence, strongest first:
//!
//! 1. the cue before it: a title makes a person, a thing noun drops it;
//! 2. the gazetteers, when case and context say the words are a name: a
//!    capitalised word in mid-sentence is; a common word at the start of a
//!    sentence is only when it is a country, region or big city (`Nice` the
//!    city, not `Nice to see`); German genitives are tried without their `s`;
//! 3. organisation and place words inside it (`Ministero`, `Inc.`, `Street`,
//!    `Piazza`), and the organisation or place cue before it;
//! 4. its make-up: a given name first makes a person; short common words
//!    before a known place a place (`Metro Manila`); a known place followed
//!    by other words an organisation (`Toronto Raptors`); an acronym an
//!    organisation; other names of two words or more a person when none of
//!    their words is a common word, or when the article uses the surname
//!    alone, else an organisation;
//! 5. a single unknown word is a *weak* mention: a place after a locative
//!    preposition (when written like a plain name, not `PerGenova`), else
//!    an organisation, until coreference finds it is part of a longer name.
//!    A common word with no other evidence is dropped (`lo Stato`, `i due
//!    Paesi`).

use std::cell::OnceCell;
use std::collections::HashSet;
use std::ops::Range;

use foldhash::fast::FixedState;

use super::candidates::Candidate;
use super::cues::Cue;
use super::lexicon::{Lexicon, WordBits};
use super::memo::Memo;
use super::units::{UnitKind, Units};
use crate::enrich::affix;
use crate::enrich::gazetteer::{own_names_first, Candidate as Entry, Gazetteer, Kind};
use crate::enrich::output::EntityKind;

/// Capitalised words a quoted title may hold before the name in it.
const TITLE_WORDS: usize = 3;
/// The most units of a place name after its modifiers (`Gran Buenos
/// Aires`, `Nuova Città del Messico`).
const PLACE_SUFFIX_UNITS: usize = 6;

/// Units of a name joined by a conjunction between a subject and its verb
/// (`Bruxelles e Nuova Delhi puntano`).
const COORDINATED_UNITS: usize = 4;

/// Units after an auxiliary where its participle may be (`Peking hatte im
/// April Ausfuhrgenehmigungen verhängt`).
const VERB_GROUP_UNITS: usize = 10;

/// Words between an auxiliary and its participle where the participle does
/// not close the clause (`Paris a de son côté plaidé`).
const ADVERB_UNITS: usize = 3;

/// Cities at least this big are trusted from a sentence-initial common word.
const MAJOR_CITY: u64 = 1_000_000;

/// Where nouns are capitalised, a one-word city smaller than this is trusted
/// only after a locative preposition.
const SMALL_TOWN: u64 = 100_000;

/// How sure the typing is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    /// A lone unknown word typed by default.
    Weak,
    /// A lone unknown word typed by its context or shape (`in Zürs`, `the
    /// Kiambere dam`, `KenGen`): it outranks a default elsewhere.
    Context,
    /// A longer name typed by its make-up alone (its words, no cue).
    MakeUp,
    /// A cue, a gazetteer entry or a type word.
    Strong,
}

/// A typed candidate.
#[derive(Debug, Clone)]
pub struct Typed<'a> {
    /// Unit indices.
    pub units: Range<usize>,
    /// Person, organisation or place.
    pub kind: EntityKind,
    /// How sure.
    pub strength: Strength,
    /// The gazetteer entry it matched, if any.
    pub entry: Option<&'a Entry>,
    /// Named after a thing noun (`il lanciatore Angara`): no entity, and
    /// neither is the same name elsewhere in the article.
    pub thing: bool,
}

struct Ctx<'u, 'a> {
    text: &'u str,
    units: &'u Units,
    lex: &'u Lexicon,
    gaz: &'a Gazetteer,
    memo: &'u Memo,
    cands: &'u [Candidate],
    /// Folded capitalised words that stand alone in the field, gathered
    /// the first time a rule asks (see [`Ctx::stands_alone`]).
    lone: OnceCell<HashSet<&'u str, FixedState>>,
    /// Folded words of the candidates of two units or more, gathered the
    /// first time a rule asks (see [`Ctx::in_longer_name`]).
    inner: OnceCell<HashSet<&'u str, FixedState>>,
}

impl<'a> Ctx<'_, 'a> {
    /// True when the folded word stands alone somewhere in the field: a
    /// one-word candidate, or a capitalised word with no capitalised word
    /// beside it, sentence openers included (`Alguacil pidió calma`).
    fn stands_alone(&self, folded: &str) -> bool {
        self.lone
            .get_or_init(|| {
                let units = self.units;
                let u = &units.units;
                let name_word = |k: usize| u[k].is_word() && u[k].cap;
                (0..u.len())
                    .filter(|&k| {
                        name_word(k)
                            && (k == 0 || !name_word(k - 1))
                            && (k + 1 == u.len() || !name_word(k + 1))
                    })
                    .map(|k| units.fold(k))
                    .chain(
                        self.cands
                            .iter()
                            .filter(|c| c.units.len() == 1)
                            .map(|c| units.fold(c.units.start)),
                    )
                    .collect()
            })
            .contains(folded)
    }

    fn fold(&self, i: usize) -> &str {
        self.units.fold(i)
    }

    fn common(&self, i: usize) -> bool {
        self.memo.common(self.units, self.lex, self.gaz, i)
    }

    /// What unit `i` is in the lists.
    fn word(&self, i: usize) -> WordBits {
        self.memo.word(self.units, self.lex, i)
    }

    /// True when unit `i` has every bit of `bits` (see [`WordBits`]).
    fn is(&self, i: usize, bits: u32) -> bool {
        self.word(i).is(bits)
    }

    /// Gazetteer entries of the folded phrase, trying a genitive ending.
    fn lookup(&self, r: Range<usize>) -> &'a [Entry] {
        // `Calif.`: a word and its dot, listed as one.
        if r.len() == 2 && self.units.units[r.end - 1].kind == UnitKind::Punct {
            let key = format!("{}.", self.fold(r.start));
            return self.gaz.lookup_folded(&key);
        }
        let key = self.units.fold_range(r.clone());
        let hit = self.gaz.lookup_folded(key);
        if !hit.is_empty() {
            return hit;
        }
        // `Quai d'Orsay`: the units fold an elision apart from its word
        // (`d' orsay`), the gazetteers write them together.
        let units = &self.units.units;
        if r.len() >= 3
            && units[r.start..r.end - 1]
                .iter()
                .any(|u| u.kind == UnitKind::Elision)
        {
            let mut k = String::with_capacity(key.len());
            for i in r.clone() {
                if i > r.start && units[i - 1].kind != UnitKind::Elision {
                    k.push(' ');
                }
                k.push_str(self.fold(i));
            }
            let hit = self.gaz.lookup_folded(&k);
            if !hit.is_empty() {
                return hit;
            }
        }
        let hit = match self.lex.genitive_suffix {
            Some(s) if key.len() > s.len() + 2 && key.ends_with(s) => {
                self.gaz.lookup_folded(&key[..key.len() - s.len()])
            }
            _ => &[],
        };
        if !hit.is_empty() || !key.contains(' ') {
            return hit;
        }
        // `Deutschen Presse-Agentur`: an inflected adjective first, tried
        // in its listed form.
        let (first, rest) = key.split_once(' ').unwrap_or((key, ""));
        for (ending, base) in &self.lex.adjective_endings {
            if first.len() > ending.len() + 2 && first.ends_with(ending.as_str()) {
                let mut k = String::with_capacity(key.len());
                k.push_str(&first[..first.len() - ending.len()]);
                k.push_str(base);
                k.push(' ');
                k.push_str(rest);
                let hit = self.gaz.lookup_folded(&k);
                if !hit.is_empty() {
                    return hit;
                }
            }
        }
        &[]
    }

    /// The government a capital city names when the city acts in the text:
    /// the subject of an agent verb (`Pékin a protesté`, `Canberra said`,
    /// `Bruxelles e Nuova Delhi puntano`), opening its clause, and no word
    /// of a longer name elsewhere in the field (`Denzel Washington`).
    /// `entries` are what the gazetteer lists under the name: the seat may
    /// be any of them (`Washington` the state, and the capital).
    fn government_acting(&self, entries: &[Entry], r: &Range<usize>) -> Option<&'a Entry> {
        let gov = entries.iter().find_map(|e| {
            let country = e.country?;
            (e.kind == Kind::City)
                .then(|| self.lex.seats.get(e.canonical))
                .flatten()?
                .iter()
                .find(|s| s.country == country.as_str())
                .map(|s| s.government)
        })?;
        if !self.opens_clause(r.start) || !self.agent_verb_after(r.end) || self.in_longer_name(r) {
            return None;
        }
        self.gaz
            .lookup(gov)
            .iter()
            .find(|g| g.kind == Kind::Organization && g.canonical == gov)
    }

    /// A lowercase word or elision at unit `k`.
    fn lowercase(&self, k: usize) -> bool {
        let u = &self.units.units[k];
        matches!(u.kind, UnitKind::Word | UnitKind::Elision) && !u.cap
    }

    /// Unit `s` may be a clause's subject: first in the field, or after
    /// punctuation, or after a clause opener (`that`, `que`, `dass`).
    fn opens_clause(&self, s: usize) -> bool {
        if s == 0 {
            return true;
        }
        let k = s - 1;
        let u = &self.units.units[k];
        (u.kind == UnitKind::Punct && self.fold(k) != "(")
            || (self.lowercase(k) && self.lex.clause_openers.contains(self.fold(k)))
    }

    /// An agent verb follows unit `e - 1` as its subject's verb: right
    /// after it, or after an auxiliary and a few words of the clause (`had
    /// learned`, `hatte vor der Konferenz erklärt`); a name joined by a
    /// conjunction may come between (`Bruxelles e Nuova Delhi puntano`).
    fn agent_verb_after(&self, e: usize) -> bool {
        let u = &self.units.units;
        let n = u.len();
        let mut k = e;
        if k + 1 < n && self.lowercase(k) && self.is(k, WordBits::CONJUNCTION) && u[k + 1].cap {
            k += 1;
            while k < n && k - e <= COORDINATED_UNITS && u[k].is_word() && u[k].cap {
                k += 1;
            }
        }
        if k >= n || !self.lowercase(k) {
            return false;
        }
        if self.lex.agent_verbs.contains(self.fold(k)) {
            return true;
        }
        if !self.lex.auxiliaries.contains(self.fold(k)) {
            return false;
        }
        // Where the participle closes the clause (German), it may be far.
        let window = if self.lex.nouns_capitalised {
            VERB_GROUP_UNITS
        } else {
            ADVERB_UNITS + 1
        };
        // A quotation inside the clause does not close it (`Rom werde „alle
        // Mittel“ bereitstellen`).
        (k + 1..n.min(k + 1 + window))
            .take_while(|&j| {
                u[j].kind != UnitKind::Punct
                    || matches!(self.fold(j), "„" | "“" | "”" | "\"" | "«" | "»")
            })
            .any(|j| self.lowercase(j) && self.lex.agent_verbs.contains(self.fold(j)))
    }

    /// A one-word name that is also a word of a candidate of two units or
    /// more in the field (`Washington` and `Denzel Washington`).
    fn in_longer_name(&self, r: &Range<usize>) -> bool {
        r.len() == 1
            && self
                .inner
                .get_or_init(|| {
                    self.cands
                        .iter()
                        .filter(|c| c.units.len() > 1)
                        .flat_map(|c| c.units.clone())
                        .map(|k| self.units.fold(k))
                        .collect()
                })
                .contains(self.fold(r.start))
    }

    /// Written like an acronym: all capitals (five letters at most, longer
    /// capitals are shouting, as in datelines) or dotted (`U.S.`).
    fn is_acronym(&self, i: usize) -> bool {
        let u = &self.units.units[i];
        (u.upper && self.fold(i).chars().count() <= 5) || (u.dotted && u.cap)
    }

    /// A quotation mark at unit `k`.
    fn quote(&self, k: usize) -> bool {
        let u = &self.units.units[k];
        u.kind == UnitKind::Punct
            && matches!(
                &self.units.folded[u.folded.clone()],
                "\"" | "“" | "”" | "«" | "»" | "„" | "'" | "‘" | "’" | "‹" | "›"
            )
    }

    /// Ends a short quotation of names and titles (`"Green Border"`,
    /// `„Don Giovanni“`): a title of a work.
    fn quoted(&self, r: &Range<usize>) -> bool {
        let u = &self.units.units;
        if r.end >= u.len() || !self.quote(r.end) || r.start == 0 {
            return false;
        }
        let mut k = r.start - 1;
        for _ in 0..=TITLE_WORDS {
            if self.quote(k) {
                return true;
            }
            // A word of the language opening the quotation makes it
            // speech (`"Ringrazio Mario Draghi"`), unless it is a title.
            let name_like = u[k].is_word()
                && u[k].cap
                && (!self.common(k)
                    || self.lex.is_title_word_with(self.fold(k), self.word(k))
                    || self.is(k, WordBits::GIVEN_NAME));
            if k == 0 || !name_like {
                return false;
            }
            k -= 1;
        }
        false
    }

    /// A genitive name right before a quoted title (`Mozarts „Don
    /// Giovanni“`): the work's author.
    fn author_of_title(&self, r: &Range<usize>) -> bool {
        let u = &self.units.units;
        let Some(suffix) = self.lex.genitive_suffix else {
            return false;
        };
        let f = self.fold(r.end - 1);
        f.len() > suffix.len() + 2
            && f.ends_with(suffix)
            && r.end + 1 < u.len()
            && self.quote(r.end)
            && u[r.end + 1].is_word()
            && u[r.end + 1].cap
    }

    /// A law, code, plan, policy or treaty: `Plano de Recuperação e
    /// Resiliência`, `Mining Code`, `Klimaschutzgesetz`; a name opened by
    /// a law's noun is no law when an organisation or place word names a
    /// body in it.
    fn law(&self, r: &Range<usize>) -> bool {
        let u = &self.units.units;
        let last = r.end - 1;
        if !u[r.start].is_word() || !u[last].is_word() {
            return false;
        }
        let tail = self.fold(last).rsplit(' ').next().unwrap_or("");
        let compound = self.lex.nouns_capitalised
            && tail
                .char_indices()
                .skip(3)
                .any(|(at, _)| tail.len() - at >= 6 && self.lex.law_tails.contains(&tail[at..]));
        // (A law's noun closing the name says what it is whatever words
        // come before it: `Mining Code`.)
        if (r.len() >= 2 && self.lex.law_tails.contains(tail)) || compound {
            return true;
        }
        r.len() >= 2
            && self.lex.law_heads.contains(self.fold(r.start))
            && !r.clone().any(|k| {
                let (f, w) = (self.fold(k), self.word(k));
                self.lex.is_org_word_with(f, w) || self.lex.is_place_word_with(f, w)
            })
    }

    /// An event, award or named thing: `Coppa Volpi`, `World Cup`, `Piano
    /// Mattei`, a title of a work in quotes.
    fn is_thing(&self, c: &Candidate) -> bool {
        let r = c.units.clone();
        if c.head.is_some() {
            return false;
        }
        // A hyphenated word counts by its parts too (`Basketball-WM`).
        let event = |k: usize| {
            let f = self.fold(k);
            self.is(k, WordBits::EVENT_WORD)
                || (f.contains(' ') && f.split(' ').any(|p| self.lex.event_words.contains(p)))
        };
        self.quoted(&r)
            || self.law(&r)
            || (r.len() >= 2
                && self
                    .lex
                    .event_words
                    .contains(self.units.fold_range(r.clone())))
            || self.is(r.start, WordBits::THING_BEFORE)
            || r.clone().any(event)
            || (r.len() >= 2
                && self
                    .lex
                    .event_words
                    .contains(self.units.fold_range(r.start..r.start + 2)))
    }

    fn typed(&self, c: &Candidate) -> Option<Typed<'a>> {
        let r = c.units.clone();
        let n = r.len();
        let first = r.start;
        // A holiday or event word alone is one even where a place has its
        // name (`O Natal chegou`, not `em Natal`).
        let event_alone = n == 1
            && self.is(first, WordBits::EVENT_WORD)
            && !matches!(c.cue, Cue::Preposition | Cue::Place);
        if (c.cue != Cue::Person || self.quoted(&r))
            && self.is_thing(c)
            && (event_alone || self.lookup(r.clone()).is_empty())
        {
            return Some(Typed {
                units: r,
                kind: EntityKind::Organization,
                strength: Strength::Weak,
                entry: None,
                thing: true,
            });
        }
        let strong = |kind, entry| {
            Some(Typed {
                units: r.clone(),
                kind,
                strength: Strength::Strong,
                entry,
                thing: false,
            })
        };
        let make_up = |kind| {
            Some(Typed {
                units: r.clone(),
                kind,
                strength: Strength::MakeUp,
                entry: None,
                thing: false,
            })
        };
        match c.cue {
            Cue::Thing => {
                return Some(Typed {
                    units: r,
                    kind: EntityKind::Organization,
                    strength: Strength::Weak,
                    entry: None,
                    thing: true,
                })
            }
            Cue::Person => {
                // A place of the person's office glued on by a particle
                // (`Governor Nathif Jama Adam of Garissa County`, `of
                // Texas`): no part of the name.
                let u = &self.units.units;
                let cut = (first + 2..r.end.saturating_sub(1))
                    .find(|&k| self.particle_at(k) && u[k + 1].cap)
                    .filter(|&k| {
                        self.type_words(k + 1..r.end) == Some(EntityKind::Location)
                            || own_names_first(self.lookup(k + 1..r.end))
                                .next()
                                .is_some_and(|e| e.is_major_place(100_000))
                    });
                let r = first..cut.unwrap_or(r.end);
                let e = self.lookup(r.clone());
                let entry = own_names_first(e).find(|e| e.kind == Kind::Person);
                return Some(Typed {
                    units: r,
                    kind: EntityKind::Person,
                    strength: Strength::Strong,
                    entry,
                    thing: false,
                });
            }
            _ => {}
        }
        if let Some(kind) = c.head {
            let e = self.lookup(r.clone());
            // A seat listed as the organisation it houses outranks a place
            // head (`Quai d'Orsay`, `place Beauvau`: ministries).
            if let Some(org) = own_names_first(e).find(|e| e.kind == Kind::Organization) {
                return strong(EntityKind::Organization, Some(org));
            }
            return strong(
                kind,
                own_names_first(e).find(|e| e.kind.entity_kind() == kind),
            );
        }
        // An explicit cue outranks a gazetteer entry of another type
        // (`l'agenzia di stampa Xinhua`, not the city).
        let cued = match c.cue {
            Cue::Organization => Some(EntityKind::Organization),
            Cue::Place => Some(EntityKind::Location),
            _ => None,
        };
        if let Some(kind) = cued {
            let e = self.lookup(r.clone());
            return strong(
                kind,
                own_names_first(e).find(|e| e.kind.entity_kind() == kind),
            );
        }
        let single_common = n == 1 && self.common(first) && !self.is_acronym(first) && !c.name_part;
        // Where nouns are capitalised, a capital says nothing: a common word
        // is a town (`Zug`, `Essen`) only after a locative preposition.
        let weak_start = self.units.units[first].weak
            || (self.lex.nouns_capitalised && c.cue != Cue::Preposition);
        let entries = self.lookup(r.clone());
        // Where every noun is capitalised, a lone word that is only a small
        // town needs a locative preposition before it, perhaps with an
        // adjective between (`im niedersächsischen Lingen`).
        let preposition_near = || {
            (first.saturating_sub(2)..first)
                .any(|k| self.units.units[k].is_word() && self.is(k, WordBits::PLACE_PREPOSITION))
        };
        let small_town = |e: &Entry| {
            self.lex.nouns_capitalised
                && n == 1
                && e.kind == Kind::City
                && e.population < SMALL_TOWN
                && c.cue != Cue::Preposition
                && !preposition_near()
        };
        // `Steffi Lemke (Grüne)`: alone in brackets, a capitalised word is
        // a name even where it is a common word too (a party, a company).
        let u = &self.units.units;
        let bracketed = first > 0
            && r.end < u.len()
            && u[first - 1].kind == UnitKind::Punct
            && self.fold(first - 1) == "("
            && self.fold(r.end) == ")";
        // A word shaped like a company's is a place only as the place is
        // written (`GoTo`, a company, not the town `Gotō`).
        let company_spelling =
            |e: &Entry| n == 1 && self.company_shape(first) && !self.written_as(first, e.surface);
        if let Some(e) = own_names_first(entries).find(|e| {
            (self.trust(e, first, single_common, weak_start)
                || (bracketed && e.kind == Kind::Organization))
                && !small_town(e)
                && !(e.kind.is_place() && company_spelling(e))
        }) {
            // `Pékin a protesté`: a capital that acts is its government.
            // (Not a country, whose name may be its capital's too:
            // `Paraguay` for Asunción.)
            if let Some(gov) = (c.cue == Cue::None && e.kind.is_place() && e.kind != Kind::Country)
                .then(|| self.government_acting(entries, &r))
                .flatten()
            {
                return strong(EntityKind::Organization, Some(gov));
            }
            return strong(e.kind.entity_kind(), Some(e));
        }
        if c.cue == Cue::Portfolio {
            // `l'assessore alla Mobilità Daniel Alfreider`: the portfolio
            // runs into a name that opens with a given name.
            let u = &self.units.units;
            return (first + 1..r.end.saturating_sub(1))
                .find(|&k| u[k].cap && self.is(k, WordBits::GIVEN_NAME))
                .map(|k| Typed {
                    units: k..r.end,
                    kind: EntityKind::Person,
                    strength: Strength::MakeUp,
                    entry: None,
                    thing: false,
                });
        }
        // `Media Contact: Daniel Ochoa`: common words opening a line or
        // sentence before a colon are a label.
        let label = self.units.units[first].weak
            && r.end < self.units.len()
            && self.fold(r.end) == ":"
            && r.clone().all(|k| self.common(k) || self.particle(k));
        if label {
            return None;
        }
        if self.author_of_title(&r) && !self.is_acronym(first) {
            return make_up(EntityKind::Person);
        }
        // After a preposition of being inside, a lone given name is a place
        // that shares it (`in Lech und Zürs`).
        let inside = first > 0
            && self.units.units[first - 1].is_word()
            && self.lex.inside_prepositions.contains(self.fold(first - 1));
        // `Pratt & Whitney`, `Marks & Spencer`: no person's name.
        if n >= 2 && r.clone().any(|k| self.fold(k) == "&") {
            return make_up(EntityKind::Organization);
        }
        if self.is(first, WordBits::GIVEN_NAME)
            && !self.is_acronym(first)
            && (n >= 2 || (!single_common && !inside))
            && !r.clone().any(|k| self.is(k, WordBits::ORG_SUFFIX))
        {
            return make_up(if n >= 2 && self.article_before(first) {
                EntityKind::Organization
            } else {
                EntityKind::Person
            });
        }
        // `Furkapass`, `Rhonegletscher`: a landmark by its make-up.
        if n == 1
            && self
                .lex
                .landmarks
                .is_compound(self.fold(first), |w| self.lex.common.contains(w))
        {
            return strong(EntityKind::Location, None);
        }
        if single_common && !self.is(first, WordBits::INSTITUTION) {
            return match c.cue {
                Cue::Organization => strong(EntityKind::Organization, None),
                Cue::Place => strong(EntityKind::Location, None),
                _ => None,
            };
        }
        if let Some(kind) = self.type_words(r.clone()) {
            return strong(kind, None);
        }
        match c.cue {
            Cue::Organization => return strong(EntityKind::Organization, None),
            Cue::Place => return strong(EntityKind::Location, None),
            // `la holandesa JDE Peet's`: an acronym makes a company.
            Cue::Demonym | Cue::Apposition if n >= 2 && !r.clone().any(|k| self.is_acronym(k)) => {
                return strong(EntityKind::Person, None)
            }
            _ => {}
        }
        if n >= 2 {
            // An abbreviation of a city (`Mei` for Meizhou, `Ting` for
            // Dingzhou, `Lim` for Lima) is rather a syllable of an Asian name.
            let place_at = |i: usize| {
                own_names_first(self.lookup(i..i + 1))
                    .next()
                    .is_some_and(|e| e.is_major_place(100_000) && !abbreviation(e))
            };
            // A known place or organisation first (`Toronto Raptors`,
            // `Siemens Mobility`): an organisation.
            let org_at = |i: usize| {
                own_names_first(self.lookup(i..i + 1))
                    .next()
                    .is_some_and(|e| e.kind == Kind::Organization)
            };
            let words = || r.clone().filter(|&i| !self.particle(i));
            let last = words().next_back().unwrap_or(first);
            let nwords = words().count();
            // `Alta Austria`, `Metro Manila`, `Gran Buenos Aires`: short
            // common words before a place, even one whose first word is a
            // place too (`Metro`, a city); not `Confindustria Brescia`.
            let modifier = |i: usize| self.common(i) && self.fold(i).chars().count() <= 7;
            if modifier(first) {
                // Only the last few units can be a place's name: bounding
                // the suffixes keeps a long run of capitalised words linear.
                let place_from = words().skip(1).find(|&k| {
                    r.end - k <= PLACE_SUFFIX_UNITS
                        && own_names_first(self.lookup(k..r.end))
                            .next()
                            .is_some_and(|e| e.is_major_place(100_000))
                });
                if let Some(k) = place_from {
                    // Not `Defesa Civil do Amazonas`: a particle makes the
                    // place a complement.
                    if (first..k).all(|i| !self.particle(i) && modifier(i)) {
                        return make_up(EntityKind::Location);
                    }
                }
            }
            // A city known here only by another language's name, before a
            // rare word, is rather a given name (`Daido Moriyama`; `Daido`
            // is Datong in Japanese): a place first makes an organisation
            // when it is listed under its own name (`Toronto Raptors`), or
            // a common word or more words follow.
            let own_place_first = || {
                own_names_first(self.lookup(first..first + 1))
                    .next()
                    .is_some_and(|e| e.is_major_place(100_000) && e.is_own_name())
            };
            if (place_at(first) && (own_place_first() || self.common(last) || nwords > 2))
                || org_at(first)
            {
                return make_up(EntityKind::Organization);
            }
            // A known organisation last, no given name first (`Filca
            // Cisl`, a branch of a union): an organisation.
            if last > first && org_at(last) {
                return make_up(EntityKind::Organization);
            }
            // A name and a big place after it, no given name first
            // (`Confindustria Brescia`): an organisation of that place; not
            // after a first word and rare words, a given name and a surname
            // that a place shares (`Ledrano Quispe Ibarra`, Spanish double
            // surnames).
            let rare_before_last = nwords >= 3
                && words()
                    .filter(|&i| i != first && i != last)
                    .all(|i| !self.common(i));
            if last > first && place_at(last) && !rare_before_last {
                return make_up(EntityKind::Organization);
            }
            // People's names are mostly rare words: a common word of five
            // letters or more (`Borsa Italiana`, `Frecce Tricolori`) makes an
            // organisation, unless the surname is rare (`Nello Musumeci`)
            // or stands alone elsewhere.
            let long_common = |i: usize| self.common(i) && self.fold(i).chars().count() >= 5;
            // A rare first word and a surname that the article also uses
            // alone, while the first word never stands alone (`Imanol
            // Alguacil` … `Alguacil`): a person, common surname or not.
            let surname_alone = || {
                nwords == 2
                    && !self.common(first)
                    && self.stands_alone(self.fold(last))
                    && !self.stands_alone(self.fold(first))
            };
            // Rare words after a preposition of being inside (`en Godoy Cruz`,
            // `in Vila Velha`), no given name first: a place.
            // A name opening with an article is no person's (`La Boca`, `O
            // Grove`, `A Illa de Arousa`): a place.
            let article_first =
                self.units.units[first].cap && self.lex.articles.contains(self.fold(first));
            if inside || article_first {
                return make_up(EntityKind::Location);
            }
            let person = !words().any(|i| self.is_acronym(i))
                && (!self.common(last) || !words().any(long_common) || surname_alone());
            // A number ending a person's run was glued on (`Javokhir
            // Sindarov 1.5-0.5`); after one word alone it names a thing
            // (`Christophorus 5`, a call sign).
            let u = &self.units.units;
            if person && u[r.end - 1].kind == UnitKind::Number {
                if r.clone().filter(|&k| u[k].is_word()).count() < 2 {
                    return None;
                }
                return Some(Typed {
                    units: first..r.end - 1,
                    kind: EntityKind::Person,
                    strength: Strength::MakeUp,
                    entry: None,
                    thing: false,
                });
            }
            return make_up(if person && !self.article_before(first) {
                EntityKind::Person
            } else {
                EntityKind::Organization
            });
        }
        if self.is_acronym(first) || self.is(first, WordBits::INSTITUTION) {
            return strong(EntityKind::Organization, None);
        }
        // A word shaped like a common noun is none, unless the gazetteers
        // know it (`aus Schwerin`, a town too small to trust on its own).
        if !c.name_part
            && (self.demonym_of_place(first) || (entries.is_empty() && self.common_shape(first)))
        {
            return None;
        }
        let (kind, strength) = if ((c.cue == Cue::Preposition || self.place_article_before(first))
            && self.plain_name(first))
            || self.toponym(first)
            || self.place_noun_after(r.end)
            || self.place_noun_before(first)
            || self.place_prefix(first)
        {
            (EntityKind::Location, Strength::Context)
        } else if self.of_noun(first) {
            // `la diretora comercial da Cooxupé`: a hint only.
            (EntityKind::Location, Strength::Weak)
        } else if self.company_shape(first) {
            (EntityKind::Organization, Strength::Context)
        } else if self.surname_shape(first) || self.title_after(r.end) {
            (EntityKind::Person, Strength::Weak)
        } else {
            (EntityKind::Organization, Strength::Weak)
        };
        Some(Typed {
            units: r,
            kind,
            strength,
            entry: None,
            thing: false,
        })
    }

    /// Names in a list take the type of a sure neighbour: a name typed by
    /// default or by its make-up alone, joined by a comma or a conjunction
    /// to a name typed by a cue, gazetteer or type word, is of its type
    /// (`Alstom, Siemens Mobility e Hitachi Rail`; `la Loire et le Cher`).
    fn coordinate(&self, typed: &mut [Typed<'a>]) {
        let u = &self.units.units;
        let joined = |a: &Typed, b: &Typed| {
            let (e, s) = (a.units.end, b.units.start);
            if s <= e || s - e > 2 {
                return false;
            }
            let sep = self.fold(e);
            let sep_ok =
                sep == "," || (u[e].is_word() && !u[e].cap && self.is(e, WordBits::CONJUNCTION));
            sep_ok
                && (s == e + 1
                    || (sep != ","
                        && u[e + 1].is_word()
                        && !u[e + 1].cap
                        && self.is(e + 1, WordBits::ARTICLE)))
        };
        // A sure neighbour: typed by a cue, gazetteer or type word, a lone
        // word put as a place by its context (`in Lech und Zürs`, `the
        // Masinga and Kiambere dams`), or a name this pass typed from its
        // own neighbour (`von Hamburg, Bremerhaven, Wilhelmshaven und
        // Emden`).
        let mut listed = vec![false; typed.len()];
        let sure = |t: &Typed, listed: bool| {
            listed
                || t.strength == Strength::Strong
                || (t.strength == Strength::Context && t.kind == EntityKind::Location)
        };
        for pass in 0..2 {
            for i in 0..typed.len() {
                let j = if pass == 0 { i } else { typed.len() - 1 - i };
                // A word of its own evidence keeps it; so does a word
                // shaped like a company's (`GXS Bank in Singapore and
                // GXBank`).
                if typed[j].strength == Strength::Strong
                    || typed[j].strength == Strength::Context
                    || typed[j].thing
                    || typed[j].entry.is_some()
                    || typed[j].kind == EntityKind::Person
                    || (typed[j].units.len() == 1 && self.company_shape(typed[j].units.start))
                {
                    continue;
                }
                let before = j
                    .checked_sub(1)
                    .filter(|&p| joined(&typed[p], &typed[j]) && sure(&typed[p], listed[p]));
                let after = Some(j + 1).filter(|&q| {
                    q < typed.len() && joined(&typed[j], &typed[q]) && sure(&typed[q], listed[q])
                });
                // `de la Camargue aux Alpilles`: the start of a path to a
                // place is a place.
                let to = Some(j + 1).filter(|&q| {
                    q < typed.len()
                        && typed[q].kind == EntityKind::Location
                        && typed[q].strength >= Strength::Context
                        && typed[j].units.len() == 1
                        && self.path(&typed[j].units, &typed[q].units)
                });
                if let Some(o) = before.or(after).or(to) {
                    if typed[o].kind != EntityKind::Person && !typed[o].thing {
                        typed[j].kind = typed[o].kind;
                        typed[j].strength = Strength::MakeUp;
                        listed[j] = true;
                    }
                }
            }
        }
    }

    /// Units `a` then `b` name the ends of a path: a particle of origin
    /// before `a` and a locative preposition between them, each perhaps
    /// with an article (`de la Camargue aux Alpilles`, `do Corvelo para
    /// Lisboa`).
    fn path(&self, a: &Range<usize>, b: &Range<usize>) -> bool {
        let u = &self.units.units;
        let lower = |k: usize| matches!(u[k].kind, UnitKind::Word | UnitKind::Elision) && !u[k].cap;
        let article = |k: usize| lower(k) && self.is(k, WordBits::ARTICLE);
        // The preposition before `b`, over an article.
        let mut k = b.start;
        if k > a.end && article(k - 1) {
            k -= 1;
        }
        if k != a.end + 1 || !lower(a.end) || !self.is(a.end, WordBits::PLACE_PREPOSITION) {
            return false;
        }
        // The particle of origin before `a`, over an article.
        let mut k = a.start;
        if k > 0 && article(k - 1) {
            k -= 1;
        }
        k > 0 && lower(k - 1) && self.is(k - 1, WordBits::ORIGIN_PARTICLE)
    }

    /// After a lowercase word and a particle of origin (`les producteurs de
    /// Charente`, `una cooperativa di Ozieri`): where a lone unknown name is
    /// a place by default.
    fn of_noun(&self, first: usize) -> bool {
        let u = &self.units.units;
        first >= 2
            && matches!(u[first - 1].kind, UnitKind::Word | UnitKind::Elision)
            && !u[first - 1].cap
            && self.is(first - 1, WordBits::ORIGIN_PARTICLE)
            && u[first - 2].is_word()
            && !u[first - 2].cap
    }

    /// A locative preposition and an article right before unit `first`
    /// (`en la Chiquitania`, `auf dem Kröpcke`, `depuis l'Oubangui`), or
    /// a preposition joined to its article (`alla Sciorba`): a lone unknown
    /// name so placed is a place more often than an organisation.
    fn place_article_before(&self, first: usize) -> bool {
        if first == 0 || !self.lowercase(first - 1) {
            return false;
        }
        let before = self.fold(first - 1);
        if self.lex.contracted_prepositions.contains(before) {
            return true;
        }
        first >= 2
            && (self.is(first - 1, WordBits::ARTICLE) || self.is(first - 1, WordBits::ELISION))
            && self.lowercase(first - 2)
            && self.lex.article_prepositions.contains(self.fold(first - 2))
    }

    /// A comma and a title right after the name, perhaps over an article
    /// (`Fashola, chairman of`, `Rossi, il presidente`): a person's.
    fn title_after(&self, e: usize) -> bool {
        let u = &self.units.units;
        if e + 1 >= u.len() || u[e].kind != UnitKind::Punct || self.fold(e) != "," {
            return false;
        }
        let mut k = e + 1;
        if k + 1 < u.len() && self.lowercase(k) && self.is(k, WordBits::ARTICLE) {
            k += 1;
        }
        self.lowercase(k) && self.is(k, WordBits::TITLE)
    }

    /// A plain name ending like a surname (`Papadakis`, `Shevchenko`,
    /// `Puccini`), the ending after three letters at least.
    fn surname_shape(&self, i: usize) -> bool {
        if !self.plain_name(i) {
            return false;
        }
        let f = self.fold(i);
        !f.contains(' ')
            && self
                .lex
                .surname_endings
                .iter()
                .any(|e| f.len() >= e.len() + 3 && affix::ends_with(f, e))
    }

    /// A lone word shaped like a common noun, no name: the plural of an
    /// acronym (`PCs`, `NGOs`), a span of weekdays or months
    /// (`October-December`), or, where nouns are capitalised, a hyphenated
    /// compound whose last part is a common noun (`Ukraine-Krieg`,
    /// `CDU-Politiker`) or a word with a common noun's ending
    /// (`Unternehmerin`).
    fn common_shape(&self, i: usize) -> bool {
        let u = &self.units.units[i];
        let Some(w) = self.text.get(u.start..u.end) else {
            return false;
        };
        let f = self.fold(i);
        let plural_acronym = w.len() >= 3
            && w.ends_with('s')
            && w[..w.len() - 1].chars().all(|c| c.is_ascii_uppercase());
        let hyphenated = f.contains(' ');
        let not_names = hyphenated
            && f.split(' ')
                .all(|p| p.len() >= 3 && self.lex.not_names.contains(p));
        let common_last = hyphenated
            && self.lex.nouns_capitalised
            && f.rsplit(' ')
                .next()
                .is_some_and(|p| p.chars().count() >= 4 && self.lex.is_common(p));
        plural_acronym || not_names || common_last || self.lex.has_common_ending(f)
    }

    /// A lowercase article right before unit `first` where copy puts none
    /// before people's names (`contro la Eurotek Uyba`, a club).
    fn article_before(&self, first: usize) -> bool {
        !self.lex.articles_before_names
            && first > 0
            && matches!(
                self.units.units[first - 1].kind,
                UnitKind::Word | UnitKind::Elision
            )
            && self.is(first - 1, WordBits::ARTICLE)
    }

    /// A word written like a plain name: no inner capital, no digit.
    fn plain_name(&self, i: usize) -> bool {
        let u = &self.units.units[i];
        !u.inner_cap
            && !u.upper
            && self
                .text
                .get(u.start..u.end)
                .is_some_and(|w| !w.chars().any(|c| c.is_ascii_digit()))
    }

    /// Written like a company's name, not a place's: a capital inside a
    /// word part (`KenGen`, `GXBank`, `IndiGo`; not `Saas-Fee`) or a
    /// digit (`KSV1870`). All capitals are an acronym's, typed before.
    fn company_shape(&self, i: usize) -> bool {
        let u = &self.units.units[i];
        if u.upper || !u.is_word() {
            return false;
        }
        let Some(w) = self.text.get(u.start..u.end) else {
            return false;
        };
        let mut part_start = true;
        for ch in w.chars() {
            if ch.is_ascii_digit() || (!part_start && ch.is_uppercase()) {
                return true;
            }
            part_start = !ch.is_alphabetic();
        }
        false
    }

    /// A lowercase place noun right after the name, or its plural after a
    /// list (`the Bicol region`, `the Mayon volcano`, `the Masinga and
    /// Kiambere dams`).
    fn place_noun_after(&self, e: usize) -> bool {
        let u = &self.units.units;
        if e >= u.len() || !u[e].is_word() || u[e].cap {
            return false;
        }
        self.place_noun(e)
    }

    /// A place noun glued before a capital (`PalaRialdoli`, an Italian
    /// sports hall): a place, though shaped like a company's name.
    fn place_prefix(&self, i: usize) -> bool {
        let u = &self.units.units[i];
        if !u.inner_cap {
            return false;
        }
        let Some(w) = self.text.get(u.start..u.end) else {
            return false;
        };
        let mut prev_lower = false;
        for (at, ch) in w.char_indices() {
            if prev_lower && ch.is_uppercase() {
                let prefix = crate::enrich::gazetteer::fold(&w[..at]);
                return prefix.len() >= 3 && self.lex.place_words.contains(&prefix);
            }
            if !ch.is_alphabetic() {
                return false;
            }
            prev_lower = ch.is_lowercase();
        }
        false
    }

    /// A place noun or its plural in `s` at unit `i` (`dam`, `dams`).
    fn place_noun(&self, i: usize) -> bool {
        let f = self.fold(i);
        self.lex.is_place_word_with(f, self.word(i))
            || f.strip_suffix('s')
                .is_some_and(|stem| stem.len() >= 3 && self.lex.place_words.contains(stem))
    }

    /// Where nouns are capitalised, a common place noun right before the
    /// name (`Terminal Altenwerder`, `an den Terminals Burchardkai`): the
    /// noun was cut off the name as a common word.
    fn place_noun_before(&self, first: usize) -> bool {
        let u = &self.units.units;
        self.lex.nouns_capitalised
            && first > 0
            && u[first - 1].is_word()
            && u[first - 1].cap
            && self.common(first - 1)
            && self.place_noun(first - 1)
    }

    /// A hyphenated name with a lowercase link between capitalised parts
    /// (`Chambray-lès-Tours`, `Boulogne-sur-Mer`): a place's shape.
    fn toponym(&self, i: usize) -> bool {
        let u = &self.units.units[i];
        let Some(w) = self.text.get(u.start..u.end) else {
            return false;
        };
        let parts: Vec<&str> = w.split(['-', '‐', '‑']).collect();
        let lower = |p: &&str| p.chars().next().is_some_and(char::is_lowercase);
        parts.len() >= 3
            && !lower(&parts[0])
            && !lower(&parts[parts.len() - 1])
            && parts[1..parts.len() - 1].iter().any(lower)
    }

    /// A people's name made of the name of a country, region or city of
    /// 100,000 (`Londoners`, `Berliner`; not `Berger` of a village `Berg`).
    fn demonym_of_place(&self, i: usize) -> bool {
        let f = self.fold(i);
        self.lex.demonym_suffixes.iter().any(|s| {
            f.len() > s.len() + 2
                && f.ends_with(s.as_str())
                && self
                    .gaz
                    .lookup_folded(&f[..f.len() - s.len()])
                    .iter()
                    .any(|e| e.is_major_place(100_000))
        })
    }

    /// True when unit `i` is written exactly as `name` (`Apple`, not `Nato`
    /// for `NATO`).
    fn written_as(&self, i: usize, name: &str) -> bool {
        let u = &self.units.units[i];
        self.text.get(u.start..u.end) == Some(name)
    }

    /// A lowercase particle or elision at unit `i` (`do` in `Universidade
    /// do Porto`).
    fn particle_at(&self, i: usize) -> bool {
        let u = &self.units.units[i];
        matches!(u.kind, UnitKind::Word | UnitKind::Elision) && !u.cap && self.particle(i)
    }

    /// A name particle, written in either case inside a name (`De Grasse`).
    fn particle(&self, i: usize) -> bool {
        self.is(i, WordBits::PARTICLE)
    }

    /// May a gazetteer entry type this candidate? A lone common word in
    /// mid-sentence may be a country, continent, feature, city, or a region
    /// under a translated name (`Canarias`, not `Western`); at the start of
    /// a sentence, a country, continent, feature, big city, or an
    /// organisation or person written exactly as its name.
    fn trust(&self, e: &Entry, first: usize, single_common: bool, weak_start: bool) -> bool {
        if !single_common {
            return true;
        }
        // Where nouns are capitalised, a word that is common only as a
        // compound (`Kreuzberg`) does not hide a city of 100,000.
        let compound_only = self.lex.nouns_capitalised
            && !self.lex.common.contains(self.fold(first))
            && !self.lex.inflected_common(self.fold(first))
            && e.population >= SMALL_TOWN;
        match e.kind {
            // A common word opening a sentence is a big city only when it
            // is written as that city's listed spelling, accents and all
            // (`Mosca`; not the preposition `Para` for `Pará`).
            Kind::City => {
                !weak_start
                    || (e.population >= MAJOR_CITY && self.written_as(first, e.surface))
                    || compound_only
            }
            Kind::Region => !e.is_own_name() && !weak_start,
            // Where nouns are capitalised, a common word that is only another
            // language's name of a river or a range is the word (`drei
            // Tage`, not the Tagus), as is one opening a sentence (the
            // possessive `Seine`, the conjunction `Oder`); a word common
            // only as a compound or an inflected form is the feature
            // (`Spitzbergen`).
            Kind::Feature if self.lex.nouns_capitalised => {
                !self.lex.common.contains(self.fold(first))
                    || (!self.units.units[first].weak && self.written_as(first, e.canonical))
            }
            k if k.is_place() => true,
            _ => !weak_start || self.written_as(first, e.canonical),
        }
    }

    /// Organisation and place words inside the name: a place word first or
    /// last (`Piazza Navona`, `Front Street`) makes a place, else any
    /// organisation word or legal form an organisation, else any place word
    /// a place.
    fn type_words(&self, r: Range<usize>) -> Option<EntityKind> {
        let place = |i: usize| self.lex.is_place_word_with(self.fold(i), self.word(i));
        let org = |i: usize| {
            // `Kreditschutzverband`: a compound ending in one counts too.
            self.lex.is_org_word_with(self.fold(i), self.word(i))
                || self.lex.last_part_is_org_word(self.fold(i))
        };
        // The head word decides (`Universidade do Porto`, `Porto de
        // Leixões`), then the last word (`Front Street`).
        let headed = r.len() >= 2 && self.particle_at(r.start + 1);
        if headed && org(r.start) {
            return Some(EntityKind::Organization);
        }
        if (headed || self.lex.nouns_capitalised) && place(r.start) {
            return Some(EntityKind::Location);
        }
        // An organisation word first outranks a place word last that is a
        // complement after a particle (`Universidad Católica del Norte`) or
        // only ends like one (`Polizei Hamburg`: `-burg`).
        if r.len() >= 2
            && org(r.start)
            && (self.particle_at(r.end - 2) || !self.is(r.end - 1, WordBits::PLACE_WORD))
        {
            return Some(EntityKind::Organization);
        }
        if r.len() >= 2 && place(r.end - 1) {
            return Some(EntityKind::Location);
        }
        if r.clone().any(org) {
            return Some(EntityKind::Organization);
        }
        if r.len() >= 2 && r.clone().any(place) {
            return Some(EntityKind::Location);
        }
        None
    }
}

/// Types the candidates of one field; drops those that are no entity.
pub fn typed<'a>(
    text: &str,
    cands: &[Candidate],
    units: &Units,
    memo: &Memo,
    lex: &Lexicon,
    gaz: &'a Gazetteer,
) -> Vec<Typed<'a>> {
    let cx = Ctx {
        text,
        units,
        lex,
        gaz,
        memo,
        cands,
        lone: OnceCell::new(),
        inner: OnceCell::new(),
    };
    let mut out: Vec<Typed<'a>> = cands.iter().filter_map(|c| cx.typed(c)).collect();
    super::towns::promote(&mut out, units, lex, gaz);
    cx.coordinate(&mut out);
    out
}

/// True for a city listed under an abbreviation of its name: an alias at
/// most half as long as the name (`Ting` for Dingzhou, `Wei` for Weifang),
/// or a short alias the name only lengthens (`Lim` for Lima). Not `Roma`,
/// `Köln` or `Milano`.
fn abbreviation(e: &Entry) -> bool {
    if e.kind != Kind::City || e.is_own_name() {
        return false;
    }
    let (alias, name) = (e.surface.chars().count(), e.canonical.chars().count());
    alias * 2 <= name || (alias <= 4 && alias < name && e.canonical.starts_with(e.surface))
}
