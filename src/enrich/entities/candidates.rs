//! Candidate names from token shape.
//!
//! A *run* is a maximal sequence of capitalised words in one sentence, with
//! name particles between them (`Ursula von der Leyen`, `Corea del Nord`,
//! `Bank of England`), a short number after them (`Formula 1`, `Isar 2`) and
//! the dot of a legal form (`Inc.`). A run is then cut into candidates:
//!
//! - a title or role inside it is dropped and cues the name after it as a
//!   person (`Chancellor Olaf Scholz`, `Maui County Mayor Richard Bissen` gives
//!   `Maui County` and the person `Richard Bissen`); a title that starts before
//!   the run and ends inside it is dropped too (`presidente del Consiglio Mario
//!   Draghi`);
//! - a common word whose capital only marks the start of a sentence or a
//!   quotation is dropped (`Oltre`, `Brindando`, `However`), as is, where nouns
//!   are capitalised (German), any common word that does not follow a given
//!   name (`Finale Serbien` gives `Serbien`; `Klaus Müller` stays whole);
//! - a phrase the gazetteers know is never cut (`New York`, `West Midlands`).
//!
//! Weekdays, months and other `not_names.txt` words never belong to a run;
//! a demonym may continue one (`Borsa Italiana`) but only starts one when the
//! name holds an organisation or place word.

use std::collections::HashSet;
use std::ops::Range;

use foldhash::fast::FixedState;

use super::cues::{self, Cue};
use super::lexicon::{self, Lexicon, WordBits};
use super::memo::{Memo, Question};
use super::units::{UnitKind, Units};
use crate::enrich::affix;
use crate::enrich::gazetteer::{self, own_names_first, Gazetteer, Kind};
use crate::enrich::output::EntityKind;

/// A candidate name: a run of units and the cue before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Unit indices.
    pub units: Range<usize>,
    /// What the words before it say.
    pub cue: Cue,
    /// The type a lowercase head taken into the name gives (`ponte Morandi`).
    pub head: Option<EntityKind>,
    /// One word that the text also writes inside a longer name
    /// (`Colombini` after `Marta Colombini`): a name even if it is a common
    /// word.
    pub name_part: bool,
}

/// The most words of a known phrase a run is stretched to (`Alto
/// Comisionado de las Naciones Unidas para los Refugiados` has nine).
const MAX_KNOWN_WORDS: usize = 12;

/// The most units from a name's start to an acronym in brackets that spells
/// it (`Fédération des associations étudiantes du campus de l'Université de
/// Montréal (FAÉCUM)` has fourteen).
const ACRONYM_SPAN: usize = 16;

/// The most capitalised words of a run that no organisation or place word
/// and no known phrase hold together (`Maria del Carmen García López de la
/// Fuente` has five).
const MAX_UNKNOWN_WORDS: usize = 6;

/// The longest acronym in brackets [`Ctx::acronym_end`] reads (`Intecmar`).
const BRACKET_ACRONYM_LETTERS: usize = 10;

/// The shortest noun a lone organisation word takes after its particle
/// with nothing else to show the name goes on.
const LONE_HEAD_NOUN: usize = 5;

/// The longest acronym [`Ctx::lowercase_expansion`] reads.
const ACRONYM_LETTERS: usize = 6;

struct Ctx<'a> {
    units: &'a Units,
    lex: &'a Lexicon,
    gaz: &'a Gazetteer,
    /// Folded surnames: words the field writes capitalised right after a
    /// given name or a title and a name, away from a sentence start.
    name_words: HashSet<&'a str, FixedState>,
    memo: &'a Memo,
}

/// The surnames the field writes after a given name (`Colombini` in `Marta
/// Colombini`) or after a title and a first name (`Baker` in `analyst Rob
/// Baker`): such a word opening a sentence is still that name (`Colombini ha
/// vinto`), even when it is also a common word.
fn name_words<'a>(units: &'a Units, lex: &Lexicon, memo: &Memo) -> HashSet<&'a str, FixedState> {
    let u = &units.units;
    let mut out = HashSet::default();
    for k in 1..u.len() {
        if u[k].is_capitalised()
            && !u[k].weak
            && !u[k].upper
            && u[k - 1].is_capitalised()
            && u[k - 1].sentence == u[k].sentence
            && (memo.word(units, lex, k - 1).is(WordBits::GIVEN_NAME)
                || (k >= 2
                    && u[k - 2].is_word()
                    && lex.is_title_word_with(units.fold(k - 2), memo.word(units, lex, k - 2))))
        {
            out.insert(units.fold(k));
        }
    }
    out
}

impl Ctx<'_> {
    fn fold(&self, i: usize) -> &str {
        self.units.fold(i)
    }

    fn common(&self, i: usize) -> bool {
        self.memo.common(self.units, self.lex, self.gaz, i)
    }

    /// What unit `i` is in the lists.
    #[inline]
    fn word(&self, i: usize) -> WordBits {
        self.memo.word(self.units, self.lex, i)
    }

    /// True when unit `i` has every bit of `bits` (see [`WordBits`]).
    #[inline]
    fn is(&self, i: usize, bits: u32) -> bool {
        self.word(i).is(bits)
    }

    fn given(&self, i: usize) -> bool {
        self.is(i, WordBits::GIVEN_NAME)
    }

    /// A capitalised word that may be part of a name: no weekday or month,
    /// unless a name and a particle come before it (`Instituto Português do
    /// Mar`, where `Mar` is also March; `Plaza de Mayo`).
    fn capitalised(&self, i: usize) -> bool {
        // Most units are not: no need to remember that.
        self.units.units[i].is_capitalised()
            && self
                .memo
                .answer(i, Question::Capitalised, || self.capitalised_uncached(i))
    }

    fn capitalised_uncached(&self, i: usize) -> bool {
        let u = &self.units.units;
        u[i].is_capitalised()
            && (!self.is(i, WordBits::NOT_NAME)
                || (i >= 2
                    && matches!(u[i - 1].kind, UnitKind::Word | UnitKind::Elision)
                    && !u[i - 1].cap
                    && self.particle(i - 1)
                    // (`European League am Donnerstag`: a date.)
                    && !(self.lex.nouns_capitalised
                        && self.is(i - 1, WordBits::PLACE_PREPOSITION))
                    && u[i - 2].is_capitalised()
                    && !self.is(i - 2, WordBits::NOT_NAME)
                    && !(self.lex.nouns_capitalised && self.common(i - 2)))
                // `avenida de Mayo`: after a landmark's lowercase class noun.
                || (i >= 2
                    && !u[i - 1].cap
                    && self.particle(i - 1)
                    && u[i - 2].is_word()
                    && !u[i - 2].cap
                    && self.lex.landmarks.is_class_noun(self.fold(i - 2)))
                // A short one after a rare name, no date, is a syllable of
                // the name (`Nguyen Thi Thu Ha`, where `Thu` is Thursday;
                // not `Im Mai`, `Paris June 5`).
                || (i >= 1
                    && u[i - 1].is_capitalised()
                    && !self.is(i - 1, WordBits::NOT_NAME)
                    && !self.common(i - 1)
                    && (3..=4).contains(&self.fold(i).chars().count())
                    && u.get(i + 1).is_none_or(|n| n.kind != UnitKind::Number))
                || self.given_before_surname(i))
    }

    /// A given name that is also a month (`Jan`, `Julio`, `Marco`) right
    /// before a rare capitalised word, no number before it: a person's
    /// first name (`Jan Hörl`, not `5. Jan Sales`).
    fn given_before_surname(&self, i: usize) -> bool {
        let u = &self.units.units;
        self.given(i)
            && !u[i].upper
            && u.get(i + 1).is_some_and(|n| n.is_capitalised() && !n.upper)
            && u[i.saturating_sub(2)..i]
                .iter()
                .all(|p| p.kind != UnitKind::Number)
            && !self.is(i + 1, WordBits::NOT_NAME)
            && !self.common(i + 1)
    }

    /// May unit `i` continue a run whose previous unit is `i - 1`?
    fn continues(&self, i: usize) -> bool {
        if !self.capitalised(i) {
            return false;
        }
        // Where nouns are capitalised, a common noun ends the run unless it
        // follows a given name, says what the name is, or makes a known name,
        // or is a known place after a type word (`Landgericht Schweinfurt`).
        !self.lex.nouns_capitalised
            || !self.common(i)
            || self.given(i - 1)
            || self.name_adjective(i - 1)
            || self.type_word_ahead(i)
            || self.known_from(i - 1, i + 1)
            || self.place_after_type_word(i)
    }

    /// True when unit `i` is a known place and the unit before it an
    /// organisation or place word.
    fn place_after_type_word(&self, i: usize) -> bool {
        self.units.units[i - 1].is_word()
            && self.has_type_word(i - 1..i)
            && self.known_place(i, i + 1)
    }

    /// Where nouns are capitalised, unit `k` is an inflected adjective
    /// written with a capital in mid-sentence (`der Chemischen Industrie`,
    /// `des Roten Kreuzes`): it is part of a name, and so is the noun after
    /// it.
    fn name_adjective(&self, k: usize) -> bool {
        let u = &self.units.units[k];
        u.is_capitalised()
            && !u.weak
            && !u.upper
            && self.lex.common.contains(self.fold(k))
            && self
                .lex
                .adjective_endings
                .iter()
                .any(|(ending, _)| affix::ends_with(self.fold(k), ending))
    }

    /// The most units a known phrase starting at unit `i` may span (each
    /// unit folds to one word or more), at most [`MAX_KNOWN_WORDS`].
    fn max_known_len(&self, i: usize) -> usize {
        self.memo.known_len(i, || {
            let first = lexicon::first_word(self.fold(i));
            self.gaz.words_from(first).min(MAX_KNOWN_WORDS)
        })
    }

    /// True when a known phrase covers units `b..e` exactly.
    fn known_from(&self, b: usize, e: usize) -> bool {
        e <= self.units.len()
            && !self
                .gaz
                .lookup_folded(self.units.fold_range(b..e))
                .is_empty()
    }

    #[inline]
    fn particle(&self, i: usize) -> bool {
        let u = &self.units.units[i];
        matches!(u.kind, UnitKind::Word | UnitKind::Elision)
            && !u.cap
            && self.is(i, WordBits::PARTICLE)
    }

    /// True when unit `k` is a lone article or particle, the whole run
    /// `k..j`: a word that only lives inside names (`Le` of `Yannick Le
    /// Bihan`) is no name alone (`Le conseil a voté`).
    fn lone_particle(&self, k: usize, j: usize) -> bool {
        k + 1 == j && (self.is(k, WordBits::ARTICLE) || self.is(k, WordBits::PARTICLE))
    }

    fn same_sentence(&self, a: usize, b: usize) -> bool {
        self.units.units[a].sentence == self.units.units[b].sentence
    }

    /// The end of the run that starts at unit `i`, stretched to cover a
    /// known name that starts there and holds lowercase words
    /// (`Commissione europea`, `Consiglio di sicurezza`).
    fn run_end(&self, i: usize) -> usize {
        let mut j = self.shape_end(i, i + 1);
        // A known name may start at any unit of the run (`En Castilla y
        // León`, where the run opens with a weak `En`).
        for b in i..j {
            let e = self.known_end(b, j);
            if e > j {
                j = e;
                break;
            }
        }
        j
    }

    /// The end of the longest known phrase that starts at unit `b` and ends
    /// past `j`, holding only words, each lowercase word as listed (`Commissione
    /// europea`) or with a strong capital in it; `j` when there is none.
    fn known_end(&self, b: usize, j: usize) -> usize {
        let max = self.max_known_len(b);
        let n = self.units.len();
        for len in (j - b + 1..=max).rev() {
            let e = b + len;
            if e <= n
                && self.same_sentence(b, e - 1)
                && self.units.units[b..e]
                    .iter()
                    .all(|u| u.kind != UnitKind::Punct)
                && self.known_from(b, e)
                && (self.lowercase_as_listed(b..e) || self.strong_capital(b..e))
            {
                return e;
            }
        }
        j
    }

    /// True when units `r` hold a capitalised word that is no particle and
    /// does not open a sentence: real evidence of a name.
    fn strong_capital(&self, r: Range<usize>) -> bool {
        r.into_iter().any(|k| {
            let u = &self.units.units[k];
            u.is_capitalised() && !u.weak && !self.is(k, WordBits::PARTICLE)
        })
    }

    /// True when every lowercase word of units `r` is lowercase in some
    /// listed spelling of the name they make (`Commissione europea`), so
    /// that `Le maire` (the title) does not become `Le Maire` (the person).
    fn lowercase_as_listed(&self, r: Range<usize>) -> bool {
        let u = &self.units.units;
        let lower: Vec<usize> = r.clone().filter(|&k| u[k].is_word() && !u[k].cap).collect();
        if lower.is_empty() {
            return true;
        }
        self.gaz
            .lookup_folded(self.units.fold_range(r))
            .iter()
            .any(|c| {
                lower.iter().all(|&k| {
                    c.surface.split([' ', '-']).any(|w| {
                        w.chars().next().is_some_and(|ch| !ch.is_uppercase())
                            && gazetteer::fold(w) == self.fold(k)
                    })
                })
            })
    }

    /// The end of the run of capitalised words that starts at unit `i`,
    /// going on from unit `from` (the run is `i..from` so far).
    fn shape_end(&self, i: usize, from: usize) -> usize {
        let n = self.units.len();
        let u = &self.units.units;
        let mut j = from;
        loop {
            if j < n
                && self.same_sentence(i, j)
                && self.continues(j)
                && !self.after_dotted_legal_form(i, j)
            {
                j += 1;
                continue;
            }
            let mut k = j;
            while k < n && k - j < 3 && self.particle(k) {
                k += 1;
            }
            if k > j
                && k < n
                && self.same_sentence(i, k)
                && self.capitalised(k)
                && !self.legal_form_last(i, j)
                && !self.person_before_org(i, k)
                && !self.person_after_name(i, j, k)
                && !self.place_after_name(i, j, k)
                && !self.surname_after_generic(i, j, k)
                && !self.second_org(i, k)
            {
                j = k + 1;
                continue;
            }
            if let Some(k) = self.conjoined(i, j) {
                j = k + 1;
                continue;
            }
            if self.ampersand(i, j) || self.hyphen_in_org(i, j) {
                j += 2;
                continue;
            }
            if self.suspended_hyphen(i, j) {
                j += 3;
                continue;
            }
            if let Some(k) = self.connected(i, j) {
                j = k + 1;
                continue;
            }
            if let Some(k) = self.adjective_link(i, j) {
                j = k + 1;
                continue;
            }
            if let Some(e) = self.listed(i, j) {
                j = e;
                continue;
            }
            if j < n
                && u[j].kind == UnitKind::Number
                && u[j].end - u[j].start == 1
                && self.same_sentence(i, j)
            {
                return j + 1;
            }
            // `Calif.`, `Ill.`: an abbreviation the gazetteers list with
            // its dot.
            if j < n && j == i + 1 && self.abbreviation(j - 1) {
                return j + 1;
            }
            // `Lumora Systems, Inc.`, `Haneul Robotics Co., Ltd.`: a legal
            // form after a comma.
            if j + 1 < n
                && self.fold(j) == ","
                && u[j + 1].is_capitalised()
                && self.is(j + 1, WordBits::ORG_SUFFIX)
            {
                j += 2;
                continue;
            }
            if j < n
                && self.is(j - 1, WordBits::ORG_SUFFIX)
                && u[j].kind == UnitKind::Punct
                && u[j].start == u[j - 1].end
                && self.fold(j) == "."
            {
                // `Erdenes Oyu Tolgoi LLC.`: a legal form not written with
                // a dot leaves the dot to the sentence.
                if !self.dotted_legal_form(j - 1) {
                    return j;
                }
                j += 1;
                if j + 1 < n
                    && self.fold(j) == ","
                    && u[j + 1].is_capitalised()
                    && self.is(j + 1, WordBits::ORG_SUFFIX)
                {
                    continue;
                }
                // `Backhaus Lindemeyer GmbH & Co. KG`: a second legal form.
                if j < n && u[j].is_capitalised() && self.is(j, WordBits::ORG_SUFFIX) {
                    j += 1;
                    continue;
                }
                return j;
            }
            return j;
        }
    }

    /// True when unit `k`, a legal form, is listed with a dot after it
    /// (`Inc.`, `Co.`), so that a dot right after it belongs to the name.
    fn dotted_legal_form(&self, k: usize) -> bool {
        let mut dotted = String::with_capacity(self.fold(k).len() + 1);
        dotted.push_str(self.fold(k));
        dotted.push('.');
        self.lex.org_suffixes.contains(&dotted)
    }

    /// True when the run `i..j` ends in a legal form after a name
    /// (`Conserve Dauno S.r.l.`): the company's name is complete, so a
    /// particle after it opens no longer name (`S.r.l. di Lucera`).
    fn legal_form_last(&self, i: usize, j: usize) -> bool {
        j > i + 1 && self.is(j - 1, WordBits::ORG_SUFFIX)
    }

    /// True when the run `i..j` ends in a legal form written with its dots
    /// (`Volcan Compañía Minera S.A.A.`) and unit `j` is no second legal
    /// form: the dot also closed the sentence (`S.A.A. La inversión`).
    fn after_dotted_legal_form(&self, i: usize, j: usize) -> bool {
        self.legal_form_last(i, j)
            && self.fold(j - 1).ends_with('.')
            && !self.is(j, WordBits::ORG_SUFFIX)
    }

    /// True when unit `k`, a short capitalised word, and the dot right
    /// after it are listed in the gazetteers (`Calif.`).
    fn abbreviation(&self, k: usize) -> bool {
        let u = &self.units.units;
        if k + 1 >= u.len()
            || !u[k].is_capitalised()
            || u[k].dotted
            || u[k].end - u[k].start > 6
            || u[k + 1].start != u[k].end
            || self.fold(k + 1) != "."
        {
            return false;
        }
        let mut key = String::with_capacity(8);
        key.push_str(self.fold(k));
        key.push('.');
        !self.gaz.lookup_folded(&key).is_empty()
    }

    /// A name that starts with a given name (`Sarah Okonkwo`) does not run
    /// on through particles into an acronym or an organisation (`von der DZ
    /// Bank`): unit `k` is what follows the particles.
    fn person_before_org(&self, i: usize, k: usize) -> bool {
        if self.has_type_word(i..k) {
            return false;
        }
        let u = &self.units.units;
        // `Natal da Praça do Comércio`: a place or organisation word after
        // the particle heads a name of its own.
        let heads_own = self.has_type_word(k..k + 1)
            && k + 2 < u.len()
            && self.particle(k + 1)
            && self.capitalised(k + 2);
        u[k].upper || (self.org_word_ahead(k) && !self.company_through_particle(i, k)) || heads_own
    }

    /// `Torrefação Alto da Serra Ltda.`: a legal form closing the words
    /// from unit `k` on (after particles) makes the run `i..` one company's
    /// name, unless it opens with a given name, holds a common noun where
    /// nouns are capitalised (`Pleite der Donaublick GmbH`), or is a known
    /// place (`Monfalcone di Fincantieri S.p.A.`).
    fn company_through_particle(&self, i: usize, k: usize) -> bool {
        if self.given(i) || !self.legal_form_ahead(k) {
            return false;
        }
        if self.lex.nouns_capitalised && (i..k).any(|m| self.common(m)) {
            return false;
        }
        let u = &self.units.units;
        let e = (i..k)
            .rev()
            .find(|&m| u[m].is_capitalised())
            .map_or(i, |m| m + 1);
        !self.known_place(i, e)
    }

    /// A legal form (`Ltda.`, `GmbH`) among unit `k` and the next
    /// capitalised words of its sentence.
    fn legal_form_ahead(&self, k: usize) -> bool {
        let u = &self.units.units;
        (k..u.len().min(k + 3))
            .take_while(|&m| u[m].is_capitalised() && self.same_sentence(k, m))
            .any(|m| self.is(m, WordBits::ORG_SUFFIX))
    }

    /// `Vero Volley Milano di Paola Egonu`, `Airbus sur X`: a name of two
    /// words or more that opens with no given name does not run on through
    /// particles into a person's full name (a given name, then a capitalised
    /// word) or a lone letter: unit `k` is what follows the particles.
    fn person_after_name(&self, i: usize, j: usize, k: usize) -> bool {
        let u = &self.units.units;
        let letter = u[k].is_word() && self.fold(k).chars().filter(|&c| c != '.').count() == 1;
        // (`el Gobierno de Alfonso Rueda`: one common word before is no
        // name of its own either.)
        let person = (j - i >= 2 || self.common(i))
            && !self.given(i)
            && self.given(k)
            && k + 1 < u.len()
            && self.same_sentence(k, k + 1)
            && self.capitalised(k + 1);
        letter || person
    }

    /// `il Niguarda di Milano`, `la Fiom-Cgil di Torino`: a name that the
    /// capitalised words `i..j` already make, then particles and a known
    /// place ending the run at unit `k`, is that name and where it is. Not
    /// `Politecnico di Torino`, `Câmara Municipal de Lisboa` or `Bank of
    /// England` (an organisation or place word heads the name), `Leonardo da
    /// Vinci` (a given name first), `Atlético de Madrid` (one common word)
    /// or `Università degli Studi di Milano` (a particle earlier).
    fn place_after_name(&self, i: usize, j: usize, k: usize) -> bool {
        let u = &self.units.units;
        // The name is the capitalised words that end the run so far (`Cauta
        // la Filctem-Cgil`, where a weak word and an article came first).
        let run = i;
        let i = (i..j)
            .rev()
            .take_while(|&m| u[m].is_capitalised())
            .last()
            .unwrap_or(j);
        if i == j
            || self.given(i)
            || (i > run
                && (!self.is(i - 1, WordBits::ARTICLE) || (i - 1 > run && self.particle(i - 2))))
            || (j - i == 1 && self.common(i))
        {
            return false;
        }
        // One bare particle and a big city or a country: a place named
        // after a feature or another town holds an article or names a
        // small one (`Villarrubia del Monte`, `Desenzano del Garda`).
        let n = u.len();
        if k != j + 1 {
            return false;
        }
        // `la Filctem-Cgil di Fermo`, `Regio IX di Pompei`: a name shaped
        // as an organisation's (an acronym, a known organisation's part)
        // is followed by any town the gazetteers know.
        // (An acronym that is itself a type word heads the name: `IUT de
        // Saint-Nazaire`, `CHU de Rennes`.)
        let org_shaped = (i..j).any(|m| {
            let x = &u[m];
            (x.upper || x.inner_cap || self.org_part(m)) && !self.has_type_word(m..m + 1)
        });
        // `Istituto Alfred Wegener di Bremerhaven`, `Fondazione Giorgio Cini
        // di Venezia`: an organisation word and a person's full name after
        // it make the name; the town after them is where it is.
        // (Not `Université Mohammed V de Rabat`: a numeral is no surname.)
        // (`La Fondazione …` opening a sentence: the article aside.)
        let h = self.past_article(i);
        let named_after_person = j >= h + 3
            && self.has_org_word(h..h + 1)
            && self.given(h + 1)
            && !u[j - 1].upper
            && self.fold(j - 1).chars().count() >= 3
            && (h + 1..j).all(|m| u[m].is_capitalised() && !self.has_type_word(m..m + 1));
        if self.has_type_word(i..j) && !org_shaped && !named_after_person {
            return false;
        }
        let max = self.max_known_len(k);
        let place_end = (1..=max).rev().map(|len| k + len).find(|&e| {
            e <= n
                && u[k..e].iter().all(|x| x.is_capitalised())
                && self
                    .gaz
                    .lookup_folded(self.units.fold_range(k..e))
                    .iter()
                    .any(|c| match c.kind {
                        Kind::Country => true,
                        Kind::City => c.population >= 100_000 || org_shaped,
                        _ => false,
                    })
        });
        // The place ends the run, and the whole is no known name.
        place_end.is_some_and(|e| {
            let run_goes_on = e < n && self.same_sentence(i, e) && self.capitalised(e);
            !run_goes_on && !self.known_from(i, e)
        })
    }

    /// `Comitato dei ministri del Consiglio d'Europa`, `Unidad de
    /// Tecnología Marina del CSIC`: a word naming a part of a body heading
    /// the name at unit `i` (`sub_bodies.txt`), particles, and at unit `k`
    /// a second body (an organisation word with a name of its own after it,
    /// or an acronym that is no known place) are two organisations, the
    /// first part of the second.
    fn second_org(&self, i: usize, k: usize) -> bool {
        let u = &self.units.units;
        // (`La Unidad …` opening a sentence: the article aside.)
        let i = self.past_article(i);
        if k <= i + 1 || !self.lex.sub_bodies.contains(self.fold(i)) || !u[k].is_capitalised() {
            return false;
        }
        if u[k].upper {
            return !self.known_place(k, k + 1);
        }
        if !self.is(k, WordBits::ORG_WORD) || self.known_from(i, k + 1) {
            return false;
        }
        let n = u.len();
        let mut m = k + 1;
        while m < n && m - k < 3 && (self.particle(m) || u[m].kind == UnitKind::Elision) {
            m += 1;
        }
        m < n
            && self.same_sentence(k, m)
            && self.capitalised(m)
            && (!self.common(m) || self.is(m, WordBits::DEMONYM))
            && !self.given(m)
    }

    /// `el Gobierno de Milei`: one common word, particles and a surname the
    /// text writes after a given name elsewhere (`Javier Milei`) are the
    /// person's, not one name.
    fn surname_after_generic(&self, i: usize, j: usize, k: usize) -> bool {
        let u = &self.units.units;
        // (`El Gobierno de Milei` opening a sentence: the article aside.)
        let g = j - 1;
        (g == i || (g == i + 1 && u[i].weak && self.is(i, WordBits::ARTICLE)))
            && self.common(g)
            && !self.given(g)
            && !(k + 1 < u.len() && self.same_sentence(k, k + 1) && self.capitalised(k + 1))
            && (self.name_words.contains(self.fold(k)) || self.known_surname(k))
    }

    /// True when unit `k` is how the gazetteers write a public figure's
    /// surname alone (`Milei` of `Javier Milei`).
    fn known_surname(&self, k: usize) -> bool {
        self.lookup_word(k)
            .iter()
            .any(|e| e.kind == Kind::Person && !e.is_own_name())
    }

    /// True when the run `i..j` holds an organisation word or legal form.
    fn has_org_word(&self, r: Range<usize>) -> bool {
        r.into_iter().any(|k| {
            self.memo.answer(k, Question::OrgWord, || {
                let f = self.fold(k);
                self.lex.is_org_word_with(f, self.word(k)) || self.lex.last_part_is_org_word(f)
            })
        })
    }

    /// Unit `i`, or the unit after it when `i` is an article (a name
    /// opening a sentence: `La Fondazione …`).
    fn past_article(&self, i: usize) -> usize {
        if self.is(i, WordBits::ARTICLE) {
            i + 1
        } else {
            i
        }
    }

    /// `El Banco de México`, `La Unión Industrial Argentina`: an article
    /// opening a sentence at unit `k` before an organisation word is no
    /// part of the name, even where the two make a town's name (`El Banco`,
    /// `La Unión`); an organisation the gazetteers list with its article
    /// keeps it.
    fn article_before_org_word(&self, k: usize, j: usize) -> bool {
        let u = &self.units.units[k];
        if !(u.weak
            && !u.upper
            && k + 1 < j
            && self.is(k, WordBits::ARTICLE)
            && self.has_org_word(k + 1..k + 2)
            && !self.name_words.contains(self.fold(k)))
        {
            return false;
        }
        let known = self.known_at(k, j);
        known == 0
            || !self
                .gaz
                .lookup_folded(self.units.fold_range(k..k + known))
                .iter()
                .any(|e| e.kind == Kind::Organization)
    }

    /// True when unit `k` is a conjunction written in lowercase (`und` of
    /// `für Arbeit und Soziales`, a portfolio the run was joined through).
    fn lowercase_conjunction(&self, k: usize) -> bool {
        let u = &self.units.units[k];
        u.is_word() && !u.cap && self.is(k, WordBits::CONJUNCTION)
    }

    /// True for an article, particle or elision that may stand between the
    /// parts of an organisation's name (`a` in `contra a Fome`).
    fn filler(&self, k: usize) -> bool {
        let u = &self.units.units[k];
        self.particle(k)
            || (matches!(u.kind, UnitKind::Word | UnitKind::Elision)
                && !u.cap
                && self.is(k, WordBits::ARTICLE))
    }

    /// A connector at unit `j` that joins two parts of an organisation's
    /// name (`Aliança Global contra a Fome`, `Office for National
    /// Statistics`): the capitalised unit after it and its fillers.
    fn connected(&self, i: usize, j: usize) -> Option<usize> {
        let u = &self.units.units;
        let n = u.len();
        if j >= n
            || !u[j].is_word()
            || u[j].cap
            || !self.is(j, WordBits::ORG_CONNECTOR)
            || !self.has_org_word(i..j)
        {
            return None;
        }
        let mut k = j + 1;
        while k < n && k - j < 3 && self.filler(k) {
            k += 1;
        }
        (k < n && self.same_sentence(i, k) && self.capitalised(k) && !self.given(k)).then_some(k)
    }

    /// Where nouns are capitalised, a lowercase common word with an
    /// inflected adjective's ending (`nuklearen`, `evolutionäre`).
    fn inflected_adjective(&self, k: usize) -> bool {
        let u = &self.units.units[k];
        self.lex.nouns_capitalised
            && u.is_word()
            && !u.cap
            && self.fold(k).len() >= 5
            && self.lex.common.contains(self.fold(k))
            && self.lex.adjective_endings.iter().any(|(ending, listed)| {
                affix::ends_with(self.fold(k), ending) || affix::ends_with(self.fold(k), listed)
            })
    }

    /// `Max-Planck-Institut für evolutionäre Anthropologie`, `Bundesamt für
    /// die Sicherheit der nuklearen Entsorgung`: where nouns are capitalised,
    /// particles or a connector at unit `j`, one or two lowercase inflected
    /// adjectives and a capitalised noun go on an organisation's name.
    /// Returns the noun's unit.
    fn adjective_link(&self, i: usize, j: usize) -> Option<usize> {
        let u = &self.units.units;
        let n = u.len();
        if !self.lex.nouns_capitalised || j >= n || u[j].cap || !u[j].is_word() {
            return None;
        }
        let mut k = j;
        // (Not a place's preposition: `Feuerwehr am frühen Morgen`.)
        while k < n
            && k - j < 3
            && (self.filler(k) || self.is(k, WordBits::ORG_CONNECTOR))
            && !self.is(k, WordBits::PLACE_PREPOSITION)
        {
            k += 1;
        }
        if k == j {
            return None;
        }
        let mut m = k;
        while m < n && m - k < 2 && self.inflected_adjective(m) {
            m += 1;
        }
        (m > k
            && m < n
            && self.same_sentence(i, m)
            && self.capitalised(m)
            && !self.given(m)
            && self.has_org_word(i..j))
        .then_some(m)
    }

    /// A list after an organisation's name and a particle (`Administração
    /// dos Portos do Douro, Leixões e Viana do Castelo`): capitalised names
    /// separated by commas and closed by a conjunction and one more name.
    /// Returns the end of the last name.
    fn listed(&self, i: usize, j: usize) -> Option<usize> {
        let u = &self.units.units;
        let n = u.len();
        if j >= n || self.fold(j) != "," || j < i + 3 || !self.particle(j - 2) {
            return None;
        }
        if !self.has_org_word(i..j) {
            return None;
        }
        // One name: a capitalised unit and `particle + capitalised` after it.
        let name = |mut k: usize| -> Option<usize> {
            if k >= n || !self.same_sentence(i, k) || !self.capitalised(k) || self.given(k) {
                return None;
            }
            k += 1;
            loop {
                let mut m = k;
                while m < n && m - k < 2 && self.particle(m) {
                    m += 1;
                }
                if m > k && m < n && self.capitalised(m) && self.same_sentence(i, m) {
                    k = m + 1;
                } else if k < n && self.capitalised(k) && self.same_sentence(i, k) {
                    k += 1;
                } else {
                    return Some(k);
                }
            }
        };
        let mut k = j;
        for _ in 0..4 {
            let e = name(k + 1)?;
            if e >= n {
                return None;
            }
            if self.fold(e) == "," {
                k = e;
                continue;
            }
            if u[e].is_word() && self.is(e, WordBits::CONJUNCTION) {
                let mut m = e + 1;
                while m < n && m - e < 3 && self.filler(m) {
                    m += 1;
                }
                return name(m);
            }
            return None;
        }
        None
    }

    /// A conjunction at unit `j` that joins two parts of an organisation's
    /// name (`National Security and Defense Council`, `Gabinete de Prevenção
    /// e Investigação de Acidentes`): the capitalised unit after it (and its
    /// particles). It joins when an organisation word follows, or when the
    /// run `i..j` holds one and ends in a portfolio (`of Trade and Industry`),
    /// never before a given name (`l'Università di Pavia e Marco Rossi`).
    fn conjoined(&self, i: usize, j: usize) -> Option<usize> {
        let u = &self.units.units;
        let n = u.len();
        if j >= n || !self.is(j, WordBits::CONJUNCTION) {
            return None;
        }
        let mut k = j + 1;
        while k < n && k - j < 3 && self.filler(k) {
            k += 1;
        }
        if k >= n || !self.same_sentence(i, k) || !self.capitalised(k) || self.given(k) {
            return None;
        }
        // The portfolio is one or two words after a particle, and a common
        // noun follows (`de Salud Pública y Bienestar Social`; not `Banco
        // de España y Telefónica`).
        // (`Staatsministerium für Infrastruktur und Landesentwicklung`: after
        // a connector too; `ministère de l'Économie et des Finances`: after a
        // lowercase organisation head.)
        let before_portfolio = |m: usize| {
            self.filler(m)
                || u[m].kind == UnitKind::Elision
                || (u[m].is_word() && !u[m].cap && self.is(m, WordBits::ORG_CONNECTOR))
        };
        let headed = || self.lowercase_head(i).1 == Some(EntityKind::Organization);
        let portfolio = self.common(k)
            && ((j >= i + 2 && before_portfolio(j - 2) || (j >= i + 3 && self.filler(j - 3)))
                && self.has_org_word(i..j)
                || (j == i + 1 && headed()));
        // An organisation word after the conjunction and an article starts
        // another name (`la Confederación del Duero y la Junta`, `y la Real
        // Academia Española`), as does anything after a name that ends in
        // its organisation word (`Siemens Mobility e Hitachi Rail`).
        // So does any name after the conjunction and an article (`la
        // Fondation du Japon et le Tokyo Photographic Art Museum`): a
        // portfolio goes on with a particle (`et des Affaires étrangères`).
        // (`contra a Fome e a Pobreza` repeats the article of the portfolio).
        let article =
            self.is(j + 1, WordBits::ARTICLE) && !(j >= i + 2 && self.is(j - 2, WordBits::ARTICLE));
        let fresh = k > j + 1 && (self.org_word_ahead(k) || article);
        // (`Adani Ports and Special Economic Zone Ltd`: a legal form closing
        // the words after the conjunction makes one company of both sides.)
        let closed = || {
            !self.is(j - 1, WordBits::ORG_SUFFIX)
                && (k + 1..n.min(k + 5))
                    .take_while(|&m| u[m].is_capitalised() && self.same_sentence(k, m))
                    .any(|m| self.is(m, WordBits::ORG_SUFFIX))
        };
        let complete = self.has_org_word(j - 1..j) && j - 1 > i && !closed();
        // `la famiglia Cruciani e Mizuho Securities`: a surname the text
        // writes after a given name starts no organisation's name.
        let surname = j == i + 1 && self.name_words.contains(self.fold(i));
        if surname {
            return None;
        }
        // (`OHB Italia e Thales Alenia Space`: a proper name after the
        // conjunction opens a name of its own.)
        let common_ahead = self.common(k) && self.org_word_ahead(k + 1);
        (!complete && !fresh && (portfolio || common_ahead)).then_some(k)
    }

    /// True when unit `k` is a compound of a common word and an organisation
    /// word (`Energiekonzern`, `Nachrichtenagentur`): a description, where
    /// `Raiffeisenlandesbank` (a name first) is a name.
    fn descriptor_compound(&self, k: usize) -> bool {
        let f = self.fold(k);
        f.char_indices().skip(3).any(|(at, _)| {
            let (head, tail) = f.split_at(at);
            tail.len() >= 4
                && self.lex.org_words.contains(tail)
                && (self.lex.common.contains(head)
                    || head
                        .strip_suffix('s')
                        .is_some_and(|h| self.lex.common.contains(h)))
        })
    }

    /// Where nouns are capitalised, `an der Messstelle Konkordiaplatz`: a
    /// compound common noun (no adjective, no type word itself) before one
    /// word that is a name by its own type-word ending describes it.
    fn descriptor_before_compound(&self, k: usize, j: usize) -> bool {
        j == k + 2
            && self.lex.nouns_capitalised
            && (!self.lex.common.contains(self.fold(k)) || self.lex.common_compound(self.fold(k)))
            && !self.has_type_word(k..k + 1)
            && !self.is(k, WordBits::DEMONYM)
            && self.has_type_word(k + 1..j)
            && !self
                .word(k + 1)
                .any(WordBits::ORG_WORD | WordBits::PLACE_WORD | WordBits::ORG_SUFFIX)
    }

    /// Where nouns are capitalised, `im freien Skiraum am Arlberg`: a common
    /// noun at unit `k` that is no type word, before a place's preposition
    /// and a name, says where, and is no part of the name.
    fn before_place_preposition(&self, k: usize, j: usize) -> bool {
        k + 2 < j
            && self.is(k + 1, WordBits::PLACE_PREPOSITION)
            && !self.units.units[k + 1].cap
            && !self.has_type_word(k..k + 1)
    }

    /// Where nouns are capitalised, `Abbruch des Birchgletschers`: a common
    /// noun, a particle, and type words that are only landmark compounds,
    /// whole names that say nothing of the noun before them.
    fn landmark_after(&self, k: usize, j: usize) -> bool {
        let u = &self.units.units;
        k + 2 < j
            && u[k + 1].is_word()
            && !u[k + 1].cap
            && self.particle(k + 1)
            && !self.has_type_word(k..k + 1)
            && (k + 2..j).all(|m| {
                !self.has_type_word(m..m + 1)
                    || self
                        .lex
                        .landmarks
                        .compound_verdict(self.fold(m), |w| self.lex.common.contains(w))
                        == Some(true)
            })
    }

    /// `Hanbit Investment & Securities`, `Marks & Spencer`: an ampersand at
    /// unit `j` between capitalised words joins them into one name.
    fn ampersand(&self, i: usize, j: usize) -> bool {
        let u = &self.units.units;
        j + 1 < u.len()
            && u[j].kind == UnitKind::Punct
            && self.fold(j) == "&"
            && self.same_sentence(i, j + 1)
            && self.capitalised(j + 1)
    }

    /// True when unit `k` is a hyphen (punctuation the units fold to nothing).
    fn is_hyphen(&self, k: usize) -> bool {
        let u = &self.units.units[k];
        u.kind == UnitKind::Punct && u.folded.is_empty()
    }

    /// `Raiffeisenlandesbank Niederösterreich-Wien AG`: a hyphen at unit
    /// `j`, touching the capitalised words on both sides (two places the
    /// units keep apart), inside a run that holds an organisation word.
    fn hyphen_in_org(&self, i: usize, j: usize) -> bool {
        let u = &self.units.units;
        j > i
            && j + 1 < u.len()
            && self.is_hyphen(j)
            && u[j - 1].end == u[j].start
            && u[j].end == u[j + 1].start
            && u[j - 1].is_capitalised()
            && self.capitalised(j + 1)
            && self.has_org_word(i..j)
    }

    /// True when unit `k` is joined to a neighbour by a hyphen the units
    /// keep apart (`Niederösterreich-Wien`) or shares its end with a word
    /// cut short before it (`Schnee- und Lawinenforschung`).
    fn hyphen_linked(&self, k: usize) -> bool {
        let u = &self.units.units;
        (k >= 1 && self.is_hyphen(k - 1) && u[k - 1].end == u[k].start)
            || (k + 1 < u.len() && self.is_hyphen(k + 1) && u[k].end == u[k + 1].start)
            || (k >= 2 && self.is_hyphen(k - 2) && self.is(k - 1, WordBits::CONJUNCTION))
    }

    /// `WSL-Institut für Schnee- und Lawinenforschung`, `Industrie- und
    /// Handelskammer`: a word cut short by a hyphen at unit `j`, a
    /// conjunction and the capitalised word it shares its end with, inside
    /// an organisation's name.
    fn suspended_hyphen(&self, i: usize, j: usize) -> bool {
        let u = &self.units.units;
        j > i
            && j + 2 < u.len()
            && self.is_hyphen(j)
            && u[j - 1].end == u[j].start
            && u[j].end < u[j + 1].start
            && u[j + 1].is_word()
            && !u[j + 1].cap
            && self.is(j + 1, WordBits::CONJUNCTION)
            && self.same_sentence(i, j + 2)
            && self.capitalised(j + 2)
            && self.has_org_word(i..j + 3)
    }

    /// An organisation word or legal form at unit `i` or among the next
    /// capitalised words of its sentence.
    fn org_word_ahead(&self, i: usize) -> bool {
        let u = &self.units.units;
        (i..u.len().min(i + 3))
            .take_while(|&k| u[k].is_capitalised() && self.same_sentence(i, k))
            .any(|k| self.has_org_word(k..k + 1))
    }

    /// Longest title phrase that starts at `k` (it may run on over
    /// lowercase words past the run: `Premier ministre`); 0 when the word
    /// after it makes it part of a name (`General Assembly`).
    fn title_at(&self, k: usize, j: usize) -> usize {
        let n = self.units.len();
        // Every phrase starting at `k` starts with unit `k`'s first word.
        let starts = self.is(k, WordBits::TITLE_START);
        let max = if starts {
            self.lex.titles.max_words().min(n - k)
        } else {
            0
        };
        let mut len = (1..=max)
            .rev()
            .find(|&len| {
                self.units.units[k..k + len].iter().all(|u| u.is_word())
                    && if len == 1 {
                        self.is(k, WordBits::TITLE)
                    } else {
                        self.lex.titles.contains(self.units.fold_range(k..k + len))
                    }
            })
            .unwrap_or(0);
        let title_word = if starts {
            self.lex.is_title_word_with(self.fold(k), self.word(k))
        } else {
            self.lex.has_title_suffix(self.fold(k))
        };
        if len == 0 && title_word {
            len = 1;
        }
        if len > 0
            && k + len < j
            && self
                .word(k + len)
                .any(WordBits::ORG_WORD | WordBits::PLACE_WORD)
        {
            return 0;
        }
        len
    }

    /// Longest known phrase of two or more units that starts at `k` and
    /// ends by `j`.
    fn known_at(&self, k: usize, j: usize) -> usize {
        let max = self.max_known_len(k).min(j - k);
        (2..=max)
            .rev()
            .find(|&len| self.known_from(k, k + len))
            .unwrap_or(0)
    }

    /// A title that starts before unit `i` (within its sentence) and ends
    /// inside the run `i..j`: returns where it ends.
    fn title_into(&self, i: usize, j: usize) -> Option<usize> {
        let max = self.lex.titles.max_words();
        for e in (i + 1..=j.min(i + max)).rev() {
            // A title ends with a word that ends one and starts with one
            // that starts one: one remembered probe each rules most out.
            if !self.is(e - 1, WordBits::TITLE_END) {
                continue;
            }
            for b in e.saturating_sub(max)..i {
                if !self.is(b, WordBits::TITLE_START) {
                    continue;
                }
                let lowercase_lead = self.units.units[b..i]
                    .iter()
                    .all(|u| matches!(u.kind, UnitKind::Word | UnitKind::Elision))
                    && self.same_sentence(b, i);
                if lowercase_lead && self.lex.titles.contains(self.units.fold_range(b..e)) {
                    return Some(e);
                }
            }
        }
        None
    }

    /// A word the gazetteers know well enough to trust even where its
    /// capital is weak (`Mosca` opening a sentence): a country, region or
    /// city of a million, or an organisation or person by its own name.
    fn trusted_alone(&self, k: usize) -> bool {
        self.lookup_word(k).iter().any(|e| {
            if e.kind.is_place() {
                e.is_major_place(1_000_000)
            } else {
                e.is_own_name()
            }
        })
    }

    /// An acronym, a word with digits or inner capitals, or a word the
    /// gazetteers know as an organisation.
    fn org_like(&self, k: usize) -> bool {
        let u = &self.units.units[k];
        let text = &self.units.folded[u.folded.clone()];
        u.upper
            || u.inner_cap
            || text.chars().any(|c| c.is_ascii_digit())
            || own_names_first(self.gaz.lookup_folded(text))
                .next()
                .is_some_and(|e| e.kind == Kind::Organization)
    }

    /// Where the first piece of the run `s..j` ends, and whether it is no
    /// name at all. A run with no organisation or place word and no known
    /// phrase is cut where a given name opens a new person's name after a
    /// given name and a surname (`Mario Rossi Anna Bianchi`); a piece of
    /// more than [`MAX_UNKNOWN_WORDS`] capitalised words that nothing known
    /// holds together is no name (a title-case line, `Rossi Rossi Rossi …`)
    /// and ends where something known or a new person starts.
    fn piece_end(&self, s: usize, j: usize) -> (usize, bool) {
        if j - s <= 3 {
            return (j, false);
        }
        let u = &self.units.units;
        let mut words = 0;
        let mut seen_given = false;
        let mut k = s;
        while k < j {
            let known = self.known_at(k, j);
            if self.has_type_word(k..k + 1) || (known > 0 && words > MAX_UNKNOWN_WORDS) {
                return if words > MAX_UNKNOWN_WORDS {
                    (k, true)
                } else {
                    (j, false)
                };
            }
            if !u[k].is_capitalised() {
                k += 1;
                continue;
            }
            // A given name after a surname that follows a given name, or
            // that opens a known name (`Kelvane Strudd Mario Draghi`); not
            // one that is also a name's particle (`Mohamed Salah Ben
            // Romdhane`).
            let given = self.given(k);
            let new_person = (seen_given || known > 0)
                && given
                && !self.is(k, WordBits::PARTICLE)
                && k > s
                && k + 1 < j
                && u[k + 1].is_capitalised()
                && u[k - 1].is_capitalised()
                && !self.given(k - 1);
            if new_person {
                return (k, words > MAX_UNKNOWN_WORDS);
            }
            seen_given |= given;
            // A known phrase is one name (`Emmanuel Macron`): its words
            // count for nothing unknown.
            if known > 0 {
                k += known;
            } else {
                words += 1;
                k += 1;
            }
        }
        (j, words > MAX_UNKNOWN_WORDS)
    }

    /// True when unit `k` is hyphenated and its last part is a known
    /// organisation (`Filctem-Cgil`).
    fn org_part(&self, k: usize) -> bool {
        let f = self.fold(k);
        f.rfind(' ').is_some_and(|at| {
            own_names_first(self.gaz.lookup_folded(&f[at + 1..]))
                .next()
                .is_some_and(|e| e.kind == Kind::Organization)
        })
    }

    /// True when unit `k` is a country, continent, translated region or a
    /// city of 100,000 (`Deutschland`, `Bayern`; not the town `Ende`).
    fn major_place(&self, k: usize) -> bool {
        self.lookup_word(k).iter().any(|e| match e.kind {
            Kind::Region => !e.is_own_name(),
            _ => e.is_major_place(100_000),
        })
    }

    /// Where nouns are capitalised, `wohnt in Zug`, `nach Rosenheim`: a
    /// common word alone in its run `k..j` that the gazetteers list as a
    /// city, right after a preposition that takes an article written
    /// without one, is the city (`im Zug` is the train).
    fn town_after_bare_preposition(&self, k: usize, j: usize) -> bool {
        let u = &self.units.units;
        j == k + 1
            && k > 0
            && u[k - 1].is_word()
            && !u[k - 1].cap
            && self.is(k - 1, WordBits::PLACE_PREPOSITION)
            && self.lex.article_prepositions.contains(self.fold(k - 1))
            && self.lookup_word(k).iter().any(|e| e.kind == Kind::City)
    }

    /// True when units `b..e` are a known place.
    fn known_place(&self, b: usize, e: usize) -> bool {
        self.gaz
            .lookup_folded(self.units.fold_range(b..e))
            .iter()
            .any(|e| e.kind.is_place())
    }

    fn has_type_word(&self, r: Range<usize>) -> bool {
        r.into_iter().any(|k| {
            self.memo.answer(k, Question::TypeWord, || {
                let f = self.fold(k);
                let w = self.word(k);
                // `Presse-Agentur`: a hyphenated word by its last part.
                self.lex.is_org_word_with(f, w)
                    || self.lex.is_place_word_with(f, w)
                    || self.lex.last_part_is_org_word(f)
            })
        })
    }

    /// An organisation or place word or legal form at unit `i` or among the
    /// next capitalised words of its sentence (`Hollstein Maschinenbau
    /// GmbH`, `Deutsche Gesellschaft`).
    fn type_word_ahead(&self, i: usize) -> bool {
        let u = &self.units.units;
        // Through a hyphen the units keep apart (`Niederösterreich-Wien AG`).
        let hyphen = |k: usize| {
            k > 0
                && u[k].kind == UnitKind::Punct
                && u[k].folded.is_empty()
                && u[k - 1].end == u[k].start
        };
        // And past a word cut short (`Sparkassen- und Giroverband`).
        let suspended = |k: usize| {
            k > 1
                && u[k].is_word()
                && !u[k].cap
                && u[k - 1].kind == UnitKind::Punct
                && u[k - 1].folded.is_empty()
                && u[k - 2].end == u[k - 1].start
                && self.is(k, WordBits::CONJUNCTION)
        };
        let spans = |k: usize| u[k].is_capitalised() || hyphen(k) || suspended(k);
        (i..u.len().min(i + 4))
            .take_while(|&k| spans(k) && self.same_sentence(i, k))
            .any(|k| u[k].is_word() && self.has_type_word(k..k + 1))
    }

    /// Gazetteer entries of unit `k`, trying a genitive ending
    /// (`Österreichs`).
    fn lookup_word(&self, k: usize) -> &[gazetteer::Candidate] {
        let key = self.fold(k);
        let hit = self.gaz.lookup_folded(key);
        match self.lex.genitive_suffix {
            Some(s) if hit.is_empty() && key.len() > s.len() + 2 && key.ends_with(s) => {
                self.gaz.lookup_folded(&key[..key.len() - s.len()])
            }
            _ => hit,
        }
    }

    /// Cuts the run `i..j` into candidates.
    /// An event word, particles and a continent (`Copa de Europa`).
    fn event_of_continent(&self, k: usize, j: usize) -> bool {
        if !self.is(k, WordBits::EVENT_WORD) {
            return false;
        }
        let mut m = k + 1;
        while m < j && (self.particle(m) || self.units.units[m].kind == UnitKind::Elision) {
            m += 1;
        }
        m + 1 == j
            && self
                .lookup_word(m)
                .iter()
                .any(|e| e.kind == gazetteer::Kind::Continent)
    }

    /// A known organisation's name alone in brackets (`Steffi Lemke
    /// (Grüne)`), a common word too.
    fn bracketed_org(&self, k: usize) -> bool {
        let u = &self.units.units;
        k > 0
            && k + 1 < u.len()
            && u[k - 1].kind == UnitKind::Punct
            && self.fold(k - 1) == "("
            && self.fold(k + 1) == ")"
            && self
                .lookup_word(k)
                .iter()
                .any(|e| e.kind == gazetteer::Kind::Organization)
    }

    /// `Istituto centrale per il restauro (Icr)`, `Alliance de la Fonction
    /// publique du Canada (AFPC)`: an organisation's name that goes on in
    /// lowercase words up to an acronym in brackets spelling it. Returns
    /// where the name then ends (the bracket), when the acronym's letters are
    /// the opening letters
    /// of the words from its start on (`In`-`tec`-`mar` for `Instituto
    /// Tecnolóxico para o Control do Medio Mariño`, some words skipped).
    fn acronym_end(&self, r: Range<usize>) -> Option<usize> {
        let u = &self.units.units;
        let n = u.len();
        let mut p = r.end;
        while p < n
            && p - r.start < ACRONYM_SPAN
            && matches!(u[p].kind, UnitKind::Word | UnitKind::Elision)
            && self.same_sentence(r.start, p)
        {
            p += 1;
        }
        if p == r.end
            || p + 2 >= n
            || self.fold(p) != "("
            || self.fold(p + 2) != ")"
            || !u[p + 1].is_word()
            || !(u[p + 1].cap || u[p + 1].upper)
        {
            return None;
        }
        let letters: Vec<char> = self
            .fold(p + 1)
            .chars()
            .filter(|c| c.is_alphabetic())
            .collect();
        if !(2..=BRACKET_ACRONYM_LETTERS).contains(&letters.len()) {
            return None;
        }
        // `reach[a]`: the first `a` letters are spelled so far, by that
        // many words (at least two must give letters).
        let mut reach: [u8; BRACKET_ACRONYM_LETTERS + 1] = [0; BRACKET_ACRONYM_LETTERS + 1];
        let mut first = true;
        for k in (r.start..p).filter(|&k| u[k].kind == UnitKind::Word) {
            let mut next = if first {
                [0; BRACKET_ACRONYM_LETTERS + 1]
            } else {
                reach
            };
            // A hyphenated word gives the letters of its first part.
            if let Some(part) = self.fold(k).split(' ').next() {
                let chars: Vec<char> = part.chars().collect();
                let from: Vec<(usize, u8)> = if first {
                    vec![(0, 0)]
                } else {
                    (0..=letters.len())
                        .filter(|&a| reach[a] > 0)
                        .map(|a| (a, reach[a]))
                        .collect()
                };
                for (a, words) in from {
                    let mut l = 0;
                    while a + l < letters.len() && l < chars.len() && chars[l] == letters[a + l] {
                        l += 1;
                        let e = &mut next[a + l];
                        *e = (*e).max(words.saturating_add(1));
                    }
                }
            }
            first = false;
            reach = next;
        }
        (reach[letters.len()] >= 2).then_some(p)
    }

    fn split(&self, i: usize, j: usize, out: &mut Vec<Candidate>) {
        let mut cue = None;
        let mut part = i;
        let whole_known = self.known_from(i, j);
        if let Some(e) = self.title_into(i, j).filter(|_| !whole_known) {
            part = e;
            cue = Some(Cue::Person);
        }
        // An organisation or place cue before the run says its capitalised
        // words are one name (`die Partei Neue Mitte`, `la agencia Noticias
        // del Sur`).
        // Computed only when a rule asks (most runs never do).
        let cue_cell = std::cell::OnceCell::new();
        let whole_run = part == i;
        let cued = || {
            *cue_cell.get_or_init(|| {
                whole_run
                    && matches!(
                        cues::before(self.units, i, self.lex, self.memo),
                        Cue::Organization | Cue::Place
                    )
            })
        };
        let mut k = part;
        while k < j {
            if k == part && self.article_before_org_word(k, j) {
                k += 1;
                part = k;
                continue;
            }
            let known = self.known_at(k, j);
            if known > 0 {
                k += known;
                continue;
            }
            let title = self.title_at(k, j);
            if title > 0 {
                self.emit(part..k, cue.take(), out);
                k += title;
                // `Rei do Futebol`, `Minister of Defence`: what follows a
                // title and a particle is its realm, not a name.
                let mut m = k;
                while m < j && self.particle(m) {
                    m += 1;
                }
                cue = Some(if m > k { Cue::Portfolio } else { Cue::Person });
                k = m.max(k);
                part = k;
                continue;
            }
            let u = &self.units.units[k];
            let lead = k == part;
            // `La Fim Cisl ha detto`, `The Fed said`: an article opening a
            // sentence is no part of the name, unless the text writes it
            // after a given name elsewhere (`Marine Le Pen` … `Le Pen`).
            if lead
                && u.weak
                && !u.upper
                && k + 1 < j
                && self.is(k, WordBits::ARTICLE)
                && !self.name_words.contains(self.fold(k))
            {
                k += 1;
                part = k;
                continue;
            }
            // `Der Energiekonzern Ruhrtal Energie AG`: where nouns are
            // capitalised, a compound ending in an organisation word before
            // a name that is an organisation's by its own words is the cue.
            if lead
                && self.lex.nouns_capitalised
                && k + 2 <= j
                && !self.particle(k + 1)
                && self.lex.is_org_word_with(self.fold(k), self.word(k))
                && !self.is(k, WordBits::ORG_WORD)
                && self.descriptor_compound(k)
                && self.has_org_word(k + 1..j)
            {
                self.emit(part..k, cue.take(), out);
                cue = Some(Cue::Organization);
                k += 1;
                part = k;
                continue;
            }
            // `Pd Elly Schlein`, `M5s Giuseppe Conte`: an acronym or known
            // organisation before a longer name, unless an organisation word
            // makes the whole one name (`Fiat Chrysler Automobiles`).
            if lead
                && j - k >= 3
                && !self.particle(k + 1)
                && self.org_like(k)
                && self.fold(k + 1) != "&"
                && !(self.capitalised(k + 1) && self.common(k + 1) && !self.given(k + 1))
                && self.known_at(k, j) == 0
                && !(self.capitalised(k + 1) && self.has_org_word(k + 1..j))
            {
                self.emit(k..k + 1, cue.take(), out);
                k += 1;
                part = k;
                continue;
            }
            // `Giochi di Rio`: a capitalised common noun, a particle and a
            // known place: the place alone; but an event named after a
            // continent is no place (`Copa de Europa`, `Coppa d'Africa`).
            if lead
                && !u.weak
                && k + 2 < j
                && self.common(k)
                && !self.event_of_continent(k, j)
                && !self.has_type_word(k..k + 1)
                && !cued()
            {
                let mut m = k + 1;
                while m < j && self.particle(m) {
                    m += 1;
                }
                if m > k + 1 && m < j && self.known_place(m, j) {
                    k = m;
                    part = m;
                    continue;
                }
            }
            // `Die Nachrichtenagentur Nordpress`: a capitalised cue noun is
            // the cue, not the name.
            if lead
                && self.lex.nouns_capitalised
                && k + 1 < j
                && !self.particle(k + 1)
                && self.is(k, WordBits::ORG_BEFORE)
            {
                self.emit(part..k, cue.take(), out);
                cue = Some(Cue::Organization);
                k += 1;
                part = k;
                continue;
            }
            // `Le Pen`, `De Grasse` keep their particle; `Da Roma`, `Lo
            // Stato` at a sentence start do not, nor an article before an
            // acronym (`La FIC`) or before a surname the text names in full
            // elsewhere (`La Colombini`).
            // A preposition opening a sentence is no particle of a name
            // (`Am WSL-Institut arbeiten`).
            let name_particle = self.is(k, WordBits::PARTICLE)
                && (!u.weak || !self.is(k, WordBits::PLACE_PREPOSITION))
                && k + 1 < j
                && !self.common(k + 1)
                && !self.known_place(k + 1, j)
                && !self.units.units[k + 1].upper
                && (!u.weak || !self.name_words.contains(self.fold(k + 1)));
            // A common word opening a sentence is no name, unless the text
            // writes it inside a full name elsewhere (`Colombini ha vinto`)
            // or it says what the name is (`L'Istituto Nazionale di ...`).
            // In a title-case headline every capital is weak: a common
            // word cuts the run anywhere (`Plans Second U.S. Factory`).
            let weak_common = (lead || self.units.units[part].weak && u.weak && k > part)
                && u.weak
                && (self.common(k) || self.lex.all_parts_common(self.fold(k)))
                && !self.given(k)
                && !name_particle
                && !self.trusted_alone(k)
                && !self.bracketed_org(k)
                && !self.legal_form_after(k, j)
                && (!self.name_words.contains(self.fold(k)) || self.lone_particle(k, j))
                && !self.has_type_word(k..k + 1);
            // Where nouns are capitalised, a common noun is no name unless it
            // says what the name is or one after it does (`Mall of Asia
            // Arena`, `Deutsche Gesellschaft`), it is the portfolio of one
            // (`Bundesministerium für Wohnen`), or a cue names the run.
            let noun = self.lex.nouns_capitalised
                && u.is_capitalised()
                && self.common(k)
                && !u.upper
                && !(k > part && self.given(k - 1))
                // (`Schultze & Braun`: a word after an ampersand is a name's.)
                && !(k > part && self.fold(k - 1) == "&")
                && !self.given(k)
                && !self.name_words.contains(self.fold(k))
                && !self.major_place(k)
                && !self.town_after_bare_preposition(k, j)
                && !self.bracketed_org(k)
                && (!self.has_type_word(k..j)
                    || self.descriptor_before_compound(k, j)
                    || self.before_place_preposition(k, j)
                    || self.landmark_after(k, j))
                && !(k > part
                    && (self.filler(k - 1)
                        || self.inflected_adjective(k - 1)
                        || self.lowercase_conjunction(k - 1))
                    && self.has_type_word(part..k))
                && !(k > part && self.place_after_type_word(k))
                && !(k > part && self.name_adjective(k - 1))
                && !(self.hyphen_linked(k) && self.has_org_word(part..j))
                && !cued();
            let demonym = lead
                && self.is(k, WordBits::DEMONYM)
                && !self.has_type_word(k..j)
                && !self.known_place(k, k + 1);
            if weak_common || noun || demonym {
                self.emit(part..k, cue.take(), out);
                k += 1;
                part = k;
                continue;
            }
            k += 1;
        }
        self.emit(part..j, cue, out);
    }

    /// `Grab Holdings Ltd said`: a common word opening a sentence is a
    /// company's name when only organisation words and a legal form follow
    /// it in its run `k..j`, the legal form last.
    fn legal_form_after(&self, k: usize, j: usize) -> bool {
        let u = &self.units.units;
        let Some(last) = (k + 1..j).rev().find(|&m| u[m].is_word()) else {
            return false;
        };
        self.is(last, WordBits::ORG_SUFFIX)
            && (k + 1..j).all(|m| {
                !u[m].is_word()
                    || self.is(m, WordBits::ORG_SUFFIX)
                    || self.is(m, WordBits::ORG_WORD)
            })
    }

    /// True for units `r` that name nothing alone: one letter (`V`, `X.`),
    /// legal forms only (`N.V.`, `Ltd`), a model code of a letter or two and
    /// three digits or more (`A350`, `A320neo`).
    fn no_name(&self, r: Range<usize>) -> bool {
        let u = &self.units.units;
        let one = r.len() == 1 && u[r.start].is_word();
        let f = self.fold(r.start);
        let letters = f.chars().take_while(|c| c.is_alphabetic()).count();
        let digits = f
            .chars()
            .skip(letters)
            .take_while(|c| c.is_ascii_digit())
            .count();
        // (`V3`, `L7`: one capital and digits, a level or a code, unless
        // the gazetteers know it, as `G7`.)
        let code = one
            && letters == 1
            && digits >= 1
            && letters + digits == f.len()
            && self.gaz.lookup_folded(f).is_empty();
        (one && f.chars().filter(|&c| c != '.').count() == 1)
            || (one && (1..=2).contains(&letters) && digits >= 3)
            || code
            || r.clone().all(|k| {
                u[k].kind == UnitKind::Punct || (u[k].is_word() && self.is(k, WordBits::ORG_SUFFIX))
            })
    }

    fn emit(&self, mut r: Range<usize>, cue: Option<Cue>, out: &mut Vec<Candidate>) {
        let loose = |k: usize| {
            self.filler(k)
                || matches!(self.fold(k), "," | "&")
                || (!self.units.units[k].cap && self.is(k, WordBits::CONJUNCTION))
        };
        while !r.is_empty() && loose(r.end - 1) {
            r.end -= 1;
        }
        while !r.is_empty() && loose(r.start) {
            r.start += 1;
        }
        if r.is_empty()
            || r.clone()
                .all(|k| self.units.units[k].kind == UnitKind::Number)
            || self.no_name(r.clone())
        {
            return;
        }
        r.end = self.org_tail(r.clone());
        r.start = self.lowercase_company(r.clone());
        let (mut start, mut head) = self.lowercase_head(r.start);
        if out.last().is_some_and(|c: &Candidate| c.units.end > start) {
            (start, head) = (r.start, None);
        }
        if head == Some(EntityKind::Organization) && start < r.start {
            r.end = self.headed_adjectives(r.clone());
        }
        let cue = cue.unwrap_or_else(|| {
            if r.len() == 1 && self.lowercase_expansion(start) {
                Cue::Thing
            } else {
                cues::before(self.units, start, self.lex, self.memo)
            }
        });
        out.push(Candidate {
            name_part: r.end - start == 1 && self.name_words.contains(self.fold(start)),
            units: start..r.end,
            cue,
            head,
        })
    }

    /// `high-bandwidth memory, or HBM`, `prodotto interno lordo (Pil)`: an
    /// acronym at unit `a` right after lowercase words whose initials it
    /// spells (particles and articles aside) abbreviates a common noun,
    /// no name.
    fn lowercase_expansion(&self, a: usize) -> bool {
        let u = &self.units.units;
        let x = &u[a];
        let letters: Vec<char> = self.fold(a).chars().collect();
        if !(x.upper || x.inner_cap || x.cap)
            || x.dotted
            || !(2..=ACRONYM_LETTERS).contains(&letters.len())
            || !letters.iter().all(|c| c.is_alphabetic())
            || (!x.upper && !self.lex.is_org_word(self.fold(a)) && self.common(a))
        {
            return false;
        }
        // `(`, `,` or `, or` (`o`, `ou`, `oder`) between.
        let mark = |k: usize| u[k].kind == UnitKind::Punct && matches!(self.fold(k), "(" | ",");
        let mut k = a;
        if k >= 2
            && u[k - 1].is_word()
            && !u[k - 1].cap
            && self.fold(k - 1).chars().count() <= 4
            && self.fold(k - 2) == ","
        {
            k -= 2;
        } else if k >= 1 && mark(k - 1) {
            k -= 1;
        } else {
            return false;
        }
        // Read the initials backwards.
        let mut want = letters.len();
        while k > 0 && want > 0 {
            let p = &u[k - 1];
            // `high-bandwidth`, split at its hyphen: one initial per part.
            if p.kind == UnitKind::Punct && p.folded.is_empty() && k >= 2 && p.start == u[k - 2].end
            {
                k -= 1;
                continue;
            }
            if !p.is_word() || p.cap || !self.same_sentence(k - 1, a) {
                return false;
            }
            if self.particle(k - 1) || self.is(k - 1, WordBits::ARTICLE) {
                k -= 1;
                continue;
            }
            // A hyphenated word gives one initial per part, last first.
            for part in self.fold(k - 1).rsplit(' ') {
                if want == 0 || !part.starts_with(letters[want - 1]) {
                    return false;
                }
                want -= 1;
            }
            k -= 1;
        }
        want == 0
    }

    /// `ministère de la Transition écologique`: after a name that a
    /// lowercase organisation head opens, the lowercase adjectives that
    /// close it (at most two; no demonym: `ministère de l'Intérieur
    /// français`). Returns where the name ends.
    fn headed_adjectives(&self, r: Range<usize>) -> usize {
        let u = &self.units.units;
        let mut e = r.end;
        while e < u.len()
            && e - r.end < 2
            && u[e].is_word()
            && !u[e].cap
            && self.same_sentence(r.start, e)
            && (self.is(e, WordBits::ORG_ADJECTIVE) || self.lex.looks_adjective(self.fold(e)))
        {
            e += 1;
        }
        e
    }

    /// A lowercase head of one to three words before the name, with particles between
    /// (`ministère de la Culture`, `musée du Louvre`, `ponte Morandi`):
    /// where the mention starts, and the type the head gives.
    fn lowercase_head(&self, s: usize) -> (usize, Option<EntityKind>) {
        let u = &self.units.units;
        let mut b = s;
        while b > 0 && s - b < 3 && (self.particle(b - 1) || u[b - 1].kind == UnitKind::Elision) {
            b -= 1;
        }
        for len in [3, 2, 1] {
            if b < len {
                continue;
            }
            let h = b - len;
            let lower = u[h..b].iter().all(|x| x.is_word() && !x.cap);
            if lower && self.same_sentence(h, s) {
                let head = self.units.fold_range(h..b);
                if let Some(&kind) = self.lex.lowercase_heads.get(head) {
                    // `nel corso del Consiglio`: no street before a particle.
                    if b < s && self.lex.landmarks.is_direct(head) {
                        break;
                    }
                    return (h, Some(kind));
                }
            }
        }
        (s, None)
    }

    /// Where a company name written in lowercase starts (`thyssenkrupp
    /// Steel`, `eBay Inc.`): a run of organisation words or legal forms
    /// only takes the word before it when that word is in no dictionary.
    fn lowercase_company(&self, r: Range<usize>) -> usize {
        let u = &self.units.units;
        let s = r.start;
        if s == 0 || !self.has_org_word(r.clone()) {
            return s;
        }
        let only_type_words = r.clone().all(|k| {
            u[k].kind == UnitKind::Punct || self.has_org_word(k..k + 1) || self.particle(k)
        });
        let p = &u[s - 1];
        let glued = p.is_word()
            && !p.cap
            && !p.weak
            && p.end < u[s].start
            && p.end - p.start >= 3
            && self.same_sentence(s - 1, s)
            && !self.particle(s - 1)
            && !self.is(s - 1, WordBits::ARTICLE)
            && !self.common(s - 1)
            && !self.is(s - 1, WordBits::ORG_CONNECTOR)
            && !self.is(s - 1, WordBits::CONJUNCTION);
        if only_type_words && glued {
            s - 1
        } else {
            s
        }
    }

    /// Where an organisation name that opens with an organisation word ends,
    /// taking in the lowercase adjectives and `particle + noun` that follow
    /// (`Commissione europea`, `Consiglio dei ministri`, `Accademia reale
    /// svedese delle scienze`).
    fn org_tail(&self, r: Range<usize>) -> usize {
        let u = &self.units.units;
        let n = u.len();
        // The head opens the name or closes its capitalised words (`Haut
        // Conseil pour le climat`). A language with no lowercase adjectives
        // of names writes every word of a name capitalised (`The Associated
        // Press on condition of anonymity`).
        if self.lex.org_adjectives.is_empty()
            || (!self.is(r.start, WordBits::ORG_WORD) && !self.is(r.end - 1, WordBits::ORG_WORD))
        {
            return r.end;
        }
        // `Banca Ifis per la famiglia`: a proper name after the head
        // completes the name; the lowercase words after it are the sentence's.
        // So does a proper name before a head that closes the name
        // (`Mizuho Securities per la parte giapponese`; not `Haut Conseil
        // pour le climat`).
        let last = r.end - 1;
        if last > r.start
            && !self.is(r.start, WordBits::ORG_WORD)
            && (r.start..last).any(|m| {
                let x = &u[m];
                x.is_capitalised() && !x.weak && !self.common(m) && !self.given(m)
            })
        {
            return r.end;
        }
        if last > r.start
            && u[last].is_word()
            && u[last].cap
            && !u[last].upper
            && !self.is(last, WordBits::ORG_WORD)
            && !self.common(last)
            && !self.given(last)
        {
            return r.end;
        }
        let adjective = |k: usize| {
            k < n && u[k].is_word() && !u[k].cap && Lexicon::is_org_adjective_with(self.word(k))
        };
        // A lowercase connector (`contre`, `per`) or a conjunction before a
        // particle (`e delle`) links one more noun to the name.
        let connector =
            |k: usize| k < n && u[k].is_word() && !u[k].cap && self.is(k, WordBits::ORG_CONNECTOR);
        let conjunction = |k: usize| {
            k + 1 < n
                && u[k].is_word()
                && !u[k].cap
                && self.is(k, WordBits::CONJUNCTION)
                && self.particle(k + 1)
        };
        // An elided article (`Conseil des droits de l'homme`).
        let elided_article = |k: usize| {
            k < n && u[k].kind == UnitKind::Elision && !u[k].cap && self.is(k, WordBits::ARTICLE)
        };
        let link =
            |k: usize| self.particle(k) || elided_article(k) || connector(k) || conjunction(k);
        // After a lowercase noun, a word with an adjective's ending right
        // before punctuation (`trafic des biens culturels (OCBC)`).
        let closing_adjective = |k: usize| {
            k < n
                && u[k].is_word()
                && !u[k].cap
                && self.lex.looks_adjective(self.fold(k))
                && (k + 1 >= n || !u[k + 1].is_word())
        };
        // `la Corte d'appello correggerà`: a lone organisation word is no
        // name, so the noun after its particle is taken even before a verb
        // (not a short adverb: `Consiglio di ieri`).
        // (Where nouns are capitalised, a lowercase word is no noun.)
        let lone_head = !self.lex.nouns_capitalised && r.len() == 1 && u[r.start].is_capitalised();
        // `Consiglio di Stato di esprimersi`, `Banco Agrario para renovar`:
        // a name that closes on a capitalised word after its head is whole;
        // only adjectives may follow it.
        let proper_end = last > r.start
            && u[last].is_word()
            && u[last].cap
            && !self.is(last, WordBits::ORG_WORD)
            // (`Consiglio Nazionale delle ricerche`: an adjective before a
            // particle leaves the name open.)
            && !(Lexicon::is_org_adjective_with(self.word(last)) && r.end < n && self.particle(r.end));
        let mut e = r.end;
        let mut nouns = 0;
        loop {
            // (`Consiglio supremo delle antichità egiziano`: after a noun,
            // a demonym that is no listed adjective of names says whose the
            // body is, and is no part of its name.)
            let demonym_after_noun = nouns > 0
                && e < n
                && self.is(e, WordBits::DEMONYM)
                && !self.is(e, WordBits::ORG_ADJECTIVE);
            if (adjective(e) || (nouns > 0 && closing_adjective(e)))
                && !demonym_after_noun
                && self.same_sentence(r.start, e)
            {
                e += 1;
                continue;
            }
            // Right after a lone head and its adjectives, no noun taken yet.
            let after_lone_head =
                lone_head && nouns == 0 && e < n && self.same_sentence(r.start, e);
            // `Agenzia spaziale italiana`: after a lone head, a word with an
            // adjective's ending before a listed adjective or punctuation.
            if after_lone_head
                && u[e].is_word()
                && !u[e].cap
                && self.lex.looks_adjective(self.fold(e))
                && (e + 1 >= n
                    || (!u[e + 1].is_word() && !self.is_hyphen(e + 1))
                    || adjective(e + 1))
            {
                e += 1;
                continue;
            }
            // `Federazione italiana nuoto, Paolo Barelli`: after a lone head
            // and its adjectives, a noun right before punctuation or a
            // particle is the name's last word (not a verb: `… europea ha`).
            if after_lone_head
                && e > r.end
                && u[e].is_word()
                && !u[e].cap
                && !self.particle(e)
                && !self.is(e, WordBits::ARTICLE)
                && !self.is(e, WordBits::NOT_NAME)
                && self.common(e)
                && self.fold(e).chars().count() >= LONE_HEAD_NOUN
                && (e + 1 >= n || (!u[e + 1].is_word() && !self.is_hyphen(e + 1)))
            {
                nouns += 1;
                e += 1;
                continue;
            }
            // `Regione autonoma Valle d'Aosta`, `Ente autonomo Volturno`:
            // a lone head's adjectives, then the proper name.
            if after_lone_head && e > r.end && self.capitalised(e) && !self.given(e) {
                return self.proper_tail(r.start, e);
            }
            // `di giustizia amministrativa di Trento`, `delle professioni
            // infermieristiche di Cagliari`: an adjective after a noun, before
            // a particle.
            if nouns > 0
                && e + 1 < n
                && u[e].is_word()
                && !u[e].cap
                && self.lex.looks_adjective(self.fold(e))
                && self.particle(e + 1)
                && self.same_sentence(r.start, e)
            {
                e += 1;
                continue;
            }
            if proper_end {
                return e;
            }
            let mut k = e;
            let (mut joined, mut and) = (false, false);
            while k < n && k - e < 3 && link(k) {
                joined |= connector(k);
                and |= conjunction(k) && !self.particle(k);
                k += 1;
            }
            // A noun ends the name where the name plainly goes on (a
            // particle, an adjective, punctuation), or where it is a second
            // noun or comes after a connector, not a conjunction: `Brigade
            // de répression du banditisme`, `Haut Conseil pour le climat`;
            // not `Consiglio di ieri ha`, `… dei santi e lo aveva`.
            if nouns < 3
                && k > e
                && k < n
                && u[k].is_word()
                && !u[k].cap
                && !self.particle(k)
                && !self.is(k, WordBits::ARTICLE)
                && self.common(k)
                && self.same_sentence(r.start, k)
                && (adjective(k + 1)
                    || closing_adjective(k + 1)
                    || k + 1 >= n
                    || !u[k + 1].is_word()
                    || link(k + 1)
                    || (!and && (nouns > 0 || joined))
                    || (!and && lone_head && self.fold(k).chars().count() >= LONE_HEAD_NOUN))
            {
                nouns += 1;
                e = k + 1;
                continue;
            }
            // `Corte d'appello di Bologna`: after a lowercase noun, a
            // particle and a capitalised name close the organisation's name.
            // (`Provincia autonoma di Trento`: after a lone head's
            // adjectives too.)
            if (nouns > 0 || (lone_head && e > r.end))
                && !and
                && k > e
                && k < n
                && self.capitalised(k)
                && !self.given(k)
                && self.same_sentence(r.start, k)
            {
                if self.second_org(r.start, k) {
                    return e;
                }
                return self.proper_tail(r.start, k);
            }
            return e;
        }
    }

    /// The end of the proper name at unit `k` that closes an organisation's
    /// name starting at unit `s`: its capitalised words, particles and names
    /// on (`de l'Université de Lausanne`), then its lowercase adjectives
    /// (`del Mare Adriatico orientale`).
    fn proper_tail(&self, s: usize, k: usize) -> usize {
        let u = &self.units.units;
        let n = u.len();
        let elided_article = |k: usize| {
            k < n && u[k].kind == UnitKind::Elision && !u[k].cap && self.is(k, WordBits::ARTICLE)
        };
        let mut m = k + 1;
        loop {
            if m < n && self.capitalised(m) && self.same_sentence(s, m) {
                m += 1;
                continue;
            }
            let mut p = m;
            while p < n && p - m < 2 && (self.particle(p) || elided_article(p)) {
                p += 1;
            }
            if p > m && p < n && self.capitalised(p) && self.same_sentence(s, p) {
                m = p + 1;
                continue;
            }
            while m < n
                && u[m].is_word()
                && !u[m].cap
                && Lexicon::is_org_adjective_with(self.word(m))
                && self.same_sentence(s, m)
            {
                m += 1;
            }
            return m;
        }
    }
}

/// The candidate names of one field, in text order, never overlapping.
/// `memo` holds answers about `units` (shared with the later passes).
pub fn candidates(units: &Units, memo: &Memo, lex: &Lexicon, gaz: &Gazetteer) -> Vec<Candidate> {
    let cx = Ctx {
        units,
        lex,
        gaz,
        name_words: name_words(units, lex, memo),
        memo,
    };
    let mut out = Vec::new();
    let n = units.len();
    let mut i = 0;
    let u = &units.units;
    while i < n {
        if !u[i].is_capitalised() || !cx.capitalised(i) {
            i += 1;
            continue;
        }
        let j = cx.run_end(i);
        let before = out.len();
        let mut s = i;
        while s < j {
            let (e, none) = cx.piece_end(s, j);
            if !none {
                cx.split(s, e, &mut out);
            }
            s = e;
        }
        // A name spelled by an acronym in brackets takes in the candidates
        // of its run after it (`Centro de Informação e Vigilância
        // Sismovulcânica dos Açores (CIVISA)`).
        for c in before..out.len() {
            if let Some(e) = cx.acronym_end(out[c].units.clone()) {
                out[c].units.end = e;
                out.truncate(c + 1);
                break;
            }
        }
        // A candidate may reach past its run (`Corte d'appello di Bologna`).
        i = out.last().map_or(j, |c| c.units.end.max(j));
    }
    out
}
