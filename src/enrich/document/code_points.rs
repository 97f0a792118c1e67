//! Code points before any byte offset of a text, in O(1) and without reading
//! the text again.
//!
//! Assembly maps the start and end of every mention and quote (some 200,000
//! on a 10 MB article) from bytes to code points, in no useful order. Counting
//! characters from a checkpoint would read the text around every offset: one
//! cache miss each, once the text outgrows the cache. Instead the text is cut
//! into blocks of 64 bytes, and each block keeps the code points before it and
//! a bit mask of its UTF-8 continuation bytes; a lookup reads one 16-byte
//! entry (a quarter of the text's size in all) and counts bits.

/// Bytes per block: one bit of the mask each.
const BLOCK: usize = 64;

/// One block: code points before it, and which of its bytes continue a
/// character (bit `i` for byte `i`).
#[derive(Debug, Clone, Copy)]
struct Block {
    before: usize,
    continuation: u64,
}

/// The code-point index of one text.
#[derive(Debug, Clone)]
pub struct CodePoints {
    /// One entry per block, plus one past the end.
    blocks: Vec<Block>,
    /// Bytes of the indexed text.
    len: usize,
}

impl CodePoints {
    /// Indexes `text` in one pass over its bytes.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut blocks = Vec::with_capacity(bytes.len() / BLOCK + 1);
        let mut before = 0;
        for chunk in bytes.chunks(BLOCK) {
            let continuation = continuation_mask(chunk);
            blocks.push(Block {
                before,
                continuation,
            });
            before += chunk.len() - continuation.count_ones() as usize;
        }
        if bytes.len() % BLOCK == 0 {
            blocks.push(Block {
                before,
                continuation: 0,
            });
        }
        CodePoints {
            blocks,
            len: bytes.len(),
        }
    }

    /// Code points that start before byte offset `byte` (at most the text's
    /// length).
    pub fn before(&self, byte: usize) -> usize {
        let block = self.blocks[byte / BLOCK];
        let offset = byte % BLOCK;
        let below = block.continuation & ((1u64 << offset) - 1);
        block.before + offset - below.count_ones() as usize
    }

    /// True when `byte` is a character boundary of the text (as
    /// [`str::is_char_boundary`]).
    pub fn is_boundary(&self, byte: usize) -> bool {
        match self.blocks.get(byte / BLOCK) {
            Some(b) => byte <= self.len && b.continuation & (1u64 << (byte % BLOCK)) == 0,
            None => false,
        }
    }
}

/// Bit `i` set when `chunk[i]` (at most 64 bytes) is a UTF-8 continuation
/// byte (`0b10xx_xxxx`).
fn continuation_mask(chunk: &[u8]) -> u64 {
    let mut mask = 0;
    let mut words = chunk.chunks_exact(8);
    let mut shift = 0;
    for w in words.by_ref() {
        let w = u64::from_le_bytes(w.try_into().expect("8 bytes"));
        mask |= word_mask(w) << shift;
        shift += 8;
    }
    for (i, &b) in words.remainder().iter().enumerate() {
        mask |= u64::from(b & 0xC0 == 0x80) << (shift + i);
    }
    mask
}

/// The continuation bytes of eight bytes (little-endian) as eight bits.
fn word_mask(w: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Bit 7 of each byte: set, and bit 6 clear.
    let cont = w & HIGH & !(w << 1);
    // Gather bit 7 of byte k into bit 56 + k, then shift down.
    ((cont >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by_counting(s: &str, byte: usize) -> usize {
        s.as_bytes()[..byte]
            .iter()
            .filter(|&&b| b & 0xC0 != 0x80)
            .count()
    }

    #[test]
    fn word_mask_marks_exactly_the_continuation_bytes() {
        for bytes in [
            *b"abcdefgh",
            [0x80, 0xBF, 0xC0, 0x7F, 0xFF, 0x00, 0x9A, 0xE2],
            [0xBF; 8],
            [0xC3, 0xA8, 0xE2, 0x80, 0x93, 0xF0, 0x9F, 0x8E],
        ] {
            let want = bytes
                .iter()
                .enumerate()
                .fold(0, |m, (i, &b)| m | (u64::from(b & 0xC0 == 0x80) << i));
            assert_eq!(word_mask(u64::from_le_bytes(bytes)), want, "{bytes:x?}");
        }
    }

    #[test]
    fn boundaries_agree_with_str() {
        let s = "Città – «sì» 🎉 ok ".repeat(9);
        let index = CodePoints::new(&s);
        for byte in 0..s.len() + 70 {
            assert_eq!(index.is_boundary(byte), s.is_char_boundary(byte), "{byte}");
        }
    }

    #[test]
    fn every_offset_agrees_with_counting() {
        for s in [
            String::new(),
            "a".repeat(64),
            "a".repeat(127),
            "Città – «sì» 🎉 ok ".repeat(20),
            "é".repeat(100) + "end",
            "🎉".repeat(33),
        ] {
            let index = CodePoints::new(&s);
            for byte in 0..=s.len() {
                assert_eq!(index.before(byte), by_counting(&s, byte), "{s:?} at {byte}");
            }
        }
    }
}
