//! A hash index over the gazetteer's sorted keys: a folded key to its
//! position in one probe, where a binary search over 100,000 keys costs
//! seventeen string comparisons.
//!
//! Open addressing with linear probing over a power-of-two table, at most
//! half full; each slot holds a 32-bit tag of the key's hash (so a probe
//! compares strings only when the tags agree), the key's position plus one
//! (0 marks an empty slot) and the key itself: a key of up to seven bytes
//! (most single words: `roma`, `de`, `berlin`) packed with its length into
//! the slot, a longer one as where its bytes lie in one buffer of all keys.
//! A probe that finds a short key reads the slot only, a long one the slot
//! and those bytes: one or two places in memory, where a slice of boxed
//! keys added the box between them (the index is megabytes; its lookups
//! are cache misses). The hash is
//! `foldhash` with a fixed seed: the same on every run, and nothing here is
//! ever iterated into output.

use std::hash::BuildHasher;

use foldhash::fast::FixedState;

use crate::enrich::affix;
use crate::enrich::prefilter::Prefilter;

/// One slot: tag, position plus one (0 when empty; [`LONG`] set when the
/// key is long) and the key: [`short`] of a short key, start and length
/// in [`KeyIndex::bytes`] of a long one.
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    tag: u32,
    pos: u32,
    key: u64,
}

/// The bit of [`Slot::pos`] that marks a key longer than [`MAX_SHORT`].
const LONG: u32 = 1 << 31;

/// The longest key kept inside its slot, in bytes.
const MAX_SHORT: usize = 7;

/// A key of at most [`MAX_SHORT`] bytes as one integer: its bytes, and its
/// length in the top byte (two keys pack alike only when they are equal).
#[inline]
fn short(key: &[u8]) -> u64 {
    let mut k = (key.len() as u64) << 56;
    for (i, &b) in key.iter().enumerate() {
        k |= u64::from(b) << (8 * i);
    }
    k
}

/// Positions of keys by hash, with the keys' bytes.
#[derive(Debug, Clone)]
pub struct KeyIndex {
    slots: Vec<Slot>,
    shift: u32,
    /// The bytes of every long key, in position order.
    bytes: Box<[u8]>,
    len: usize,
    /// Rules out most keys the index does not hold before the table is
    /// read (most probes are for words and phrases no key spells).
    filter: Prefilter,
}

fn hash(key: &str) -> u64 {
    FixedState::default().hash_one(key)
}

impl KeyIndex {
    /// Indexes `keys`; position `i` is `keys[i]`.
    pub fn new<K: AsRef<str>>(keys: &[K]) -> KeyIndex {
        let size = (keys.len() * 2).next_power_of_two().max(2);
        let total: usize = keys.iter().map(|k| k.as_ref().len()).sum();
        let mut bytes = Vec::with_capacity(total);
        let mut index = KeyIndex {
            slots: vec![Slot::default(); size],
            shift: 64 - size.trailing_zeros(),
            bytes: Box::default(),
            len: keys.len(),
            filter: Prefilter::with_keys(keys.len()),
        };
        assert!(keys.len() < LONG as usize - 1, "too many keys");
        for (i, key) in keys.iter().enumerate() {
            let key = key.as_ref();
            let h = hash(key);
            index.filter.insert(h);
            let mut at = index.slot(h);
            while index.slots[at].pos != 0 {
                at = (at + 1) & (size - 1);
            }
            index.slots[at] = if key.len() <= MAX_SHORT {
                Slot {
                    tag: h as u32,
                    pos: i as u32 + 1,
                    key: short(key.as_bytes()),
                }
            } else {
                let start = u32::try_from(bytes.len()).expect("keys under 4 GB");
                let len = u32::try_from(key.len()).expect("keys under 4 GB");
                bytes.extend_from_slice(key.as_bytes());
                Slot {
                    tag: h as u32,
                    pos: (i as u32 + 1) | LONG,
                    key: u64::from(start) | u64::from(len) << 32,
                }
            };
        }
        index.bytes = bytes.into_boxed_slice();
        index
    }

    fn slot(&self, h: u64) -> usize {
        // The high bits of a multiplicative hash are its best mixed.
        (h >> self.shift) as usize
    }

    /// The position of `key` among the keys the index was built on.
    #[inline]
    pub fn get(&self, key: &str) -> Option<usize> {
        let h = hash(key);
        if !self.filter.may_hold(h) {
            return None;
        }
        let key = key.as_bytes();
        let mask = self.slots.len() - 1;
        let mut at = self.slot(h);
        // What a slot holding `key` holds: its `LONG` bit and its `key`.
        let (long, want) = if key.len() <= MAX_SHORT {
            (0, short(key))
        } else {
            (LONG, (key.len() as u64) << 32)
        };
        loop {
            let s = self.slots[at];
            if s.pos == 0 {
                return None;
            }
            if s.tag == h as u32 && s.pos & LONG == long {
                let found = if long == 0 {
                    s.key == want
                } else {
                    s.key >> 32 == want >> 32
                        && affix::starts_with(&self.bytes[(s.key as u32) as usize..], key)
                };
                if found {
                    return Some((s.pos & !LONG) as usize - 1);
                }
            }
            at = (at + 1) & mask;
        }
    }

    /// Number of keys indexed.
    pub fn key_count(&self) -> usize {
        self.len
    }

    /// Bytes of heap the table and the keys use.
    pub fn memory_usage(&self) -> usize {
        self.slots.len() * std::mem::size_of::<Slot>()
            + self.bytes.len()
            + self.filter.memory_usage()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_key_and_nothing_else() {
        let keys: Vec<Box<str>> = (0..1000).map(|i| format!("key {i}").into()).collect();
        let index = KeyIndex::new(&keys);
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(index.get(k), Some(i));
        }
        assert_eq!(index.get("key 1000"), None);
        assert_eq!(index.get("key 10"), Some(10));
        // A prefix of keys, or a key's extension, is no key.
        assert_eq!(index.get("key "), None);
        assert_eq!(index.get("key 10x"), None);
        assert_eq!(index.get("key 9999"), None);
        assert_eq!(index.get(""), None);
        assert_eq!(index.key_count(), 1000);
        let none: Vec<Box<str>> = Vec::new();
        let empty = KeyIndex::new(&none);
        assert_eq!(empty.get("x"), None);
        assert_eq!(empty.key_count(), 0);
        assert!(index.memory_usage() >= 2000 * 16);
        // Short keys live in their slots, long ones in the buffer; keys
        // that differ in a byte or in their length only are other keys.
        let mixed = [
            "a",
            "ab\0",
            "seven!!",
            "eight!!!",
            "città",
            "citta",
            "x\0\0\0\0\0\0",
        ];
        let mixed_index = KeyIndex::new(&mixed);
        for (i, k) in mixed.iter().enumerate() {
            assert_eq!(mixed_index.get(k), Some(i), "{k:?}");
        }
        for k in [
            "a\0",
            "ab",
            "seven!",
            "seven!!!",
            "eight!!",
            "eight!!!!",
            "x",
        ] {
            assert_eq!(mixed_index.get(k), None, "{k:?}");
        }
        // The empty key is a key like any other.
        let with_empty = KeyIndex::new(&["", "a"]);
        assert_eq!(with_empty.get(""), Some(0));
        assert_eq!(with_empty.get("a"), Some(1));
    }
}
