//! A quick test that rules most words out of a set without looking them up.
//!
//! Speech verbs and source words are few among a body's words, yet every
//! word outside the quotes is a candidate. A [`WordFilter`] keeps one bit per
//! key of a word's length and first, second and last letters: a word whose
//! bit is clear is surely not in the set, and its lowercase form and lookup
//! are never needed. Only ASCII words are judged; any other may be in it.

/// Bits of a word's key.
const KEY_BITS: u32 = 14;

/// A set of lowercase words, as the bits of their keys.
#[derive(Debug, Clone)]
pub struct WordFilter {
    bits: Vec<u64>,
}

impl WordFilter {
    /// A filter holding `words` (lowercase).
    pub fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> WordFilter {
        let mut bits = vec![0u64; 1 << (KEY_BITS - 6)];
        for w in words {
            if let Some(k) = key(w.as_bytes()) {
                bits[k >> 6] |= 1 << (k & 63);
            }
        }
        WordFilter { bits }
    }

    /// False when `word`, lowercased, is surely not in the set.
    pub fn may_hold(&self, word: &str) -> bool {
        match key(word.as_bytes()) {
            Some(k) => self.bits[k >> 6] & (1 << (k & 63)) != 0,
            None => true,
        }
    }
}

/// The key of a non-empty ASCII word, lowercased; `None` for any other word.
fn key(word: &[u8]) -> Option<usize> {
    let (&first, &last) = (word.first()?, word.last()?);
    // Words are short: one pass beats `<[u8]>::is_ascii`'s word-at-a-time.
    if word.iter().fold(0, |acc, &b| acc | b) >= 0x80 {
        return None;
    }
    let second = word.get(1).copied().unwrap_or(0);
    let packed = u32::from(first.to_ascii_lowercase())
        | u32::from(second.to_ascii_lowercase()) << 8
        | u32::from(last.to_ascii_lowercase()) << 16
        | (word.len() as u32 & 0xff) << 24;
    Some((packed.wrapping_mul(0x9e37_79b1) >> (32 - KEY_BITS)) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_of_the_set_are_never_ruled_out() {
        let f = WordFilter::new(["said", "detto", "è", "according"]);
        for w in ["said", "Said", "SAID", "detto", "According", "È", "è"] {
            assert!(f.may_hold(w), "{w}");
        }
        assert!(!f.may_hold("the"));
    }
}
