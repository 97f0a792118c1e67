//! A hash index over the gazetteer's sorted keys: a folded key to its
//! position in one probe, where a binary search over 100,000 keys costs
//! seventeen string comparisons.
//!
//! Open addressing with linear probing over a power-of-two table, at most
//! half full; each slot holds a 32-bit tag of the key's hash (so a probe
//! compares strings only when the tags agree), the key's position plus one
//! (0 marks an empty slot) and where the key's bytes lie in one buffer of
//! all keys. A probe that finds its key reads the slot and those bytes: two
//! places in memory, where a slice of boxed keys added the box between them
//! (the index is megabytes; its lookups are cache misses). The hash is
//! `foldhash` with a fixed seed: the same on every run, and nothing here is
//! ever iterated into output.

use std::hash::BuildHasher;

use foldhash::fast::FixedState;

/// One slot: tag, position plus one (0 when empty), start and length of
/// the key in [`KeyIndex::bytes`].
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    tag: u32,
    pos: u32,
    start: u32,
    len: u32,
}

/// Positions of keys by hash, with the keys' bytes.
#[derive(Debug, Clone)]
pub struct KeyIndex {
    slots: Vec<Slot>,
    shift: u32,
    /// Every key's bytes, in position order.
    bytes: Box<[u8]>,
    len: usize,
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
        };
        for (i, key) in keys.iter().enumerate() {
            let key = key.as_ref();
            let h = hash(key);
            let mut at = index.slot(h);
            while index.slots[at].pos != 0 {
                at = (at + 1) & (size - 1);
            }
            index.slots[at] = Slot {
                tag: h as u32,
                pos: i as u32 + 1,
                start: bytes.len() as u32,
                len: key.len() as u32,
            };
            bytes.extend_from_slice(key.as_bytes());
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
        let mask = self.slots.len() - 1;
        let mut at = self.slot(h);
        loop {
            let s = self.slots[at];
            if s.pos == 0 {
                return None;
            }
            if s.tag == h as u32
                && s.len as usize == key.len()
                && self.bytes[s.start as usize..][..key.len()] == *key.as_bytes()
            {
                return Some(s.pos as usize - 1);
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
        self.slots.len() * std::mem::size_of::<Slot>() + self.bytes.len()
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
        // The empty key is a key like any other.
        let with_empty = KeyIndex::new(&["", "a"]);
        assert_eq!(with_empty.get(""), Some(0));
        assert_eq!(with_empty.get("a"), Some(1));
    }
}
