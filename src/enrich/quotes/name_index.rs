//! Entity names by their word sequences, for "whose name holds this name"
//! lookups in O(1).
//!
//! A name is compared as its words ([`split_words`]) joined by single spaces
//! ([`joined_words`]): no word holds a space, so two names have the same
//! words exactly when their joined forms are equal, and every run of a name's
//! words is a slice of its joined form. The index keys borrow those slices.

use std::collections::HashMap;

use foldhash::fast::FixedState;
use unicode_normalization::char::is_combining_mark;

use super::lexicon::fold;
#[cfg(doc)]
use super::lexicon::split_words;
use crate::enrich::entities;
use crate::enrich::output::EntityKind;

/// Longest word run indexed.
const MAX_NAME_WORDS: usize = 8;

/// Every run of up to eight words of every person's and
/// organisation's name.
pub struct NameIndex<'n> {
    /// First person or organisation holding the words, and first person.
    runs: HashMap<&'n str, (usize, Option<usize>), FixedState>,
    /// First person of two words or more holding the word.
    full_people: HashMap<&'n str, usize, FixedState>,
}

impl<'n> NameIndex<'n> {
    /// Indexes `entities`, whose names as joined words are `names` (same
    /// order).
    pub fn new(entities: &[entities::Found], names: &'n JoinedNames) -> NameIndex<'n> {
        // Runs of a name of w words: at most w·(w+1)/2.
        let runs: usize = (0..entities.len())
            .filter(|&i| entities[i].kind != EntityKind::Location)
            .map(|i| {
                let w = names.get(i).split(' ').count().min(MAX_NAME_WORDS);
                w * (w + 1) / 2
            })
            .sum();
        let mut index = HashMap::with_capacity_and_hasher(runs, FixedState::default());
        let mut full_people = HashMap::default();
        let mut bounds: Vec<(usize, usize)> = Vec::new();
        for (i, e) in entities.iter().enumerate() {
            if e.kind == EntityKind::Location {
                continue;
            }
            let name = names.get(i);
            bounds.clear();
            let mut start = 0;
            for (sp, _) in name.match_indices(' ') {
                bounds.push((start, sp));
                start = sp + 1;
            }
            if !name.is_empty() {
                bounds.push((start, name.len()));
            }
            if e.kind == EntityKind::Person && bounds.len() >= 2 {
                for &(a, b) in &bounds {
                    full_people.entry(&name[a..b]).or_insert(i);
                }
            }
            for a in 0..bounds.len() {
                for b in a + 1..=bounds.len().min(a + MAX_NAME_WORDS) {
                    let key = &name[bounds[a].0..bounds[b - 1].1];
                    let (_, person) = index.entry(key).or_insert((i, None));
                    if e.kind == EntityKind::Person && person.is_none() {
                        *person = Some(i);
                    }
                }
            }
        }
        NameIndex {
            runs: index,
            full_people,
        }
    }

    /// The person or organisation whose name holds `words` (joined words)
    /// word for word.
    pub fn speaker(&self, words: &str) -> Option<usize> {
        self.runs.get(words).map(|&(s, _)| s)
    }

    /// For a one-word person's name (joined words), the person of a fuller
    /// name holding it.
    pub fn fuller(&self, words: &str) -> Option<usize> {
        if words.is_empty() || words.contains(' ') {
            return None;
        }
        self.full_people.get(words).copied()
    }

    /// The person whose name holds `words` (joined words) word for word.
    pub fn person(&self, words: &str) -> Option<usize> {
        self.runs.get(words).and_then(|&(_, p)| p)
    }
}

/// Every entity's name as joined words, in one buffer.
pub struct JoinedNames {
    text: String,
    ends: Vec<usize>,
}

impl JoinedNames {
    /// The names of `entities`, in their order.
    pub fn of(entities: &[entities::Found]) -> JoinedNames {
        let mut text = String::with_capacity(entities.iter().map(|e| e.name.len() + 1).sum());
        let mut ends = Vec::with_capacity(entities.len());
        for e in entities {
            push_joined_words(&e.name, &mut text);
            ends.push(text.len());
        }
        JoinedNames { text, ends }
    }

    /// The `i`th name.
    pub fn get(&self, i: usize) -> &str {
        let start = i.checked_sub(1).map_or(0, |p| self.ends[p]);
        &self.text[start..self.ends[i]]
    }
}

/// Writes into `out` (cleared first) the words of `s` as [`split_words`]
/// cuts them, joined by single spaces.
pub fn joined_words(s: &str, out: &mut String) {
    out.clear();
    push_joined_words(s, out);
}

/// Appends to `out` the words of `s`, joined by single spaces.
fn push_joined_words(s: &str, out: &mut String) {
    if s.is_ascii() {
        // ASCII is NFC, and lowercases byte by byte: no need to fold first.
        push_ascii_words(s, out);
    } else {
        push_words(fold(s).chars(), out);
    }
}

/// [`push_words`] for ASCII text, byte by byte.
fn push_ascii_words(s: &str, out: &mut String) {
    let bytes = s.as_bytes();
    let start = out.len();
    // Most names are letters and digits between single spaces: their words
    // joined are the name itself, lowercased.
    let plain = bytes.first().is_some_and(u8::is_ascii_alphanumeric)
        && bytes.last().is_some_and(u8::is_ascii_alphanumeric)
        && bytes
            .windows(2)
            .all(|w| w[1].is_ascii_alphanumeric() || (w[1] == b' ' && w[0] != b' '));
    if plain {
        out.push_str(s);
        out[start..].make_ascii_lowercase();
        return;
    }
    let mut in_run = false;
    for &b in bytes {
        let word_char = b.is_ascii_alphanumeric();
        if word_char && in_run {
            out.push(char::from(b.to_ascii_lowercase()));
            continue;
        }
        in_run = word_char;
        // Not `u8::is_ascii_whitespace`, which leaves out the vertical tab.
        if word_char || !char::from(b).is_whitespace() {
            if out.len() > start {
                out.push(' ');
            }
            out.push(char::from(b.to_ascii_lowercase()));
        }
    }
}

/// Appends the words of `chars` (folded), joined by single spaces.
fn push_words(chars: impl Iterator<Item = char>, out: &mut String) {
    let start = out.len();
    // Inside a run of letters and digits, which is one word.
    let mut in_run = false;
    for c in chars {
        let word_char = c.is_alphanumeric() || (!c.is_ascii() && is_combining_mark(c));
        if word_char && in_run {
            out.push(c);
            continue;
        }
        in_run = word_char;
        if word_char || !c.is_whitespace() {
            if out.len() > start {
                out.push(' ');
            }
            out.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::lexicon::split_words;
    use super::*;

    #[test]
    fn joined_words_are_the_split_words_joined() {
        let mut out = String::new();
        for s in [
            "",
            "  ",
            "Kim Jong-un",
            "de l'avis de",
            "So-Called",
            "  Dan   Ives ",
            "Ἀθῆναι ΣΟΦΙΑΣ",
            "x\u{301}y -- z.",
            "İstanbul",
            "AC/DC & Co.",
            "Ruud VAN NISTELROOY",
        ] {
            joined_words(s, &mut out);
            assert_eq!(out, split_words(s).join(" "), "{s:?}");
        }
    }
}
