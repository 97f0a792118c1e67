//! Answers about single units that the candidate pass asks many times
//! (each run is re-read while it is grown, cut and trimmed), each computed
//! at most once per block of text.

use std::cell::Cell;

use super::lexicon::{Lexicon, WordBits};
use super::units::Units;
use crate::enrich::gazetteer::Gazetteer;

/// A yes/no question about one unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    /// A capitalised word that may be part of a name.
    Capitalised = 0,
    /// A common word of the language.
    Common = 1,
    /// An organisation word or legal form.
    OrgWord = 2,
    /// An organisation or place word.
    TypeWord = 3,
}

/// Lazily filled answers, per unit: two bits per [`Question`] (asked,
/// answer) and the most units a known phrase starting there may span.
#[derive(Debug)]
pub struct Memo {
    flags: Vec<Cell<u8>>,
    known_len: Vec<Cell<u8>>,
    words: Vec<Cell<u32>>,
}

/// Marks a word not looked up yet (no word has every bit).
const NOT_LOOKED_UP: u32 = u32::MAX;

/// Marks a `known_len` not computed yet.
const UNKNOWN: u8 = u8::MAX;

impl Memo {
    /// Room for `n` units, nothing answered.
    pub fn new(n: usize) -> Memo {
        Memo {
            flags: vec![Cell::new(0); n],
            known_len: vec![Cell::new(UNKNOWN); n],
            words: vec![Cell::new(NOT_LOOKED_UP); n],
        }
    }

    /// The answer to `q` for unit `i`, from `compute` the first time.
    #[inline]
    pub fn answer(&self, i: usize, q: Question, compute: impl FnOnce() -> bool) -> bool {
        let asked = 1u8 << (2 * q as u8);
        let yes = asked << 1;
        let flags = self.flags[i].get();
        if flags & asked != 0 {
            return flags & yes != 0;
        }
        let answer = compute();
        // `compute` may have answered other questions about unit `i`.
        let flags = self.flags[i].get() | asked | if answer { yes } else { 0 };
        self.flags[i].set(flags);
        answer
    }

    /// What unit `i` of `units` is in `lex`'s lists, looked up the first
    /// time.
    #[inline]
    pub fn word(&self, units: &Units, lex: &Lexicon, i: usize) -> WordBits {
        let cached = self.words[i].get();
        if cached != NOT_LOOKED_UP {
            return WordBits::from_raw(cached);
        }
        let w = lex.word(units.fold(i));
        self.words[i].set(w.raw());
        w
    }

    /// True when unit `i` of `units` is a common word of `lex`; a compound
    /// of a common noun only when `gaz` lists no name or town so spelled
    /// (`Schweinfurt`).
    #[inline]
    pub fn common(&self, units: &Units, lex: &Lexicon, gaz: &Gazetteer, i: usize) -> bool {
        self.answer(i, Question::Common, || {
            lex.is_common_unless(units.fold(i), |f| {
                !gaz.lookup_folded(f).is_empty() || !gaz.towns().lookup(f).is_empty()
            })
        })
    }

    /// The known-phrase length bound of unit `i` (less than 255), from
    /// `compute` the first time.
    #[inline]
    pub fn known_len(&self, i: usize, compute: impl FnOnce() -> usize) -> usize {
        let cached = self.known_len[i].get();
        if cached != UNKNOWN {
            return usize::from(cached);
        }
        let len = compute();
        if let Ok(small) = u8::try_from(len) {
            if small != UNKNOWN {
                self.known_len[i].set(small);
            }
        }
        len
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computes_each_answer_once() {
        let memo = Memo::new(2);
        let calls = Cell::new(0);
        let ask = |i, q, a| {
            memo.answer(i, q, || {
                calls.set(calls.get() + 1);
                a
            })
        };
        assert!(ask(0, Question::Common, true));
        assert!(ask(0, Question::Common, false));
        assert!(!ask(0, Question::OrgWord, false));
        assert!(!ask(0, Question::OrgWord, true));
        assert!(ask(1, Question::TypeWord, true));
        assert!(!ask(1, Question::Capitalised, false));
        assert_eq!(calls.get(), 4);
        assert_eq!(memo.known_len(1, || 3), 3);
        assert_eq!(memo.known_len(1, || 5), 3);
    }
}
