//! What the words around a quote say about it: the attribution clue.
//!
//! Clues, strongest first:
//! - [`How::After`]: an attribution right after the closing mark (only
//!   punctuation and adverbs between): `"…", ha detto Kim`, `“…,” said X`,
//!   `“…,” Green said`, `„…“, so Müller`;
//! - [`How::Middle`]: the second half of a quote split by its attribution:
//!   `"La situazione", ha detto X, "è grave"`;
//! - [`How::Colon`]: a colon before the opening mark: `X ha dichiarato: «…»`,
//!   `X: «…»`;
//! - [`How::Before`]: a speech verb earlier in the sentence (`ha promesso di
//!   “elevare…”`), with its distance in tokens;
//! - [`How::Source`]: a source phrase in the sentence (`secondo X`);
//! - [`How::Later`]: an attribution later in the sentence, after a comma
//!   (`''…'' e intende ''…'' con Mosca, ha dichiarato Kim`);
//! - [`How::Anaphor`]: the next sentence points back (`Così X ha aperto…`),
//!   or opens with a speech verb that does (`''…''. Lo ha detto X`).

use super::frames::{window_end, Frame};
use super::layout::Layout;
use super::lexicon::Class;
use super::subject::{Mode, Reader, Subject};

/// Which clue was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// Attribution right after the quote.
    After,
    /// Second half of a split quote; the index of the first half.
    Middle(usize),
    /// Colon before the quote.
    Colon,
    /// Speech verb earlier in the sentence.
    Before,
    /// Source phrase in the sentence.
    Source,
    /// Attribution later in the sentence.
    Later,
    /// The next sentence points back.
    Anaphor,
    /// Nothing.
    Nothing,
}

/// The clue for one quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clue {
    /// Which clue.
    pub how: How,
    /// Who it says speaks.
    pub subject: Subject,
    /// The speech verb's token, if any.
    pub verb: Option<usize>,
    /// Tokens between the clue and the quote.
    pub distance: usize,
}

impl Clue {
    fn of(how: How, f: &Frame, distance: usize) -> Clue {
        Clue {
            how,
            subject: f.subject,
            verb: f.verb,
            distance,
        }
    }

    const NOTHING: Clue = Clue {
        how: How::Nothing,
        subject: Subject::Implicit,
        verb: None,
        distance: usize::MAX,
    };
}

/// The frames of a body, for lookups by token.
#[derive(Debug)]
pub struct Frames {
    /// Speech-verb frames, in text order.
    pub verbs: Vec<Frame>,
    /// Source frames, in text order.
    pub sources: Vec<Frame>,
}

/// How many tokens an NP may take between a quote and its verb (`“…,” U.N.
/// Secretary-General Antonio Guterres told`).
const NP_BEFORE_VERB: usize = 10;

/// Finds the clue for quote `i`; `prev` is the clue of quote `i - 1` when
/// that quote was accepted.
pub fn clue(reader: &Reader, frames: &Frames, i: usize, prev: Option<&Clue>) -> Clue {
    let l = reader.layout;
    let q = &l.quotes[i];
    let region = l.regions[q.region].clone();
    let in_region = |f: &&Frame| f.region == q.region;

    // After: only punctuation and fillers between the closing mark and the frame.
    let mut t = q.after;
    let mut punct = 0;
    while t < region.end && l.quote_at(t).is_none() {
        if l.is_punct(t, &[',', '—', '–', '-', ')']) {
            punct += 1;
        } else if !(l.is_word(t) && l.class(t).is(Class::FILLER)) {
            break;
        }
        t += 1;
    }
    let last_punct = |set: &[char]| q.inner.end > q.inner.start && l.is_punct(q.inner.end - 1, set);
    let ends_punct = last_punct(&[',', '.', '!', '?', '…', ';']);
    let ends_clause = punct > 0 || last_punct(&[',', '!', '?']);
    // A sentence-opening quote may take its verb with no comma between
    // (`«Siamo pronti» ha detto il ministro`); elsewhere a bare participle
    // after a span is no attribution (`il "matrimonio" annunciato`).
    let opens_sentence = q.open == region.start || l.is_punct(q.open - 1, &['-', '–', '—', '(']);
    let verb_at = |t: usize| {
        let k = frames.verbs.partition_point(|f| f.group.start < t);
        frames.verbs.get(k).is_some_and(|f| f.group.start == t)
    };
    let glued = punct == 0 && !ends_punct && opens_sentence && verb_at(t);
    if (punct > 0 || ends_punct || glued) && t < region.end && l.quote_at(t).is_none() {
        let by_start = |list: &[Frame]| {
            let k = list.partition_point(|f| f.group.start < t);
            list.get(k).filter(|f| f.group.start == t).cloned()
        };
        if let Some(f) = by_start(&frames.verbs).or_else(|| by_start(&frames.sources)) {
            return Clue::of(How::After, &f, 0);
        }
        let k = frames.verbs.partition_point(|f| f.group.start < t);
        if let Some(f) = frames.verbs.get(k).filter(in_region) {
            let between = t..f.group.start;
            if ends_clause
                && between.len() <= NP_BEFORE_VERB
                && between.clone().all(|i| {
                    l.quote_at(i).is_none()
                        && !l.is_punct(i, &[';', ':'])
                        && !(l.is_word(i) && l.class(i).is(Class::CLAUSE_BREAK))
                })
                && subject_between(reader, f, &between)
            {
                return Clue::of(How::After, f, 0);
            }
        }
    }

    let before = q.open.checked_sub(1).filter(|&p| p >= region.start);

    // Middle: the previous quote's attribution sits between the two halves.
    if let (Some(p), Some(pc)) = (before, prev) {
        let j = i - 1;
        let pq = &l.quotes[j];
        if pc.how == How::After
            && pq.region == q.region
            && q.open - pq.after <= NP_BEFORE_VERB + 6
            && l.is_punct(p, &[',', '—', '–', '-', ':'])
        {
            return Clue {
                how: How::Middle(j),
                ..*pc
            };
        }
    }

    // Colon: the clause before the colon says who.
    if let Some(p) = before.filter(|&p| l.is_punct(p, &[':'])) {
        let start = (region.start..p)
            .rev()
            .find(|&k| l.quote_at(k).is_some())
            .map_or(region.start, |k| k + 1);
        let k = frames.verbs.partition_point(|f| f.group.end <= p);
        if let Some(f) = k
            .checked_sub(1)
            .map(|k| &frames.verbs[k])
            .filter(|f| f.region == q.region && f.group.start >= start)
        {
            return Clue::of(How::Colon, f, p - f.group.end);
        }
        let subject = match reader.subject(start..p, Mode::Before) {
            Subject::Inherit(_) => Subject::Implicit,
            s => s,
        };
        return Clue {
            how: How::Colon,
            subject,
            verb: None,
            distance: 0,
        };
    }

    // Before or Source: the nearest speech verb earlier in the sentence, or a
    // source phrase anywhere in it, whichever is closer.
    let k = frames.verbs.partition_point(|f| f.group.end <= q.open);
    let verb = k
        .checked_sub(1)
        .map(|k| &frames.verbs[k])
        .filter(in_region)
        .map(|f| Clue::of(How::Before, f, q.open - f.group.end));
    let k = frames.sources.partition_point(|f| f.group.end <= q.open);
    let earlier = k
        .checked_sub(1)
        .map(|k| &frames.sources[k])
        .filter(in_region)
        .map(|f| Clue::of(How::Source, f, q.open - f.group.end));
    let later = frames
        .sources
        .get(k)
        .filter(in_region)
        .filter(|f| f.group.start >= q.after)
        .map(|f| Clue::of(How::Source, f, f.group.start - q.after));
    // A reported-speech form (`sei`) counts only where no speech verb does.
    let reported = |c: &Clue| c.subject == Subject::Implicit && c.verb.is_none();
    let (earlier, later) = match verb {
        Some(_) => (
            earlier.filter(|c| !reported(c)),
            later.filter(|c| !reported(c)),
        ),
        None => (earlier, later),
    };
    let nearest = [verb, earlier, later]
        .into_iter()
        .flatten()
        .min_by_key(|c| c.distance);
    if let Some(c) = nearest {
        return c;
    }

    // Later: an attribution further on in the sentence, after a comma.
    let k = frames.verbs.partition_point(|f| f.group.start < q.after);
    if let Some(f) = frames.verbs.get(k).filter(in_region) {
        if f.group.start > region.start && l.is_punct(f.group.start - 1, &[',', '—', '–']) {
            return Clue::of(How::Later, f, f.group.start - q.after);
        }
    }

    // Anaphor: the next sentence of the paragraph opens by pointing back.
    if let Some(next) = l.regions.get(q.region + 1) {
        let same_paragraph =
            l.region_paragraph.get(q.region + 1) == l.region_paragraph.get(q.region);
        let first = next.start;
        let ends_sentence = same_paragraph && region.end <= q.after + 2;
        // `''…''. Lo ha detto il presidente X`, `Así lo dijo X`: the next
        // sentence opens with a speech verb pointing back (at most an
        // anaphor word before its group).
        let k = frames.verbs.partition_point(|f| f.group.start < first);
        let opening = frames.verbs.get(k).filter(|f| {
            let anaphor =
                f.group.start == first + 1 && l.is_word(first) && l.class(first).is(Class::ANAPHOR);
            f.region == q.region + 1 && (f.group.start == first || anaphor)
        });
        if let Some(f) = opening.filter(|_| ends_sentence && first < next.end) {
            return Clue::of(How::Anaphor, f, 0);
        }
        if ends_sentence
            && first < next.end
            && l.is_word(first)
            && l.class(first).is(Class::ANAPHOR)
        {
            let end = window_end(l, first + 1, next.end, 16);
            let subject = reader.subject(first + 1..end, Mode::After);
            return Clue {
                how: How::Anaphor,
                subject,
                verb: None,
                distance: 0,
            };
        }
    }
    Clue::NOTHING
}

/// A name within a few words after quote `i`'s closing mark and its comma,
/// with nothing but words between (`"…", ha rincarato Rossi`).
pub fn name_after(reader: &Reader, i: usize) -> Option<usize> {
    let l = reader.layout;
    let q = &l.quotes[i];
    let region = &l.regions[q.region];
    let end = window_end(l, q.after, region.end, 6);
    (q.after..end)
        .take_while(|&t| l.is_word(t) || l.is_punct(t, &[',', '–', '—', '\'', '’']))
        .find_map(|t| reader.mentions.starting_at(t))
        .filter(|&m| {
            let mention = &reader.mentions.list[m];
            mention.can_speak()
                && reader.mentions.in_context(m)
                && !reader.in_phrase(mention.tokens.start)
        })
}

/// True when frame `f`'s subject is written in `between` (`“…,” Green
/// said`), not inherited from elsewhere (`«cero», es decir`).
fn subject_between(reader: &Reader, f: &Frame, between: &std::ops::Range<usize>) -> bool {
    let l = reader.layout;
    match f.subject {
        Subject::Named(m) => between.contains(&reader.mentions.list[m].tokens.start),
        Subject::Role { noun, .. } => between.contains(&noun),
        Subject::Pronoun(_) => between
            .clone()
            .any(|t| l.is_word(t) && l.class(t).pronoun().is_some()),
        Subject::Nobody | Subject::Unnamed => between.clone().any(|t| {
            l.is_word(t)
                && l.class(t)
                    .is(Class::INDEFINITE.or(Class::NOBODY).or(Class::UNNAMED))
        }),
        Subject::Inherit(_) | Subject::Implicit => false,
    }
}

/// True when a naming word stands right before quote `i` (`so-called "red
/// wall"`, `il cosiddetto "modello"`).
pub fn named_term(reader: &Reader, i: usize) -> bool {
    let l: &Layout = reader.layout;
    let open = l.quotes[i].open;
    (open.saturating_sub(4)..open).any(|t| {
        if !l.class(t).may_open(Class::NAMING) {
            return false;
        }
        let words: Vec<&str> = (t..open).map(|k| l.lower(k)).collect();
        reader.rules.phrase_at(&words, Class::NAMING) == Some(words.len())
    })
}
