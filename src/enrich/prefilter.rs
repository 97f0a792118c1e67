//! A small filter in front of a large hash table: it says "surely absent"
//! for most keys the table does not hold, without touching the table.
//!
//! The gazetteer index is megabytes, and most of its probes ask for a word
//! or phrase it does not hold (the first word of every unit that may start
//! a name, each sub-phrase of a candidate name): each such probe is a cache
//! miss on the table. A [`Prefilter`] is a blocked Bloom filter of a byte
//! per key: each key sets four bits of one 64-bit word chosen by its hash,
//! so a probe reads one word, an eighth of the table's size away from the
//! rest. It never says "absent" of a key it was built with, so the table is
//! asked whenever it could answer yes: answers are unchanged.
//!
//! (In front of the word lists, most of whose probes find their word, the
//! same filter cost more misses than it saved: measured, not used there.)

/// Bits of a key's hash that choose its bits within a word (four of six
/// bits each).
const BITS_PER_KEY: u32 = 4;

/// A blocked Bloom filter over 64-bit hashes.
#[derive(Debug, Clone)]
pub struct Prefilter {
    words: Box<[u64]>,
    /// `64 - log2(words.len())`: the top bits of the mixed hash pick a word.
    shift: u32,
}

impl Default for Prefilter {
    /// A filter of no key (every probe says absent).
    fn default() -> Self {
        Prefilter::with_keys(0)
    }
}

impl Prefilter {
    /// An empty filter sized for `n` keys (eight bits a key, a power of two
    /// of 64-bit words).
    pub fn with_keys(n: usize) -> Prefilter {
        let words = (n / 8).next_power_of_two().max(1);
        Prefilter {
            words: vec![0; words].into_boxed_slice(),
            shift: 64 - words.trailing_zeros(),
        }
    }

    /// The word of `hash` and the bits it sets in it.
    #[inline]
    fn place(&self, hash: u64) -> (usize, u64) {
        // A multiplication mixes the hash again for the word's index, so
        // that it does not repeat the bits that pick the four bits.
        let at = hash
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .checked_shr(self.shift);
        let mut mask = 0u64;
        for k in 0..BITS_PER_KEY {
            mask |= 1 << ((hash >> (6 * k)) & 63);
        }
        (at.unwrap_or(0) as usize, mask)
    }

    /// Adds a key by its hash.
    pub fn insert(&mut self, hash: u64) {
        let (at, mask) = self.place(hash);
        self.words[at] |= mask;
    }

    /// False when no key of this hash was inserted; true when one may have
    /// been.
    #[inline]
    pub fn may_hold(&self, hash: u64) -> bool {
        let (at, mask) = self.place(hash);
        self.words[at] & mask == mask
    }

    /// Bytes of heap the filter uses.
    pub fn memory_usage(&self) -> usize {
        self.words.len() * 8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mix(i: u64) -> u64 {
        // splitmix64: well spread test hashes.
        let mut z = i.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    #[test]
    fn holds_every_key_and_rules_out_most_others() {
        let n = 10_000;
        let mut f = Prefilter::with_keys(n);
        for i in 0..n as u64 {
            f.insert(mix(i));
        }
        for i in 0..n as u64 {
            assert!(f.may_hold(mix(i)));
        }
        let false_positives = (n as u64..2 * n as u64)
            .filter(|&i| f.may_hold(mix(i)))
            .count();
        assert!(false_positives < n / 5, "{false_positives}");
        assert!(f.memory_usage() >= n / 8);
    }

    #[test]
    fn an_empty_filter_holds_nothing() {
        let f = Prefilter::default();
        assert!((0..100).all(|i| !f.may_hold(mix(i))));
        let mut one = Prefilter::with_keys(0);
        one.insert(mix(7));
        assert!(one.may_hold(mix(7)));
    }
}
