//! Speech frames: each speech verb and source phrase outside the quotes, with
//! its subject.
//!
//! A verb's group is the verb with the auxiliaries, clitics and adverbs
//! before it (`si è detto`, `ha poi detto`, `a-t-elle affirmé`); the verb
//! itself is what a quote reports as its `verb`. The subject is read
//! ([`Reader::subject`]) after the verb when the verb is inverted — it opens
//! its sentence or follows a quote (`"…", ha detto Kim`, `“…,” said Dan
//! Ives`) — and before it otherwise (`Kim ha detto`, `“…,” Green said`). A
//! French inverted pronoun (`a-t-il ajouté`) is the subject. A gerund with no
//! subject of its own takes its main clause's (`ha detto il diplomatico,
//! aggiungendo che`).
//!
//! A source phrase (`secondo X`, `according to X`, `selon qui`) is a frame
//! without a verb, whose subject follows it (or precedes it: `X zufolge`).
//! A word that marks reported speech by itself (German `sei`, `habe`) is a
//! frame with an implicit subject, the speaker in context.

use std::ops::Range;

use super::layout::Layout;
use super::lexicon::{Class, Kind};
use super::mentions::MentionKind;
use super::subject::{Mode, Reader, Subject};

/// A speech verb or source phrase and who it says speaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// The verb's token; `None` for a source phrase.
    pub verb: Option<usize>,
    /// The tokens of the verb group or the source phrase.
    pub group: Range<usize>,
    /// The region holding it.
    pub region: usize,
    /// Who speaks.
    pub subject: Subject,
}

/// How far a subject is looked for after an inverted verb.
const AFTER_WINDOW: usize = 24;
/// How far back a clause is read for a subject.
const BEFORE_WINDOW: usize = 40;

/// Every speech frame of the body, in text order of their groups.
pub fn find(reader: &Reader) -> (Vec<Frame>, Vec<Frame>) {
    let l = reader.layout;
    let mut verbs: Vec<Frame> = Vec::new();
    let mut sources = Vec::new();
    for (r, region) in l.regions.iter().enumerate() {
        let mut next = region.start;
        while next < region.end {
            let t = next;
            // Every token up to a quote's end is inside some quote.
            if let Some(q) = l.quote_at(t) {
                next = l.quotes[q].after.max(t + 1);
                continue;
            }
            next = t + 1;
            if !l.is_word(t) || !reader.rules.may_frame(l.tok(t)) {
                continue;
            }
            if l.class(t).is_verb() {
                let f = verb_frame(reader, t, r, &verbs);
                verbs.push(f);
            } else if let Some(f) = source_frame(reader, t, r) {
                sources.push(f);
            }
        }
    }
    (verbs, sources)
}

fn verb_frame(reader: &Reader, t: usize, r: usize, earlier: &[Frame]) -> Frame {
    let l = reader.layout;
    let region = l.regions[r].clone();
    let mut g = t;
    let mut inverted: Option<Kind> = None;
    for _ in 0..6 {
        let Some(k) = g.checked_sub(1).filter(|&k| k >= region.start) else {
            break;
        };
        if l.quote_at(k).is_some() {
            break;
        }
        let c = l.class(k);
        let hyphen_before = k > 0 && l.is_punct(k - 1, &['-']);
        if l.is_punct(k, &['\'', '’', '-']) || c.is(Class::AUXILIARY.or(Class::FILLER)) {
            g = k;
        } else if l.is_word(k) && hyphen_before && c.pronoun().is_some() {
            inverted = c.pronoun();
            g = k;
        } else if l.is_word(k)
            && l.lower(k).chars().count() == 1
            && k + 1 < t
            && l.is_punct(k + 1, &['\'', '’'])
        {
            g = k;
        } else {
            break;
        }
    }
    // Don't let a leading apostrophe or hyphen open the group.
    while g < t && !l.is_word(g) {
        g += 1;
    }
    // `Il governo, ha spiegato, "ha accolto…"`: a verb between commas is a
    // parenthesis; its subject is not the noun before it.
    let after = (t + 1..region.end).find(|&k| !(l.is_word(k) && l.class(k).is(Class::FILLER)));
    let parenthetical = g > region.start
        && l.is_punct(g - 1, &[','])
        && after.is_some_and(|k| l.is_punct(k, &[',']))
        && !is_inverted(reader, g, &region);
    let subject = if let Some(kind) = inverted {
        Subject::Pronoun(kind)
    } else if parenthetical {
        earlier
            .last()
            .filter(|f| f.region == r)
            .map_or(Subject::Implicit, |f| f.subject)
    } else if let Some(kind) = pronoun_after(reader, g, t, &region) {
        Subject::Pronoun(kind)
    } else if is_inverted(reader, g, &region) {
        let end = window_end(l, t + 1, region.end, AFTER_WINDOW);
        reader.subject(t + 1..end, Mode::After)
    } else if let Some(s) = inner_subject(reader, g, &region) {
        s
    } else {
        let start = clause_start(reader, g, &region);
        match reader.subject(start..g, Mode::Before) {
            Subject::Inherit(v) => earlier
                .iter()
                .rev()
                .find(|f| f.verb == Some(v))
                .map_or(Subject::Implicit, |f| f.subject),
            Subject::Implicit => {
                let end = window_end(l, t + 1, region.end, 8);
                match reader.subject(t + 1..end, Mode::After) {
                    // `In einer Mitteilung schrieb die Feuerwehr`: after a
                    // fronted phrase the subject follows its verb; a role
                    // counts only when the data knows it.
                    s @ (Subject::Named(_) | Subject::Pronoun(_) | Subject::Unnamed) => s,
                    s @ Subject::Role { kind, noun } if kind != Kind::Any && noun <= t + 3 => s,
                    // `X called it "fantastic" and said: …`: the subject of
                    // the sentence's earlier speech verb.
                    _ => earlier
                        .last()
                        .filter(|f| f.region == r)
                        .map_or(Subject::Implicit, |f| f.subject),
                }
            }
            s => s,
        }
    };
    Frame {
        verb: Some(t),
        group: g..t + 1,
        region: r,
        subject,
    }
}

/// The pronoun right after a verb that follows a comma and closes its
/// clause: `Frankreich verliere viele Fachkräfte, sagte er.`, `…, dijo él
/// en la radio`. The words before the comma are what was said, not who said
/// it; `Smith, 54, said he would resign` has words after its pronoun, and
/// `…, calling it “…”` a quote.
fn pronoun_after(reader: &Reader, g: usize, t: usize, region: &Range<usize>) -> Option<Kind> {
    let l = reader.layout;
    if g <= region.start || !l.is_punct(g - 1, &[',']) {
        return None;
    }
    let mut p = t + 1;
    if p < region.end && l.is_punct(p, &['-']) {
        p += 1;
    }
    if p >= region.end || l.quote_at(p).is_some() || !l.is_word(p) {
        return None;
    }
    let kind = l.class(p).pronoun()?;
    // (`calling it “…”`: a pronoun before a quote is the verb's object.)
    let next = p + 1;
    let closes = next >= region.end
        || (l.quote_at(next).is_none()
            && (!l.is_word(next)
                || l.class(next)
                    .is(Class::PREPOSITION.or(Class::DETERMINER).or(Class::FILLER))));
    closes.then_some(kind)
}

/// True when the verb group starting at `g` comes before its subject: it
/// opens its sentence, or follows a quote (with a comma or dash between).
fn is_inverted(reader: &Reader, g: usize, region: &Range<usize>) -> bool {
    let l = reader.layout;
    let Some(p) = g.checked_sub(1).filter(|&p| p >= region.start) else {
        return true;
    };
    // `‘fantastic’ and said`: a verb joined to the sentence, not inverted.
    if l.class(g).is(Class::FILLER) && !l.class(g).is(Class::AUXILIARY) {
        return false;
    }
    let closes_quote = |i: usize| l.quote_at(i).is_some_and(|q| l.quotes[q].after == i + 1);
    if closes_quote(p) || l.is_punct(p, &[':', ';']) {
        return true;
    }
    l.is_punct(p, &[',', '—', '–', '-', '(']) && p > region.start && closes_quote(p - 1)
}

/// The subject of the innermost clause before the verb group at `g`, when a
/// relative word opens that clause: `X ha fatto sapere che Y ha ringraziato`
/// → Y; `X, che in un messaggio ha parlato` → X (the relative's antecedent).
/// `None` when no relative stands in the clause, or it tells nothing.
fn inner_subject(reader: &Reader, g: usize, region: &Range<usize>) -> Option<Subject> {
    let l = reader.layout;
    let start = clause_start(reader, g, region);
    let k = (start..g)
        .rev()
        .find(|&k| l.quote_at(k).is_none() && l.is_word(k) && l.class(k).is(Class::RELATIVE))?;
    // `X, che assiste Y, ha annunciato`: a relative clause set off by
    // commas closes before the verb; the subject is the main clause's.
    let set_off = k > start && l.is_punct(k - 1, &[',']) && g > k + 1 && l.is_punct(g - 1, &[',']);
    if set_off {
        match reader.subject(start..k - 1, Mode::Before) {
            s @ (Subject::Named(_) | Subject::Pronoun(_)) => return Some(s),
            s @ Subject::Role { kind, .. } if kind != Kind::Any => return Some(s),
            _ => {}
        }
    }
    match reader.subject(k + 1..g, Mode::Before) {
        s @ (Subject::Named(_) | Subject::Pronoun(_)) => Some(s),
        s @ Subject::Role { kind, .. } if kind != Kind::Any => Some(s),
        // An organisation inside a prepositional phrase qualifies the head
        // before it (`presidente di turno dell'Unione africana, che`); a
        // person is the antecedent wherever (`recibió a Marta Gil, que`).
        Subject::Implicit => reader
            .antecedent(k)
            .filter(|&m| {
                let mention = &reader.mentions.list[m];
                mention.kind == MentionKind::Person || !reader.in_phrase(mention.tokens.start)
            })
            .map(Subject::Named),
        _ => None,
    }
}

/// Where a clause ending at `g` starts: after the last quote, clause break,
/// colon or semicolon before it in the region.
fn clause_start(reader: &Reader, g: usize, region: &Range<usize>) -> usize {
    let l = reader.layout;
    let floor = region.start.max(g.saturating_sub(BEFORE_WINDOW));
    let mut k = g;
    while k > floor {
        let i = k - 1;
        if l.quote_at(i).is_some()
            || l.is_punct(i, &[':', ';'])
            || (l.is_word(i) && l.class(i).is(Class::CLAUSE_BREAK))
        {
            return k;
        }
        k = i;
    }
    floor
}

/// The end of a window from `from`: at most `max` tokens, never past the
/// region or into a quote.
pub fn window_end(l: &Layout, from: usize, region_end: usize, max: usize) -> usize {
    let limit = region_end.min(from + max);
    (from..limit)
        .find(|&i| l.quote_at(i).is_some())
        .unwrap_or(limit)
}

fn source_frame(reader: &Reader, t: usize, r: usize) -> Option<Frame> {
    let l = reader.layout;
    let rules = reader.rules;
    let region = l.regions[r].clone();
    let c = l.class(t);
    if c.is(Class::REPORTED) {
        return Some(Frame {
            verb: None,
            group: t..t + 1,
            region: r,
            subject: Subject::Implicit,
        });
    }
    if c.is(Class::SOURCE_BEFORE) {
        let subject = reader
            .antecedent(t)
            .filter(|&m| reader.mentions.list[m].tokens.end == t)
            .map_or(Subject::Unnamed, Subject::Named);
        return Some(Frame {
            verb: None,
            group: t..t + 1,
            region: r,
            subject,
        });
    }
    if !c.may_open(
        Class::SOURCE
            .or(Class::SOURCE_INITIAL)
            .or(Class::SOURCE_AFTER),
    ) {
        return None;
    }
    // `o segundo gol`, `del secondo tempo`: after an article or a
    // preposition the word is an ordinal or a noun, no source.
    if t > region.start
        && l.is_word(t - 1)
        && l.class(t - 1).is(Class::DETERMINER.or(Class::PREPOSITION))
    {
        return None;
    }
    let (words, n) = l.words_from::<4>(t);
    let words = &words[..n];
    let prev = (t > region.start).then(|| t - 1);
    let after_quote = prev.is_some_and(|p| {
        let p = if l.is_punct(p, &[',', '-', '–', '—']) && p > region.start {
            p - 1
        } else {
            p
        };
        l.quote_at(p).is_some_and(|q| l.quotes[q].after == p + 1)
    });
    let initial = prev.is_none_or(|p| l.is_punct(p, &['-', '–', '—', '(']));
    let strong = rules.phrase_at(words, Class::SOURCE);
    let len = strong
        .or_else(|| {
            initial
                .then(|| rules.phrase_at(words, Class::SOURCE_INITIAL))
                .flatten()
        })
        .or_else(|| {
            after_quote
                .then(|| rules.phrase_at(words, Class::SOURCE_AFTER))
                .flatten()
        })?;
    let from = t + len;
    let end = window_end(l, from, region.end, AFTER_WINDOW);
    let relative = from < end && l.is_word(from) && l.class(from).is(Class::RELATIVE);
    let mut subject = match relative {
        true => reader
            .antecedent(t)
            .map_or(Subject::Pronoun(Kind::Any), Subject::Named),
        false => reader.subject(from..end, Mode::After),
    };
    let unnamed = matches!(
        subject,
        Subject::Implicit
            | Subject::Role {
                kind: Kind::Any,
                ..
            }
    );
    if unnamed {
        // `según fuentes del Gobierno`: someone unnamed is quoted; but a
        // word that only sometimes introduces a source (`per`, `so`) with no
        // one after it introduces none.
        strong?;
        subject = Subject::Unnamed;
    }
    Some(Frame {
        verb: None,
        group: t..from,
        region: r,
        subject,
    })
}
