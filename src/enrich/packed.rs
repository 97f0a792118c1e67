//! A map keyed by strings that keeps short keys inside the table.
//!
//! The word lists are hash tables probed for nearly every word of an
//! article, and the largest (the common words, 100,000 per language) are
//! megabytes: a probe is a cache miss. With `String` or `&str` keys a probe
//! that finds its key reads the table's control bytes, then the key's
//! pointer, then the key's bytes elsewhere on the heap: three places. A
//! [`PackedMap`] packs a key of up to 15 bytes into one `u128` (its bytes
//! and its length), so that such a probe reads the control bytes and the
//! slot, and compares two integers; longer keys go to a second table as
//! before.

use std::collections::HashMap;

use foldhash::fast::FixedState;

/// The longest key kept inside the table, in bytes.
const MAX_PACKED: usize = 15;

/// `key`'s bytes and its length in one integer; `None` when it is longer
/// than [`MAX_PACKED`]. Two keys pack alike only when they are equal.
#[inline]
fn pack(key: &str) -> Option<u128> {
    let b = key.as_bytes();
    let n = b.len();
    if n > MAX_PACKED {
        return None;
    }
    // Two loads that may overlap instead of a copy of `n` bytes (a call):
    // the first bytes, and the last ones shifted down past what the first
    // load holds.
    let u64_at = |i: usize| u64::from_le_bytes(b[i..i + 8].try_into().unwrap_or_default());
    let u32_at = |i: usize| {
        u64::from(u32::from_le_bytes(
            b[i..i + 4].try_into().unwrap_or_default(),
        ))
    };
    let (lo, hi) = if n >= 8 {
        (
            u64_at(0),
            u64_at(n - 8).checked_shr(8 * (16 - n) as u32).unwrap_or(0),
        )
    } else if n >= 4 {
        (u32_at(0) | (u32_at(n - 4) >> (8 * (8 - n))) << 32, 0)
    } else {
        let mut lo = 0;
        for (i, &x) in b.iter().enumerate() {
            lo |= u64::from(x) << (8 * i);
        }
        (lo, 0)
    };
    Some(u128::from(lo) | u128::from(hi) << 64 | (n as u128) << (8 * MAX_PACKED))
}

/// [`pack`] as plainly as it can be written, for the tests.
#[cfg(test)]
fn pack_plain(key: &str) -> Option<u128> {
    let b = key.as_bytes();
    if b.len() > MAX_PACKED {
        return None;
    }
    let mut k = [0u8; 16];
    k[..b.len()].copy_from_slice(b);
    k[MAX_PACKED] = b.len() as u8;
    Some(u128::from_le_bytes(k))
}

/// A map from strings to `V`, for lookups (it is never iterated).
#[derive(Debug, Clone)]
pub struct PackedMap<V> {
    short: HashMap<u128, V, FixedState>,
    long: HashMap<Box<str>, V, FixedState>,
}

impl<V> Default for PackedMap<V> {
    fn default() -> Self {
        PackedMap {
            short: HashMap::default(),
            long: HashMap::default(),
        }
    }
}

impl<V> PackedMap<V> {
    /// An empty map with room for `n` keys.
    pub fn with_capacity(n: usize) -> Self {
        PackedMap {
            short: HashMap::with_capacity_and_hasher(n, FixedState::default()),
            long: HashMap::default(),
        }
    }

    /// Sets `key`'s value (replacing any value it had).
    pub fn insert(&mut self, key: &str, value: V) {
        match pack(key) {
            Some(k) => {
                self.short.insert(k, value);
            }
            None => {
                self.long.insert(key.into(), value);
            }
        }
    }

    /// The value of `key`, if it has one.
    #[inline]
    pub fn get(&self, key: &str) -> Option<&V> {
        match pack(key) {
            Some(k) => self.short.get(&k),
            None => self.long.get(key),
        }
    }

    /// True when `key` has a value.
    #[inline]
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    /// True when the map has no key.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<'k, V> FromIterator<(&'k str, V)> for PackedMap<V> {
    fn from_iter<I: IntoIterator<Item = (&'k str, V)>>(iter: I) -> Self {
        let iter = iter.into_iter();
        let mut map = PackedMap::with_capacity(iter.size_hint().0);
        for (k, v) in iter {
            map.insert(k, v);
        }
        map
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_keys_are_found_and_nothing_else() {
        let keys = [
            "",
            "a",
            "ab",
            "fifteen bytes!!",
            "sixteen bytes!!!",
            "a much longer key than that",
            "città",
            "ab\0",
        ];
        let map: PackedMap<usize> = keys.iter().enumerate().map(|(i, k)| (*k, i)).collect();
        assert_eq!(map.len(), keys.len());
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(map.get(k), Some(&i), "{k:?}");
        }
        // Prefixes, extensions and keys that differ in one byte or in
        // their length only are other keys.
        for k in [
            "b",
            "a\0",
            "ab\0\0",
            "fifteen bytes!",
            "fifteen bytes!!?",
            "sixteen bytes!!",
            "sixteen bytes!!!!",
            "a much longer key than this",
            "citta",
        ] {
            assert!(!map.contains_key(k), "{k:?}");
        }
        assert!(PackedMap::<()>::default().is_empty());
    }

    #[test]
    fn packing_keeps_every_byte_in_its_place() {
        let text = "abcdefghijklmnopqrstuvwxyzàé\0\u{7f}";
        for start in 0..text.len() {
            for end in start..=text.len() {
                if let Some(key) = text.get(start..end) {
                    assert_eq!(pack(key), pack_plain(key), "{key:?}");
                }
            }
        }
    }

    #[test]
    fn a_key_inserted_again_takes_the_new_value() {
        let mut map = PackedMap::default();
        map.insert("roma", 1);
        map.insert("roma", 2);
        map.insert("a key of more than fifteen bytes", 3);
        map.insert("a key of more than fifteen bytes", 4);
        assert_eq!(map.get("roma"), Some(&2));
        assert_eq!(map.get("a key of more than fifteen bytes"), Some(&4));
        assert_eq!(map.len(), 2);
    }
}
