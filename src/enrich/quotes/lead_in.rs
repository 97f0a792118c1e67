//! The sentence that leads into a quote with no attribution of its own.
//!
//! Wire copy often introduces a speaker in one sentence and quotes them in
//! the next, with no verb after the quote: `Le directeur du festival, Tiago
//! Rodrigues, assume ce choix. « Ouvrir la Cour… »`, `Frankreich verliere
//! Fachkräfte, sagte er. „Wir brauchen …“`. When such a quote opens the
//! paragraph's quoting (no quote before it in the paragraph), its speaker is
//! the one the sentence just before it reports (the subject of its speech
//! verb), else the person opening that sentence or the ones before it
//! ([`recent`]). A sentence about a source kept anonymous names no one.
//!
//! Constant work per quote: one binary search among the frames, and
//! [`recent::latest`]'s bounded reading.
//!
//! [`recent`]: super::recent

use super::clues::Frames;
use super::lexicon::Kind;
use super::mentions::MentionKind;
use super::recent::{self, Latest};
use super::resolve::{Resolved, Resolver, Said};
use super::subject::Subject;

/// The speaker of quote `i` (in `paragraph`) that the sentence before it
/// introduces, if any.
pub fn speaker(
    resolver: &Resolver,
    frames: &Frames,
    i: usize,
    paragraph: usize,
    said: &[Said],
) -> Option<Resolved> {
    let reader = &resolver.reader;
    let l = reader.layout;
    let q = &l.quotes[i];
    let region = q.region;
    let before = region.checked_sub(1)?;
    if l.region_paragraph.get(before) != Some(&paragraph) {
        return None;
    }
    // The speech verb of the sentence before, nearest the quote.
    let start = l.regions[region].start;
    let k = frames.verbs.partition_point(|f| f.group.start < start);
    let frame = k
        .checked_sub(1)
        .map(|k| &frames.verbs[k])
        .filter(|f| f.region == before);
    if let Some(f) = frame {
        return match f.subject {
            Subject::Named(m) => Some(resolver.named(m)),
            Subject::Pronoun(kind) => resolver.from_context(f.group.start, paragraph, kind, said),
            Subject::Role { noun, kind } if kind != Kind::Any => {
                resolver.from_role(noun, kind, f.group.start, paragraph, said)
            }
            _ => None,
        };
    }
    match recent::latest(reader, q.open, 0) {
        Latest::Named(m) if reader.mentions.list[m].kind == MentionKind::Person => {
            Some(resolver.named(m))
        }
        _ => None,
    }
}
