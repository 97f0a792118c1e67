//! One field's text, normalised to NFC once, with the map back to the original.
//!
//! Extractors work on byte offsets into the normalised text. Output needs
//! offsets in Unicode code points of the *original* string (what Python's
//! `str` slicing uses), and the original text of a span. Normalisation can
//! change lengths (a decomposed `e` + `◌́` becomes one `é`), so the text is cut
//! into *segments* that normalise independently: a segment starts at every
//! character that can never compose with what precedes it (canonical combining
//! class 0 and NFC quick-check not "maybe"). Only segments whose normalised form
//! differs from the original are recorded; every other offset maps by counting.
//! A span boundary that falls inside a changed segment snaps to its edge.

use std::borrow::Cow;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::code_points::CodePoints;

/// A normalised field text with its offset map.
#[derive(Debug, Clone)]
pub struct Text<'a> {
    original: &'a str,
    /// The original itself when it is already NFC (most texts).
    normalised: Cow<'a, str>,
    /// Code points of `normalised` before each byte offset.
    code_points: CodePoints,
    /// Segments whose NFC form differs from the original, in text order.
    changes: Vec<Change>,
}

/// Which way an offset inside a changed segment moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bias {
    /// Towards the start of the segment (for span starts).
    Start,
    /// Towards the end of the segment (for span ends).
    End,
}

#[derive(Debug, Clone)]
struct Change {
    norm_start: usize,
    norm_end: usize,
    orig_start: usize,
    orig_end: usize,
    /// Code points the original minus the normalised text gained up to and
    /// including this segment.
    cp_delta_after: isize,
}

impl<'a> Text<'a> {
    /// Normalises `original` to NFC and indexes it.
    pub fn new(original: &'a str) -> Self {
        let (normalised, changes) = if surely_nfc(original) {
            (Cow::Borrowed(original), Vec::new())
        } else {
            let (n, changes) = normalise_by_segment(original);
            (Cow::Owned(n), changes)
        };
        let code_points = CodePoints::new(&normalised);
        Text {
            original,
            normalised,
            code_points,
            changes,
        }
    }

    /// The normalised text that extractors read.
    pub fn as_str(&self) -> &str {
        &self.normalised
    }

    /// The text as the article carried it.
    pub fn original(&self) -> &'a str {
        self.original
    }

    /// Maps a byte offset of the normalised text to a code-point offset of the
    /// original text.
    pub fn code_point(&self, byte: usize, bias: Bias) -> usize {
        let (norm, delta) = self.snap(byte, bias);
        (self.code_points.before(norm) as isize + delta) as usize
    }

    /// The original text of the normalised byte range `start..end`, widened to
    /// whole segments when an edge falls inside a changed one.
    pub fn original_slice(&self, start: usize, end: usize) -> &'a str {
        if let Cow::Borrowed(_) = self.normalised {
            return self.unchanged_slice(start, end.max(start));
        }
        let s = self.original_byte(start, Bias::Start);
        let e = self.original_byte(end, Bias::End);
        &self.original[s..e.max(s)]
    }

    /// `original[start..end]` when the original is the normalised text
    /// (same offsets), its boundaries checked against the code-point index
    /// instead of the text: assembly slices spans anywhere in the text, and
    /// reading a long text at each would miss the cache every time.
    ///
    /// Panics where `&original[start..end]` would.
    fn unchanged_slice(&self, start: usize, end: usize) -> &'a str {
        let index = &self.code_points;
        assert!(
            start <= end && index.is_boundary(start) && index.is_boundary(end),
            "byte range {start}..{end} is not on character boundaries of the text"
        );
        debug_assert!(self.original.is_char_boundary(start) && self.original.is_char_boundary(end));
        // SAFETY: `code_points` indexes `normalised`, which borrows `original`
        // (both fixed in `Text::new`, never changed), so it says which bytes of
        // `original` are boundaries; both ends are boundaries and `start <=
        // end <= original.len()` (`is_boundary` is false past the end).
        unsafe { self.original.get_unchecked(start..end) }
    }

    fn original_byte(&self, byte: usize, bias: Bias) -> usize {
        let i = self.changes.partition_point(|c| c.norm_end <= byte);
        let (base_norm, base_orig) = match i.checked_sub(1).map(|j| &self.changes[j]) {
            Some(c) => (c.norm_end, c.orig_end),
            None => (0, 0),
        };
        if let Some(c) = self.changes.get(i) {
            if c.norm_start < byte {
                return match bias {
                    Bias::Start => c.orig_start,
                    Bias::End => c.orig_end,
                };
            }
        }
        base_orig + (byte - base_norm)
    }

    /// Snaps `byte` out of a changed segment and returns it with the code-point
    /// delta accumulated before it.
    fn snap(&self, byte: usize, bias: Bias) -> (usize, isize) {
        let i = self.changes.partition_point(|c| c.norm_end <= byte);
        let before = i
            .checked_sub(1)
            .map_or(0, |j| self.changes[j].cp_delta_after);
        match self.changes.get(i) {
            Some(c) if c.norm_start < byte => match bias {
                Bias::Start => (c.norm_start, before),
                Bias::End => (c.norm_end, c.cp_delta_after),
            },
            _ => (byte, before),
        }
    }
}

/// True when the NFC quick check says `s` is NFC. ASCII resets the check's
/// state, so only the runs of other characters are checked, each alone.
fn surely_nfc(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(start) = next_beyond_ascii(bytes, i) {
        let end = bytes[start..]
            .iter()
            .position(u8::is_ascii)
            .map_or(bytes.len(), |n| start + n);
        if is_nfc_quick(s[start..end].chars()) != IsNormalized::Yes {
            return false;
        }
        i = end;
    }
    true
}

/// The first byte at or after `from` that is not ASCII, reading eight bytes
/// at a time.
fn next_beyond_ascii(bytes: &[u8], mut from: usize) -> Option<usize> {
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    while let Some(chunk) = bytes.get(from..from + 8) {
        let high = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])) & HIGH;
        if high != 0 {
            return Some(from + high.trailing_zeros() as usize / 8);
        }
        from += 8;
    }
    bytes
        .get(from..)?
        .iter()
        .position(|b| !b.is_ascii())
        .map(|n| from + n)
}

/// True when nothing before `c` can compose with it.
fn starts_segment(c: char) -> bool {
    c.is_ascii()
        || (canonical_combining_class(c) == 0
            && is_nfc_quick(std::iter::once(c)) != IsNormalized::Maybe)
}

fn normalise_by_segment(original: &str) -> (String, Vec<Change>) {
    let mut out = String::with_capacity(original.len());
    let mut changes = Vec::new();
    let mut delta = 0isize;
    let mut seg_start = 0;
    let mut flush = |seg: &str, orig_start: usize, out: &mut String| {
        let norm_start = out.len();
        out.extend(seg.nfc());
        let norm = &out[norm_start..];
        if norm != seg {
            delta += seg.chars().count() as isize - norm.chars().count() as isize;
            changes.push(Change {
                norm_start,
                norm_end: out.len(),
                orig_start,
                orig_end: orig_start + seg.len(),
                cp_delta_after: delta,
            });
        }
    };
    for (i, c) in original.char_indices() {
        if i > seg_start && starts_segment(c) {
            flush(&original[seg_start..i], seg_start, &mut out);
            seg_start = i;
        }
    }
    if seg_start < original.len() {
        flush(&original[seg_start..], seg_start, &mut out);
    }
    (out, changes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_run_by_run_check_agrees_with_the_whole_quick_check() {
        for s in [
            "",
            "plain ASCII",
            "Forlì «sì» – “ok”",
            "Forli\u{300} decomposed",
            "a\u{301}\u{300} b",
            "x\u{316}\u{301}",
            "x\u{301}\u{316} out of order",
            "\u{1100}\u{1161} jamo",
            "Ångström\u{212B}",
        ] {
            let whole = is_nfc_quick(s.chars()) == IsNormalized::Yes;
            assert_eq!(surely_nfc(s), whole, "{s:?}");
        }
    }

    fn cp_slice(s: &str, start: usize, end: usize) -> String {
        s.chars().skip(start).take(end - start).collect()
    }

    #[test]
    fn finds_the_next_byte_beyond_ascii() {
        let text = "0123456789abcdefé xyz «ok» ü".as_bytes();
        for from in 0..=text.len() {
            let want = (from..text.len()).find(|&i| !text[i].is_ascii());
            assert_eq!(next_beyond_ascii(text, from), want, "{from}");
        }
    }

    #[test]
    fn ascii_maps_one_to_one() {
        let t = Text::new("Roma, 4 feb.");
        assert_eq!(t.as_str(), "Roma, 4 feb.");
        assert_eq!(t.code_point(6, Bias::Start), 6);
    }

    #[test]
    fn multibyte_counts_code_points() {
        let t = Text::new("Città – «sì» 🎉 ok");
        let b = t.as_str().find("ok").unwrap();
        assert_eq!(t.code_point(b, Bias::Start), 15);
        assert_eq!(cp_slice(t.original(), 15, 17), "ok");
    }

    #[test]
    fn decomposed_input_composes_and_maps_back() {
        let original = "Citta\u{300} di Forli\u{300}, ok";
        let t = Text::new(original);
        assert_eq!(t.as_str(), "Città di Forlì, ok");
        let b = t.as_str().find("Forlì").unwrap();
        let e = b + "Forlì".len();
        let (s, e2) = (t.code_point(b, Bias::Start), t.code_point(e, Bias::End));
        assert_eq!(cp_slice(original, s, e2), "Forli\u{300}");
        assert_eq!(t.original_slice(b, e), "Forli\u{300}");
        let ok = t.as_str().find("ok").unwrap();
        assert_eq!(t.code_point(ok, Bias::Start), original.chars().count() - 2);
    }

    #[test]
    fn offset_inside_changed_segment_snaps() {
        let original = "xe\u{301}y";
        let t = Text::new(original);
        assert_eq!(t.as_str(), "xéy");
        // Byte 1 starts "é" (a changed segment "e\u{301}" in the original).
        assert_eq!(t.code_point(1, Bias::Start), 1);
        assert_eq!(t.code_point(3, Bias::End), 3);
        assert_eq!(t.original_slice(1, 3), "e\u{301}");
    }

    #[test]
    fn nfc_text_is_borrowed_and_sliced_by_the_index() {
        let original = "Città – «sì» 🎉 ok";
        let t = Text::new(original);
        assert!(std::ptr::eq(t.as_str(), original));
        let b = original.find("sì").unwrap();
        assert_eq!(t.original_slice(b, b + "sì".len()), "sì");
        assert_eq!(t.original_slice(0, original.len()), original);
        assert_eq!(t.original_slice(b, b), "");
    }

    #[test]
    #[should_panic(expected = "not on character boundaries")]
    fn a_slice_inside_a_character_panics() {
        // Byte 5 is inside "à" (bytes 4..6).
        Text::new("Città").original_slice(0, 5);
    }

    #[test]
    fn long_text_crosses_blocks() {
        let original = "é".repeat(3000) + "end";
        let t = Text::new(&original);
        let b = t.as_str().find("end").unwrap();
        assert_eq!(t.code_point(b, Bias::Start), 3000);
    }
}
