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
use super::token_cursor::TokenCursor;
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
    /// Each name's first token, for searches that touch little memory.
    starts: Vec<usize>,
}

/// Every class a name does not start with.
const FUNCTION: Class = Class::ANY;

/// An entity's body mention placed among the tokens.
#[derive(Debug, Clone, Copy)]
struct EntitySpan {
    tokens: (usize, usize),
    /// Its place in the order the entity stage lists mentions (entity by
    /// entity): of two with the same tokens, the first is kept.
    seq: usize,
    entity: usize,
}

impl Mentions {
    /// The mentions of `entities` in the body, or names read as written when
    /// no person or organisation has a body mention.
    pub fn new(layout: &Layout, entities: &[entities::Found]) -> Mentions {
        let names = JoinedNames::of(entities);
        let index = NameIndex::new(entities, &names);
        let stands_for: Vec<(MentionKind, usize)> = entities
            .iter()
            .enumerate()
            .map(|(i, e)| match e.kind {
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
            })
            .collect();
        let placed = place(layout, entities);
        let entity_mode = placed
            .iter()
            .any(|p| stands_for[p.entity].0 != MentionKind::Location);
        let kept = keep_apart(placed);
        // Names as written fill the gaps the entity stage left: one that is
        // part of an entity's name is a mention of it (`Khan`); otherwise,
        // next to the stage's results, only a full name (two words or more,
        // no article before it) is believed.
        // Words of the fuller names as written so far, for first names and
        // surnames used alone later (`Florentino` → `Florentino Pérez`).
        let mut fuller: HashMap<&str, Range<usize>, FixedState> = HashMap::default();
        let mut joined = String::new();
        // Names as written come in text order: the first kept mention not
        // ending before one only moves forward.
        let mut k = 0;
        let mut written: Vec<Mention> = Vec::new();
        names_as_written(layout, |mut r| {
            while kept.get(k).is_some_and(|m| m.tokens.1 <= r.tokens.start) {
                k += 1;
            }
            if kept.get(k).is_some_and(|m| m.tokens.0 < r.tokens.end) {
                return;
            }
            if !entity_mode {
                written.push(r);
                return;
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
                written.push(r);
                return;
            }
            let words = r.tokens.clone().filter(|&t| layout.is_word(t)).count();
            if words == 1 {
                if let Some(full) = fuller.get(layout.lower(r.tokens.start)) {
                    r.full = Some(full.clone());
                    written.push(r);
                    return;
                }
                // An acronym is a name wherever it stands (`la APDL`).
                let word = layout.tok(r.tokens.start);
                let acronym = word.chars().count() >= 2
                    && word.chars().all(|c| c.is_uppercase() || c.is_ascii_digit());
                if acronym {
                    written.push(r);
                }
                return;
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
                return;
            }
            for t in r.tokens.clone().filter(|&t| layout.is_capitalised(t)) {
                fuller.entry(layout.lower(t)).or_insert(r.tokens.clone());
            }
            written.push(r);
        });
        // Neither list overlaps the other: merged, they are in text order.
        let mut list = Vec::with_capacity(kept.len() + written.len());
        let mut written = written.into_iter().peekable();
        for p in kept {
            while let Some(w) = written.next_if(|w| w.tokens.start < p.tokens.0) {
                list.push(w);
            }
            let (kind, entity) = stands_for[p.entity];
            list.push(Mention {
                tokens: p.tokens.0..p.tokens.1,
                kind,
                entity: Some(entity),
                full: None,
            });
        }
        list.extend(written);
        Mentions {
            starts: list.iter().map(|m| m.tokens.start).collect(),
            list,
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
        let i = self.first_from(t);
        self.starts.get(i).filter(|&&s| s == t).map(|_| i)
    }

    /// Index of the first mention starting at or after token `t`.
    pub fn first_from(&self, t: usize) -> usize {
        self.starts.partition_point(|&s| s < t)
    }
}

/// The body mentions of `entities` as token ranges, without the empty ones
/// and those opening inside a quote, sorted by first token, longest first,
/// then in the stage's order.
fn place(layout: &Layout, entities: &[entities::Found]) -> Vec<EntitySpan> {
    let count = entities
        .iter()
        .flat_map(|e| &e.mentions)
        .filter(|m| m.field == Field::Body)
        .count();
    // (start byte, end byte, seq, entity), sorted by start so that the
    // cursors move forward.
    let mut spans: Vec<(usize, usize, usize, usize)> = Vec::with_capacity(count);
    for (i, e) in entities.iter().enumerate() {
        for m in e.mentions.iter().filter(|m| m.field == Field::Body) {
            spans.push((m.start, m.end, spans.len(), i));
        }
    }
    spans.sort_unstable_by_key(|&(start, _, seq, _)| (start, seq));
    let tokens = &layout.field.tokens;
    let (mut starts, mut ends) = (TokenCursor::new(tokens), TokenCursor::new(tokens));
    let mut placed: Vec<EntitySpan> = Vec::with_capacity(count);
    for (start, end, seq, entity) in spans {
        let a = starts.at_or_after(start);
        let b = ends.at_or_after(end);
        if a >= b || layout.quote_at(a).is_some() {
            continue;
        }
        // A lone function word or particle is no name (`Le` opening a
        // sentence, linked to `Yannick Le Bihan`).
        if b == a + 1 && (layout.class(a).is(FUNCTION) || layout.class(a).is_particle()) {
            continue;
        }
        placed.push(EntitySpan {
            tokens: (a, b),
            seq,
            entity,
        });
    }
    placed.sort_unstable_by_key(|p| (p.tokens.0, std::cmp::Reverse(p.tokens.1), p.seq));
    placed
}

/// The mentions of sorted `placed` that overlap no earlier (or longer) one.
fn keep_apart(mut placed: Vec<EntitySpan>) -> Vec<EntitySpan> {
    let mut end = 0;
    placed.retain(|p| {
        let apart = p.tokens.0 >= end;
        if apart {
            end = p.tokens.1;
        }
        apart
    });
    placed
}

/// Hands `emit` the runs of capitalised words outside quotes that may be
/// names, in text order.
fn names_as_written(layout: &Layout, mut emit: impl FnMut(Mention)) {
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
        emit(Mention {
            tokens: from..run.end,
            kind: MentionKind::Unknown,
            entity: None,
            full: None,
        });
    }
}
