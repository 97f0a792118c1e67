//! Who may be a speaker: named people and organisations, by token.
//!
//! With the entity stage's results, these are the body mentions of its
//! people and organisations (places never speak, but are kept so that a
//! place is never read as a speaker's name). When the article has no such
//! entities, names are read as written: runs of capitalised words outside
//! quotes (`Kim Jong-un`, `Michele de Pascale`, `Vladimir V. Putin`), minus
//! function words and role nouns (`President Joe Biden` → `Joe Biden`), whose
//! kind is unknown and which resolve to [`Speaker::Unresolved`].
//!
//! [`Speaker::Unresolved`]: super::Speaker::Unresolved

use std::collections::HashMap;
use std::ops::Range;

use foldhash::fast::FixedState;

use super::layout::Layout;
use super::lexicon::{Class, Kind};
use super::name_index::{joined_words, JoinedNames, NameIndex};
use crate::enrich::document::{Field, TokenKind};
use crate::enrich::entities;
use crate::enrich::output::EntityKind;

/// What a mention names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MentionKind {
    /// A person.
    Person,
    /// An organisation.
    Organization,
    /// A place.
    Location,
    /// A name read as written, kind unknown.
    Unknown,
}

/// A name in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Its tokens.
    pub tokens: Range<usize>,
    /// What it names.
    pub kind: MentionKind,
    /// The entity it is a mention of.
    pub entity: Option<usize>,
    /// For a name as written that is part of a fuller one written earlier
    /// (`Florentino` after `Florentino Pérez`): the fuller name's tokens.
    pub full: Option<Range<usize>>,
}

impl Mention {
    /// True when the mention may be a speaker.
    pub fn can_speak(&self) -> bool {
        self.kind != MentionKind::Location
    }
}

/// The body's names, in text order, never overlapping.
#[derive(Debug, Default)]
pub struct Mentions {
    /// The names.
    pub list: Vec<Mention>,
    /// The entity stage found people or organisations.
    pub entity_mode: bool,
}

/// Every class a name does not start with.
const FUNCTION: Class = Class::ANY;

impl Mentions {
    /// The mentions of `entities` in the body, or names read as written when
    /// no person or organisation has a body mention.
    pub fn new(layout: &Layout, entities: &[entities::Found]) -> Mentions {
        let names = JoinedNames::of(entities);
        let index = NameIndex::new(entities, &names);
        let mut list = Vec::new();
        for (i, e) in entities.iter().enumerate() {
            let (kind, entity) = match e.kind {
                // A first name alone (`Kristina`) is the person whose fuller
                // name holds it (`Kristina Hammer`).
                EntityKind::Person => {
                    (MentionKind::Person, index.fuller(names.get(i)).unwrap_or(i))
                }
                EntityKind::Organization => (MentionKind::Organization, i),
                // A "place" whose name is part of a person's name is that
                // person (`Parisi` of `Giorgio Parisi`).
                EntityKind::Location => match index.person(names.get(i)) {
                    Some(p) => (MentionKind::Person, p),
                    None => (MentionKind::Location, i),
                },
            };
            for m in e.mentions.iter().filter(|m| m.field == Field::Body) {
                let a = layout.field.token_at_or_after(m.start);
                let b = layout.field.token_at_or_after(m.end);
                if a >= b || layout.quote_at(a).is_some() {
                    continue;
                }
                // A lone function word or particle is no name (`Le` opening
                // a sentence, linked to `Yannick Le Bihan`).
                if b == a + 1 && (layout.class(a).is(FUNCTION) || layout.class(a).is_particle()) {
                    continue;
                }
                list.push(Mention {
                    tokens: a..b,
                    kind,
                    entity: Some(entity),
                    full: None,
                });
            }
        }
        let entity_mode = list.iter().any(Mention::can_speak);
        let mut kept = keep_apart(list);
        // Names as written fill the gaps the entity stage left: one that is
        // part of an entity's name is a mention of it (`Khan`); otherwise,
        // next to the stage's results, only a full name (two words or more,
        // no article before it) is believed.
        // Words of the fuller names as written so far, for first names and
        // surnames used alone later (`Florentino` → `Florentino Pérez`).
        let mut fuller: HashMap<&str, Range<usize>, FixedState> = HashMap::default();
        let mut joined = String::new();
        let written: Vec<Mention> = names_as_written(layout)
            .into_iter()
            .filter(|r| {
                let k = kept.partition_point(|m| m.tokens.end <= r.tokens.start);
                kept.get(k).is_none_or(|m| m.tokens.start >= r.tokens.end)
            })
            .filter_map(|mut r| {
                if !entity_mode {
                    return Some(r);
                }
                let tokens = &layout.field.tokens;
                let text = &layout.text[tokens[r.tokens.start].start..tokens[r.tokens.end - 1].end];
                joined_words(text, &mut joined);
                if let Some(e) = index.speaker(&joined) {
                    r.entity = Some(e);
                    r.kind = match entities[e].kind {
                        EntityKind::Person => MentionKind::Person,
                        _ => MentionKind::Organization,
                    };
                    return Some(r);
                }
                let words = r.tokens.clone().filter(|&t| layout.is_word(t)).count();
                if words == 1 {
                    if let Some(full) = fuller.get(layout.lower(r.tokens.start)) {
                        r.full = Some(full.clone());
                        return Some(r);
                    }
                    // An acronym is a name wherever it stands (`la APDL`).
                    let word = layout.tok(r.tokens.start);
                    let acronym = word.chars().count() >= 2
                        && word.chars().all(|c| c.is_uppercase() || c.is_ascii_digit());
                    return acronym.then_some(r);
                }
                // Not after an article or a lowercase modifier (`zum ersten
                // Mal Weltmeister` is no name).
                let after_modifier = r.tokens.start > 0 && {
                    let p = r.tokens.start - 1;
                    let w = layout.class(p);
                    layout.is_word(p)
                        && !layout.is_capitalised(p)
                        && (w.is(Class::DETERMINER) || !(w.is(Class::ANY) || w.is_verb()))
                };
                if words < 2 || after_modifier {
                    return None;
                }
                for t in r.tokens.clone().filter(|&t| layout.is_capitalised(t)) {
                    fuller.entry(layout.lower(t)).or_insert(r.tokens.clone());
                }
                Some(r)
            })
            .collect();
        kept.extend(written);
        kept.sort_by_key(|m| m.tokens.start);
        Mentions {
            list: kept,
            entity_mode,
        }
    }

    /// True when a mention may stand for a speaker found from context: with
    /// the entity stage's results, names it did not recognise do not.
    pub fn in_context(&self, m: usize) -> bool {
        !(self.entity_mode && self.list[m].kind == MentionKind::Unknown)
    }

    /// The mention starting at token `t`.
    pub fn starting_at(&self, t: usize) -> Option<usize> {
        let i = self.list.partition_point(|m| m.tokens.start < t);
        self.list.get(i).filter(|m| m.tokens.start == t).map(|_| i)
    }

    /// Index of the first mention starting at or after token `t`.
    pub fn first_from(&self, t: usize) -> usize {
        self.list.partition_point(|m| m.tokens.start < t)
    }
}

/// `list` sorted, without mentions overlapping an earlier (or longer) one.
fn keep_apart(mut list: Vec<Mention>) -> Vec<Mention> {
    list.sort_by_key(|m| (m.tokens.start, std::cmp::Reverse(m.tokens.end)));
    let mut kept: Vec<Mention> = Vec::with_capacity(list.len());
    for m in list {
        if kept.last().is_none_or(|k| k.tokens.end <= m.tokens.start) {
            kept.push(m);
        }
    }
    kept
}

fn names_as_written(layout: &Layout) -> Vec<Mention> {
    let n = layout.field.tokens.len();
    let starts = |t: usize| {
        t < n
            && layout.is_capitalised(t)
            && layout.quote_at(t).is_none()
            && !layout.class(t).is(FUNCTION)
            && layout.class(t).role() != Some(Kind::Person)
            && !layout.class(t).is_verb()
    };
    let continues = |t: usize| {
        t < n
            && layout.is_capitalised(t)
            && layout.quote_at(t).is_none()
            && !layout.class(t).is(FUNCTION)
    };
    let tokens = &layout.field.tokens;
    let touch = |a: usize, b: usize| b < n && tokens[a].touches(&tokens[b]);
    let mut out = Vec::new();
    let mut t = 0;
    while t < n {
        if !starts(t) {
            t += 1;
            continue;
        }
        let mut end = t + 1;
        loop {
            if continues(end) {
                end += 1;
                continue;
            }
            // `Formula 1`, `Isar 2`: a number closes a name.
            if end < n && tokens[end].kind == TokenKind::Number && layout.quote_at(end).is_none() {
                end += 1;
                break;
            }
            let joins = end + 1 < n
                && ((layout.tok(end) == "-"
                    && touch(end - 1, end)
                    && touch(end, end + 1)
                    && layout.is_word(end + 1))
                    || (layout.is_word(end)
                        && layout.class(end).is_particle()
                        && continues(end + 1))
                    || (layout.tok(end) == "."
                        && layout.tok(end - 1).chars().count() == 1
                        && continues(end + 1)));
            if !joins {
                break;
            }
            end += 2;
        }
        let run = t..end;
        t = end;
        // A person's role is no part of a name: `Maui Police Chief John
        // Pelletier`; a compound ending in a role (`CSU-Chef`) is no name.
        let is_person_role =
            |k: usize| layout.is_word(k) && layout.class(k).role() == Some(Kind::Person);
        let last = run.end - 1;
        if is_person_role(last) && last > run.start && layout.tok(last - 1) == "-" {
            continue;
        }
        // A role word closing a name is a surname (`Wolfram König`).
        let from = (run.start..last)
            .rev()
            .find(|&k| is_person_role(k))
            .map_or(run.start, |k| k + 1);
        let Some(from) = (from..run.end).find(|&k| layout.is_capitalised(k)) else {
            continue;
        };
        // A capitalised participle opening a sentence (`Raggiunto dai
        // giornalisti`, `Arrivée sur place`) is no name.
        let opens_sentence = layout.regions[layout.region_of(from)].start == from;
        let next_is_function = run.end < n
            && layout.is_word(run.end)
            && layout
                .class(run.end)
                .is(Class::PREPOSITION.or(Class::DETERMINER));
        if from + 1 == run.end && opens_sentence && next_is_function {
            continue;
        }
        out.push(Mention {
            tokens: from..run.end,
            kind: MentionKind::Unknown,
            entity: None,
            full: None,
        });
    }
    out
}
