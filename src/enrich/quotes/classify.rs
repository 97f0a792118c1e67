//! Is a quoted span a quotation, and is it whole or a fragment?
//!
//! Quotation marks also wrap titles (`"Povere creature!"`), scare quotes
//! (`contro il "male"`) and terms (`so-called "red wall"`). A span is a
//! quotation only on evidence, and precision comes first:
//! - it continues a quote (split by its attribution, or running over
//!   paragraphs);
//! - an attribution stands right after it, or a colon right before it;
//! - a speech verb or source phrase earlier in its sentence governs it, close
//!   enough for its length: a single word needs the verb within a few words
//!   (`ha definito il Piano "complementare"`), longer fragments less so;
//!   a short fragment also needs someone to have said it; a lowercase one
//!   of reported speech whose verb has a speaker is governed anywhere in its
//!   sentence (`said … the vote was "unanimous"`), unless an article makes
//!   it a term;
//! - a long lowercase run inside the reporter's sentence is speech even with
//!   no verb near (`che ''non chiedono di essere ascoltati…''`);
//! - with no clue at all, only a capitalised clause opening its sentence
//!   counts: a whole sentence of several words (a further sentence of the
//!   same speaker), or one followed by a comma (its attribution uses a verb
//!   the data does not list).
//!
//! Title-cased spans and spans right after a naming word are never quotes
//! unless attributed outright; spans glued to a word (`„Bild“-Zeitung`)
//! never are.
//!
//! A quotation is [`QuoteKind::Direct`] when it stands as a sentence of its
//! own — it opens its sentence, follows a colon, continues a quote, holds
//! several sentences, or is a capitalised clause after a comma or right after
//! its verb — and [`QuoteKind::Partial`] when it is a fragment embedded in the
//! reporter's sentence.

use super::clues::{Clue, How};
use super::layout::Layout;
use super::lexicon::{Class, Kind};
use super::subject::Subject;
use crate::enrich::output::QuoteKind;

/// How close a governing verb must be, by the fragment's length in words
/// (a single word right after an article is most often a term: `il "male"`).
/// A lowercase fragment of reported speech whose verb has a speaker
/// (`Lagarde said … the decision was "unanimous"`, `aseguró que … dará
/// "certeza"`) is governed anywhere in its sentence, unless an article
/// makes it a term.
fn reach(words: usize, after_article: bool, reported: bool) -> usize {
    match (words, after_article) {
        (0, _) => 0,
        (1 | 2, false) if reported => REPORTED_REACH,
        (1, true) => 3,
        (1, false) => 8,
        (2, _) => 10,
        _ => usize::MAX,
    }
}

/// How far in tokens a speech verb with a speaker governs a short lowercase
/// fragment of its sentence.
const REPORTED_REACH: usize = 40;

/// True when the clue names who speaks: a name, a known role or a pronoun.
fn has_speaker(subject: Subject) -> bool {
    match subject {
        Subject::Named(_) | Subject::Pronoun(_) => true,
        Subject::Role { kind, .. } => kind != Kind::Any,
        _ => false,
    }
}

/// What a quote looks like on its own.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// Words and numbers inside.
    pub words: usize,
    /// Opens its sentence (or follows a dash).
    pub initial: bool,
    /// Follows a colon.
    pub after_colon: bool,
    /// Follows a comma.
    pub after_comma: bool,
    /// Starts with a capital letter.
    pub capital: bool,
    /// Holds more than one sentence.
    pub sentences: bool,
    /// Ends its sentence (only punctuation after it).
    pub whole: bool,
    /// Most of its words are capitalised, like a title.
    pub title: bool,
    /// Follows an article or possessive.
    pub after_article: bool,
    /// Most of its words are capitalised, wherever it stands (`"The Boys in
    /// the Boat," directed by …`).
    pub title_case: bool,
    /// Its closing mark is glued to a word or hyphen: part of a compound
    /// (`„Bild“-Zeitung`), a name, not a quote.
    pub compound: bool,
    /// A comma or dash follows it, or it ends with a comma: the shape of a
    /// quote with its attribution after it (`"…", ha sottolineato X`).
    pub comma_after: bool,
}

impl Shape {
    /// The shape of quote `i`.
    pub fn of(l: &Layout, i: usize) -> Shape {
        let q = &l.quotes[i];
        let region = l.regions[q.region].clone();
        let inner = q.inner.clone();
        // Its words and numbers, how many are capitalised, and the first.
        let (mut words, mut caps, mut capital) = (0, 0, false);
        for t in inner.clone() {
            if l.field.tokens[t].kind == crate::enrich::document::TokenKind::Punct {
                continue;
            }
            let cap = l.is_capitalised(t);
            capital |= words == 0 && cap;
            words += 1;
            caps += usize::from(cap);
        }
        let before = q.open.checked_sub(1).filter(|&p| p >= region.start);
        let initial = before.is_none_or(|p| l.is_punct(p, &['-', '–', '—', '(']));
        // A terminator followed, later in the quote, by a capitalised word.
        let mut seen_end = false;
        let mut sentences = false;
        for t in inner.clone() {
            if l.is_punct(t, &['.', '!', '?', '…']) {
                seen_end = true;
            } else if l.is_word(t) {
                if seen_end && l.is_capitalised(t) {
                    sentences = true;
                    break;
                }
                seen_end = false;
            }
        }
        let whole = (q.after..region.end).all(|t| !l.is_word(t) && l.quote_at(t).is_none());
        let after_colon = before.is_some_and(|p| l.is_punct(p, &[':']));
        let title = words >= 2 && capital && caps * 5 >= words * 4 && !initial && !after_colon;
        let title_case = words >= 2 && capital && caps * 5 >= words * 3;
        Shape {
            words,
            initial,
            after_colon,
            after_comma: before.is_some_and(|p| l.is_punct(p, &[','])),
            capital,
            sentences,
            whole,
            title,
            compound: q.after < l.field.tokens.len()
                && q.after > 0
                && l.field.tokens[q.after - 1].touches(&l.field.tokens[q.after])
                && (l.is_word(q.after) || l.is_punct(q.after, &['-'])),
            comma_after: (q.after < region.end && l.is_punct(q.after, &[',', '–', '—']))
                || (q.inner.end > q.inner.start && l.is_punct(q.inner.end - 1, &[','])),
            title_case,
            after_article: before.is_some_and(|p| l.is_word(p) && l.class(p).is(Class::DETERMINER)),
        }
    }
}

/// The kind of a quote with `shape` and `clue`, or `None` when it is no
/// quotation. `continued` says it is part of a quote over several
/// paragraphs; `term` that a naming word stands before it.
pub fn judge(shape: &Shape, clue: &Clue, continued: bool, term: bool) -> Option<QuoteKind> {
    let s = shape;
    if s.words == 0 {
        return None;
    }
    let middle = matches!(clue.how, How::Middle(_));
    let accept = continued
        || middle
        || (!term
            && !s.compound
            && match clue.how {
                How::After => true,
                How::Colon => !s.title,
                // A reported-speech form alone: a clause fragment only.
                How::Source if clue.subject == Subject::Implicit => {
                    s.words >= 3
                        && clue.distance <= reach(s.words, s.after_article, false)
                        && !s.title
                }
                How::Before | How::Source => {
                    let reported = !s.capital && has_speaker(clue.subject);
                    clue.distance <= reach(s.words, s.after_article, reported)
                        && !s.title
                        && !(s.words <= 2 && clue.subject == Subject::Nobody)
                }
                How::Later => s.words >= 2 && !s.title,
                How::Anaphor => s.initial && s.words >= 3,
                How::Middle(_) => true,
                How::Nothing => {
                    (s.initial
                        && s.capital
                        && ((s.whole && s.words >= 4)
                            || (s.comma_after && s.words >= 3 && !s.title_case)))
                        || embedded_clause(s)
                }
            });
    if !accept {
        return None;
    }
    let direct = s.initial
        || s.after_colon
        || continued
        || middle
        || s.sentences
        || (s.capital
            && s.words >= 3
            && (s.after_comma || (clue.how == How::Before && clue.distance == 0)));
    Some(if direct {
        QuoteKind::Direct
    } else {
        QuoteKind::Partial
    })
}

/// A lowercase run of several words inside the reporter's sentence, with no
/// speech verb near: too long for a term or a title, it is someone's words
/// (`che ''non chiedono di essere ascoltati per cortesia''`).
pub fn embedded_clause(s: &Shape) -> bool {
    s.words >= EMBEDDED_WORDS && !s.capital && !s.initial && !s.after_colon && !s.title_case
}

/// Words a quoted fragment needs to count as speech without any clue.
const EMBEDDED_WORDS: usize = 5;

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(words: usize) -> Shape {
        Shape {
            words,
            initial: false,
            after_colon: false,
            after_comma: false,
            capital: false,
            sentences: false,
            whole: false,
            title: false,
            after_article: false,
            title_case: false,
            compound: false,
            comma_after: false,
        }
    }

    fn clue(how: How, distance: usize, subject: Subject) -> Clue {
        Clue {
            how,
            subject,
            verb: None,
            distance,
        }
    }

    const NAMED: Subject = Subject::Named(0);

    #[test]
    fn a_governing_verb_must_be_closer_for_shorter_fragments() {
        let near = clue(How::Before, 3, Subject::Implicit);
        let far = clue(How::Before, 12, Subject::Implicit);
        assert_eq!(
            judge(&shape(1), &near, false, false),
            Some(QuoteKind::Partial)
        );
        assert_eq!(judge(&shape(1), &far, false, false), None);
        assert_eq!(judge(&shape(2), &far, false, false), None);
        // Reported speech: a verb with a named speaker governs its sentence.
        let named_far = clue(How::Before, 30, NAMED);
        assert_eq!(
            judge(&shape(1), &named_far, false, false),
            Some(QuoteKind::Partial)
        );
        let capitalised = Shape {
            capital: true,
            ..shape(1)
        };
        assert_eq!(judge(&capitalised, &named_far, false, false), None);
        assert_eq!(
            judge(&shape(5), &far, false, false),
            Some(QuoteKind::Partial)
        );
        let article = Shape {
            after_article: true,
            ..shape(1)
        };
        assert_eq!(
            judge(&article, &clue(How::Before, 5, NAMED), false, false),
            None
        );
    }

    #[test]
    fn short_fragments_need_someone_to_have_said_them() {
        let c = clue(How::Before, 2, Subject::Nobody);
        assert_eq!(judge(&shape(2), &c, false, false), None);
        assert!(judge(&shape(4), &c, false, false).is_some());
    }

    #[test]
    fn titles_terms_and_compounds_are_no_quotes() {
        let c = clue(How::Before, 1, NAMED);
        let title = Shape {
            title: true,
            ..shape(3)
        };
        assert_eq!(judge(&title, &c, false, false), None);
        assert_eq!(judge(&shape(3), &c, false, true), None);
        let glued = Shape {
            compound: true,
            ..shape(1)
        };
        assert_eq!(
            judge(&glued, &clue(How::After, 0, NAMED), false, false),
            None
        );
    }

    #[test]
    fn whole_clauses_are_direct() {
        let nothing = clue(How::Nothing, usize::MAX, Subject::Implicit);
        let sentence = Shape {
            initial: true,
            whole: true,
            capital: true,
            ..shape(6)
        };
        assert_eq!(
            judge(&sentence, &nothing, false, false),
            Some(QuoteKind::Direct)
        );
        // A long lowercase run inside a sentence is someone's words.
        assert_eq!(
            judge(&shape(6), &nothing, false, false),
            Some(QuoteKind::Partial)
        );
        assert_eq!(judge(&shape(4), &nothing, false, false), None);
        let capitalised = Shape {
            capital: true,
            ..shape(6)
        };
        assert_eq!(judge(&capitalised, &nothing, false, false), None);
        let colon = Shape {
            after_colon: true,
            ..shape(2)
        };
        assert_eq!(
            judge(&colon, &clue(How::Colon, 0, NAMED), false, false),
            Some(QuoteKind::Direct)
        );
        assert_eq!(
            judge(&shape(2), &nothing, true, false),
            Some(QuoteKind::Direct)
        );
    }
}
