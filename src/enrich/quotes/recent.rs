//! Who the sentences just before a quote are about.
//!
//! A pronoun or an implicit subject (`"…", he said`, `"…", admitió`) points
//! to the latest sentence's subject, not to the latest name nor to the
//! previous quote's speaker: in `X said: "…". Y was harsher. "…", he
//! admitted.` the second quote is Y's. And a sentence about a source kept
//! anonymous on purpose (`A doctor there, who asked not to be named, said …`,
//! `un camionista …, che ha chiesto l'anonimato`) leaves the pronoun after
//! it unnamed.
//!
//! The sentences read are the quote's own, up to the quote, and those of its
//! paragraph after the previous quote, at most [`SENTENCES`] of them, each
//! read over [`READ`] tokens: constant work per quote.

use std::ops::Range;

use super::lexicon::Class;
use super::mentions::MentionKind;
use super::subject::{Mode, Reader, Subject};

/// How many sentences before a quote are read.
const SENTENCES: usize = 3;
/// How many tokens of a sentence are read.
const READ: usize = 60;
/// How many tokens from its start a sentence's subject may begin at.
const OPENING: usize = 6;

/// What the sentences before a quote say about its speaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Latest {
    /// The latest sentence with a subject has this name (a mention index)
    /// as its subject.
    Named(usize),
    /// The quote's sentence or the latest one is about a source kept
    /// anonymous.
    Anonymous,
    /// Nothing that changes the usual order.
    Unknown,
}

/// Reads the sentences before the quote opening at token `open`, back to
/// token `since` (the end of the previous quote of the paragraph, or 0).
pub fn latest(reader: &Reader, open: usize, since: usize) -> Latest {
    let l = reader.layout;
    if l.regions.is_empty() {
        return Latest::Unknown;
    }
    let q = l.region_of(open);
    let paragraph = l.region_paragraph[q];
    if anonymous_in(reader, l.regions[q].clone()) {
        return Latest::Anonymous;
    }
    // The quote's own sentence first, up to the quote (`Il collega X,
    // cardiologo, andrà a Crotone: secondo lui "…"`), then the ones before.
    for r in (0..=q).rev().take(SENTENCES + 1) {
        let region = l.regions[r].clone();
        if l.region_paragraph[r] != paragraph || region.start < since {
            break;
        }
        if r == q {
            let end = open.min(region.start + READ);
            if let Subject::Named(m) = reader.subject(region.start..end, Mode::Before) {
                if opens_with_person(reader, m, region.start) {
                    return Latest::Named(m);
                }
            }
            continue;
        }
        if anonymous_in(reader, region.clone()) {
            return Latest::Anonymous;
        }
        let end = region.end.min(region.start + READ);
        match reader.subject(region.start..end, Mode::Before) {
            // Only a person opening the sentence is surely its subject: a
            // name further in may stand in a clause of its own (`Von
            // Hallwyl, der mit seinem Verteidiger X erschien`), and an
            // organisation there is often no subject at all (`99 Prozent
            // der DNA`).
            Subject::Named(m) => {
                return if opens_with_person(reader, m, region.start) {
                    Latest::Named(m)
                } else {
                    Latest::Unknown
                };
            }
            // A pronoun or no subject: the sentence goes on about the one
            // before it.
            Subject::Pronoun(_) | Subject::Implicit | Subject::Inherit(_) => {}
            _ => return Latest::Unknown,
        }
    }
    Latest::Unknown
}

/// True when mention `m` is a person's name opening the sentence that
/// starts at token `start`.
fn opens_with_person(reader: &Reader, m: usize, start: usize) -> bool {
    let mention = &reader.mentions.list[m];
    mention.kind == MentionKind::Person && mention.tokens.start < start + OPENING
}

/// True when the sentence `region` (its first [`READ`] tokens × 2, quotes
/// skipped) holds a word or phrase marking an anonymous source.
fn anonymous_in(reader: &Reader, region: Range<usize>) -> bool {
    let l = reader.layout;
    let end = region.end.min(region.start + 2 * READ);
    (region.start..end).any(|t| {
        if l.quote_at(t).is_some() || !l.is_word(t) {
            return false;
        }
        let c = l.class(t);
        if c.is(Class::ANONYMOUS) {
            return true;
        }
        c.may_open(Class::ANONYMOUS) && {
            let (words, n) = l.words_from::<4>(t);
            reader
                .rules
                .phrase_at(&words[..n], Class::ANONYMOUS)
                .is_some()
        }
    })
}
