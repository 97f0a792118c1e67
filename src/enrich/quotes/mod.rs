//! Direct quotations and who said them.
//!
//! ```text
//! body ─► marks::scan ─► pairing::pair ─► Layout (quotes among tokens and sentences)
//!      ─► Mentions (names) ─► frames::find (speech verbs, sources, their subjects)
//!      ─► per quote: clues::clue ─► classify::judge ─► resolve (speaker) ─► Found
//! ```
//!
//! - [`marks`] finds every character that may open or close a quote, in any
//!   style the language's data lists; [`pairing`] pairs them paragraph by
//!   paragraph (linear, however many strays), keeps the outer quote of nested
//!   ones and the parts of a quote running over paragraphs.
//! - [`layout`] places the quotes among tokens and joins sentences cut inside
//!   a quote, and reads each token's word in the data once ([`wordclass`]);
//!   [`mentions`] lists who may speak (entity mentions, or names as written
//!   when there are none), matching names word for word ([`name_index`]);
//!   both find tokens by byte offset in text order ([`token_cursor`]).
//! - [`frames`] finds each speech verb and source phrase with its subject,
//!   read by [`subject`], passing over the words a bit filter rules out
//!   ([`word_filter`]); [`clues`] picks the one that attributes a quote
//!   (after it, a colon before it, a verb earlier in the sentence, …).
//! - [`classify`] decides from that evidence whether the span is a quotation,
//!   direct or partial; [`resolve`] turns the subject into a speaker: an
//!   entity, a name as written, or — for pronouns, role nouns and implicit
//!   subjects — the suitable speaker in context: the person opening the
//!   latest sentence, or no one after a source kept anonymous ([`recent`]);
//!   a quote standing alone takes the speaker the sentence before it
//!   introduces ([`lead_in`]).
//! - An attribution set off by dashes inside one pair of marks splits the
//!   quote in two around it ([`incise`]).
//!
//! All language knowledge is data ([`lexicon`]): `resources/<lang>/quotes/`
//! and `resources/shared/quotes/`. Adding a language adds files, not code.
//!
//! A quote's `verb` is the speech verb as written, without its auxiliary
//! (`detto` in `ha detto`, `said`, `déclaré` in `a déclaré`, `sagte`).
//! Every step is linear in the article's length: windows and look-backs are
//! bounded, lookups are binary searches.

pub mod classify;
pub mod clues;
pub mod frames;
pub mod incise;
pub mod layout;
pub mod lead_in;
pub mod lexicon;
pub mod marks;
pub mod mentions;
pub mod name_index;
pub mod pairing;
pub mod recent;
pub mod resolve;
pub mod subject;
pub mod token_cursor;
pub mod word_filter;
pub mod wordclass;

use crate::enrich::document::{Document, Field, Span};
use crate::enrich::entities;
use crate::enrich::output::{Attribution, QuoteKind};
use clues::{Clue, Frames, How};
use layout::Layout;
use lexicon::Kind;
use mentions::Mentions;
use resolve::{Resolved, Resolver, Said};
use subject::{Mode, Reader, Subject};

pub use lexicon::Rules;

/// Who said a quotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Speaker {
    /// An entity of the article, by index.
    Entity(usize),
    /// A speaker named in the text that is no entity.
    Unresolved(String),
}

/// A quotation found in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The quoted words, marks excluded.
    pub span: Span,
    /// Direct or partial.
    pub kind: QuoteKind,
    /// Who said it, if known.
    pub speaker: Option<Speaker>,
    /// The speech verb as written, without its auxiliary.
    pub verb: Option<Span>,
    /// How the speaker was found.
    pub attribution: Attribution,
}

/// Finds the quotations in `doc`'s body and their speakers among `entities`.
pub fn find(doc: &Document, rules: &Rules, entities: &[entities::Found]) -> Vec<Found> {
    let body = &doc.body;
    let text = body.as_str();
    let marks = marks::scan(text, &rules.marks);
    let cands = incise::split(text, pairing::pair(text, &body.paragraphs, &marks), rules);
    if cands.is_empty() {
        return Vec::new();
    }
    let layout = Layout::new(body, &cands, rules);
    let mentions = Mentions::new(&layout, entities);
    let reader = Reader {
        layout: &layout,
        rules,
        mentions: &mentions,
    };
    let (verbs, sources) = frames::find(&reader);
    let frames = Frames { verbs, sources };
    let resolver = Resolver { reader, entities };

    let mut out: Vec<Found> = Vec::with_capacity(cands.len());
    let mut said: Vec<Said> = Vec::with_capacity(cands.len());
    let mut runs_on: Vec<bool> = Vec::with_capacity(cands.len());
    let mut prev: Option<Clue> = None;
    for (i, c) in cands.iter().enumerate() {
        let clue = clues::clue(&reader, &frames, i, prev.as_ref());
        let shape = classify::Shape::of(&layout, i);
        let continued = c.close.is_none() || c.continues;
        let term = clues::named_term(&reader, i);
        let Some(kind) = classify::judge(&shape, &clue, continued, term) else {
            prev = None;
            continue;
        };
        let open = layout.quotes[i].open;
        let paragraph = c.paragraph;
        let verb_span = |v: usize| {
            let t = &body.tokens[v];
            Span::new(Field::Body, t.start, t.end)
        };
        let (resolved, attribution, verb) = match clue.how {
            How::Middle(_) => {
                let last = out.last().expect("the first half was accepted");
                let r = said.last().and_then(|s| s.speaker.clone());
                (r, last.attribution, last.verb)
            }
            How::Nothing
                if shape.comma_after
                    && !shape.whole
                    && (clues::name_after(&reader, i).is_some()
                        || !classify::embedded_clause(&shape)) =>
            {
                // An attribution whose verb is not in the data: a name right
                // after the comma is the speaker.
                match clues::name_after(&reader, i) {
                    Some(m) => (Some(resolver.named(m)), Attribution::Explicit, None),
                    None => (None, Attribution::None, None),
                }
            }
            How::Nothing if classify::embedded_clause(&shape) => {
                // Someone's words inside the reporter's sentence: the
                // sentence's subject said them, else the speaker before.
                let region = layout.regions[layout.quotes[i].region].clone();
                let window = region.start..open.min(region.start + SUBJECT_WINDOW);
                let subject = reader.subject(window, Mode::Before);
                let r = match subject {
                    Subject::Named(_) | Subject::Pronoun(_) | Subject::Role { .. } => {
                        speaker_of(&resolver, subject, open, paragraph, &said).0
                    }
                    _ => None,
                };
                match r {
                    Some(r) => (Some(r), Attribution::Context, None),
                    None => {
                        let carried = said
                            .last()
                            .filter(|s| s.paragraph == paragraph)
                            .and_then(|s| s.speaker.clone());
                        let how = match carried {
                            Some(_) => Attribution::Context,
                            None => Attribution::None,
                        };
                        (carried, how, None)
                    }
                }
            }
            How::Nothing => {
                let carried = said
                    .last()
                    .filter(|s| {
                        s.paragraph == paragraph || (c.continues && s.paragraph + 1 == paragraph)
                    })
                    .and_then(|s| s.speaker.clone());
                // The paragraph's first quote, a sentence of its own: the
                // sentence before it introduces its speaker.
                let first = said.last().is_none_or(|s| s.paragraph != paragraph);
                let carried = match carried {
                    None if first && shape.initial && !c.continues => {
                        lead_in::speaker(&resolver, &frames, i, paragraph, &said)
                    }
                    r => r,
                };
                let how = if carried.is_some() {
                    Attribution::Context
                } else {
                    Attribution::None
                };
                (carried, how, None)
            }
            _ => {
                let (r, how) = speaker_of(&resolver, clue.subject, open, paragraph, &said);
                (r, how, clue.verb.map(verb_span))
            }
        };
        // The parts of a quote running over paragraphs share one speaker: an
        // attribution found for a later part names the earlier ones too.
        if c.continues && resolved.is_some() {
            let chain = (0..out.len())
                .rev()
                .take_while(|&k| out[k].speaker.is_none() && runs_on[k])
                .collect::<Vec<_>>();
            for k in chain {
                out[k].speaker = resolved.as_ref().map(|r| r.speaker.clone());
                out[k].attribution = Attribution::Context;
                said[k].speaker = resolved.clone();
            }
        }
        runs_on.push(c.close.is_none());
        let anonymous = resolved.is_none()
            && clue.how != How::Nothing
            && (matches!(clue.subject, Subject::Nobody | Subject::Unnamed)
                || said
                    .last()
                    .is_some_and(|s| s.paragraph == paragraph && s.anonymous));
        said.push(Said {
            paragraph,
            speaker: resolved.clone(),
            anonymous,
            after: layout.quotes[i].after,
        });
        out.push(Found {
            span: Span::new(Field::Body, c.inner.start, c.inner.end),
            kind,
            speaker: resolved.map(|r| r.speaker),
            verb,
            attribution,
        });
        prev = Some(clue);
    }
    out
}

/// How many tokens from its start a sentence's subject is looked for in.
const SUBJECT_WINDOW: usize = 40;

/// The speaker a subject names, and how it was found.
fn speaker_of(
    resolver: &Resolver,
    subject: Subject,
    open: usize,
    paragraph: usize,
    said: &[Said],
) -> (Option<Resolved>, Attribution) {
    let (r, how) = match subject {
        Subject::Named(m) => (Some(resolver.named(m)), Attribution::Explicit),
        Subject::Pronoun(kind) => (
            resolver.from_context(open, paragraph, kind, said),
            Attribution::Context,
        ),
        Subject::Role { noun, kind } => (
            resolver.from_role(noun, kind, open, paragraph, said),
            Attribution::Context,
        ),
        Subject::Nobody | Subject::Unnamed => (None, Attribution::None),
        Subject::Implicit | Subject::Inherit(_) => (
            resolver.from_context(open, paragraph, Kind::Any, said),
            Attribution::Context,
        ),
    };
    match r {
        Some(r) => (Some(r), how),
        None => (None, Attribution::None),
    }
}
