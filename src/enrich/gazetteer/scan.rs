//! Finding every gazetteer name in a text, in one pass.
//!
//! The text is folded once ([`FoldedText`]) and searched with an
//! Aho–Corasick automaton over all folded keys. The automaton reports every
//! key ending at every position (overlapping search); a hit counts only at
//! word boundaries (the characters around it are not letters or digits, so
//! `Roma` is not found in `Romania` and `US` not in `because`). Among the
//! hits that remain, the scanner keeps leftmost-longest ones, left to right:
//! `New York City` over `New York`, `Città del Vaticano` over `Vaticano`.
//! Doing the boundary test before choosing means a longer key that fails it
//! (`Parisi` inside `Parisian`) never hides a shorter one that passes.
//!
//! Time is linear in the text plus the number of raw matches; the automaton
//! is built once, at load.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use super::entry::{Candidate, CaseMatch};
use super::fold::FoldedText;
use crate::enrich::resources::ResourceError;

/// One gazetteer name found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit<'g, 't> {
    /// Byte offset of the first character, in the scanned text.
    pub start: usize,
    /// Byte offset past the last character.
    pub end: usize,
    /// The text as written (`text[start..end]`).
    pub text: &'t str,
    /// Everything this spelling may name, most populous first.
    pub candidates: &'g [Candidate],
}

impl<'g> Hit<'g, '_> {
    /// The candidates whose listed spelling fits the text's case
    /// ([`CaseMatch::is_plausible`]): drops the city `Nice` for the word
    /// `nice` and the party `IL` for the article `Il`. Order is kept.
    pub fn plausible(&self) -> impl Iterator<Item = &'g Candidate> + '_ {
        self.candidates
            .iter()
            .filter(|c| CaseMatch::of(self.text, c.surface).is_plausible())
    }
}

/// The compiled automaton over every key.
#[derive(Debug, Clone)]
pub struct Scanner {
    automaton: AhoCorasick,
}

impl Scanner {
    /// Builds the automaton; pattern `i` is key `i`.
    pub fn new(keys: &[Box<str>]) -> Result<Scanner, ResourceError> {
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(keys.iter().map(|k| k.as_bytes()))
            .map_err(|e| ResourceError::Malformed {
                path: "shared/geo/places.tsv".to_owned(),
                line: 0,
                message: format!("gazetteer automaton: {e}"),
            })?;
        Ok(Scanner { automaton })
    }

    /// Bytes of heap the automaton uses.
    pub fn memory_usage(&self) -> usize {
        self.automaton.memory_usage()
    }

    /// Non-overlapping, leftmost-longest (key index, original span) matches
    /// at word boundaries.
    pub fn find(&self, text: &str) -> Vec<(usize, usize, usize)> {
        let folded = FoldedText::new(text);
        let hay = folded.text.as_str();
        let mut raw: Vec<(usize, usize, usize)> = self
            .automaton
            .find_overlapping_iter(hay)
            .filter(|m| at_boundary(hay, m.start(), m.end()))
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect();
        // Leftmost first, then longest.
        raw.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut out = Vec::new();
        let mut next_free = 0;
        for (s, e, key) in raw {
            if s < next_free {
                continue;
            }
            next_free = e;
            out.push((key, folded.start_of(s), folded.end_of(e, text)));
        }
        out
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// True when `hay[start..end]` is not glued to a letter or digit on either side.
fn at_boundary(hay: &str, start: usize, end: usize) -> bool {
    let before = hay[..start].chars().next_back();
    let after = hay[end..].chars().next();
    let first = hay[start..end].chars().next();
    let last = hay[start..end].chars().next_back();
    // A key that itself starts or ends with punctuation ("U.S.", "'Asir") only
    // needs the other side to be free.
    let left_ok =
        before.is_none_or(|c| !is_word_char(c)) || first.is_some_and(|c| !is_word_char(c));
    let right_ok = after.is_none_or(|c| !is_word_char(c)) || last.is_some_and(|c| !is_word_char(c));
    left_ok && right_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scanner(keys: &[&str]) -> Scanner {
        let keys: Vec<Box<str>> = keys.iter().map(|k| Box::from(*k)).collect();
        Scanner::new(&keys).unwrap()
    }

    fn found<'t>(s: &Scanner, text: &'t str) -> Vec<(usize, &'t str)> {
        s.find(text)
            .into_iter()
            .map(|(k, a, b)| (k, &text[a..b]))
            .collect()
    }

    #[test]
    fn leftmost_longest_at_word_boundaries() {
        let s = scanner(&["new york", "new york city", "york", "roma", "us"]);
        assert_eq!(
            found(
                &s,
                "NEW YORK CITY (Reuters) - From New York to Roma, thus us."
            ),
            vec![
                (1, "NEW YORK CITY"),
                (0, "New York"),
                (3, "Roma"),
                (4, "us")
            ]
        );
        assert_eq!(found(&s, "Romania, because"), vec![]);
    }

    #[test]
    fn a_longer_key_failing_the_boundary_does_not_hide_a_shorter_one() {
        let s = scanner(&["paris", "parisi"]);
        assert_eq!(found(&s, "Parisi"), vec![(1, "Parisi")]);
        assert_eq!(found(&s, "Parisian Paris"), vec![(0, "Paris")]);
    }

    #[test]
    fn spans_are_original_bytes_through_accents_and_elision() {
        let s = scanner(&["citta del vaticano", "italia", "u.s."]);
        let text = "Da Città  del Vaticano all'Italia, U.S.-backed";
        assert_eq!(
            found(&s, text),
            vec![(0, "Città  del Vaticano"), (1, "Italia"), (2, "U.S.")]
        );
    }

    #[test]
    fn empty_and_nameless_texts_give_nothing() {
        let s = scanner(&["roma"]);
        assert!(s.find("").is_empty());
        assert!(s.find("nulla da segnalare qui").is_empty());
        assert!(s.memory_usage() > 0);
    }
}
