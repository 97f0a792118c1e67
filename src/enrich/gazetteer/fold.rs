//! The lookup key: case- and accent-insensitive folding of names and text.
//!
//! `fold` is the same function as `fold` in `scripts/gazetteers/textnorm.py`,
//! which the generator uses to de-duplicate spellings, so a key computed here
//! matches a key computed there:
//!
//! 1. letters without a Unicode decomposition are mapped by hand (`ł`→`l`,
//!    `ø`→`o`, `đ`→`d`, `ß`→`ss`, `æ`→`ae`, `œ`→`oe`, `ı`→`i`, ...), typographic
//!    apostrophes to `'` and typographic hyphens to `-`;
//! 2. NFKD decomposition, combining marks dropped (`é`→`e`, `ñ`→`n`);
//! 3. lowercase;
//! 4. runs of whitespace and hyphens become one space, trimmed at both ends
//!    (`Emilia-Romagna` and `Emilia Romagna` share a key);
//! 5. an apostrophe right after a vowel and before a non-letter is dropped:
//!    Italian capitals write `CITTA'` for `CITTÀ` (the accent is gone by step 2),
//!    while `d'Ivoire` and `l'Aquila` keep theirs.
//!
//! Folding throws away case on purpose: the gazetteer keeps each surface as
//! written, so a caller can still tell `Nice` the city from `nice` the word
//! (see [`super::CaseMatch`]).
//!
//! [`FoldedText`] folds a whole text and remembers, for every folded byte,
//! the original byte it came from, so that matches found in the folded text
//! map back to spans of the original.

use std::sync::OnceLock;

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Hand mappings applied before decomposition (letters NFKD leaves alone).
fn special(c: char) -> Option<&'static str> {
    Some(match c {
        'ł' => "l",
        'Ł' => "L",
        'ø' => "o",
        'Ø' => "O",
        'đ' => "d",
        'Đ' => "D",
        'ß' => "ss",
        'æ' => "ae",
        'Æ' => "AE",
        'œ' => "oe",
        'Œ' => "OE",
        'ı' => "i",
        'ð' => "d",
        'Ð' => "D",
        'þ' => "th",
        'Þ' => "TH",
        'ħ' => "h",
        'Ħ' => "H",
        '\u{2019}' | '\u{2018}' | '\u{02bc}' | '`' | '\u{00b4}' => "'",
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' => "-",
        _ => return None,
    })
}

/// A printable ASCII byte that folds to its lowercase alone (no separator,
/// no apostrophe).
#[inline]
fn plain_ascii(b: u8) -> bool {
    b.is_ascii_graphic() && b != b'-' && b != b'\''
}

/// True when `b` folds to its lowercase alone, whatever surrounds it: text
/// of such bytes only folds to its lowercase (see [`fold_plain_into`]).
#[inline]
pub const fn folds_to_lowercase(b: u8) -> bool {
    // Branch-free, for callers that test every byte of a text.
    (b.wrapping_sub(b'!') < 94) & (b != b'-') & (b != b'\'')
}

/// [`fold_into`] of text whose bytes all pass [`folds_to_lowercase`],
/// without checking them again.
pub fn fold_plain_into(s: &str, out: &mut String) {
    debug_assert!(s.bytes().all(folds_to_lowercase));
    let start = out.len();
    out.push_str(s);
    out[start..].make_ascii_lowercase();
}

/// Calls `emit` with the folded characters of one input character, before
/// the whitespace/hyphen collapsing of step 4.
fn fold_char(c: char, mut emit: impl FnMut(char)) {
    let mut push_decomposed = |c: char| {
        decompose_compatible(c, |d| {
            if is_combining_mark(d) {
                return;
            }
            // A decomposition can yield a hand-mapped letter again (rare).
            match special(d) {
                Some(s) => s.chars().flat_map(char::to_lowercase).for_each(&mut emit),
                None => d.to_lowercase().for_each(&mut emit),
            }
        })
    };
    match special(c) {
        Some(s) => s.chars().for_each(&mut push_decomposed),
        None => push_decomposed(c),
    }
}

fn is_separator(c: char) -> bool {
    c.is_whitespace() || c == '-'
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// True when an apostrophe between `prev` and `next` stands for an accent (step 5).
fn accent_apostrophe(prev: Option<char>, next: Option<char>) -> bool {
    prev.is_some_and(is_vowel) && next.is_none_or(|c| !c.is_alphanumeric())
}

/// Removes accent-standing apostrophes from folded text, keeping `origin`
/// (when given) aligned with the bytes kept.
fn drop_accent_apostrophes(text: &mut String, origin: Option<&mut Vec<usize>>) {
    if !text.contains('\'') {
        return;
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = String::with_capacity(text.len());
    let mut kept = Vec::new();
    for (i, &(at, c)) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j].1);
        let next = chars.get(i + 1).map(|x| x.1);
        if c == '\'' && accent_apostrophe(prev, next) {
            continue;
        }
        out.push(c);
        if let Some(o) = origin.as_deref() {
            kept.extend((at..at + c.len_utf8()).map(|b| o[b]));
        }
    }
    if let Some(o) = origin {
        let last = o[o.len() - 1];
        kept.push(last);
        *o = kept;
    }
    *text = out;
}

/// The lookup key of `s`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// Appends the lookup key of `s` to `out` (what `out` already holds is left
/// alone): the same characters [`fold`] gives, without a new allocation.
/// Steps 4 and 5 run as the characters stream: a separator run is written as
/// one space only once a character follows it, and an apostrophe after a
/// vowel waits to see whether a letter or digit comes next.
pub fn fold_into(s: &str, out: &mut String) {
    let start = out.len();
    // Most words and marks are ASCII with no separator or apostrophe: their
    // key is their lowercase.
    if s.bytes().all(plain_ascii) {
        out.push_str(s);
        out[start..].make_ascii_lowercase();
        return;
    }
    // Most other words are Latin letters with no separator or apostrophe:
    // their key is their characters' keys one after another.
    if fold_latin_into(s, out) {
        return;
    }
    out.truncate(start);
    fold_chars_into(s, out);
}

/// [`fold_into`] character by character, steps 4 and 5 included.
fn fold_chars_into(s: &str, out: &mut String) {
    let start = out.len();
    let mut pending_space = false;
    let mut pending_apostrophe = false;
    let mut prev: Option<char> = None;
    let mut push = |f: char, out: &mut String| {
        if is_separator(f) {
            // An apostrophe before a separator (or before nothing) goes.
            pending_space = out.len() > start || pending_apostrophe;
            pending_apostrophe = false;
            prev = Some(' ');
            return;
        }
        if pending_apostrophe {
            if f.is_alphanumeric() {
                out.push('\'');
            }
            pending_apostrophe = false;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        if f == '\'' && prev.is_some_and(is_vowel) {
            pending_apostrophe = true;
        } else {
            out.push(f);
        }
        prev = Some(f);
    };
    for c in s.chars() {
        if c.is_ascii() {
            push(c.to_ascii_lowercase(), out);
        } else {
            fold_char(c, |f| push(f, out));
        }
    }
}

/// The first character after the Latin letters [`latin_keys`] holds.
const LATIN_END: u32 = 0x250;

/// The key of each character from U+0080 to U+024F (Latin-1 and Latin
/// Extended-A and -B) as [`fold_char`] gives it, when it holds no separator
/// or apostrophe (steps 4 and 5 then leave it alone); computed once.
fn latin_keys() -> &'static [Option<String>] {
    static KEYS: OnceLock<Vec<Option<String>>> = OnceLock::new();
    KEYS.get_or_init(|| {
        (0x80..LATIN_END)
            .map(|u| {
                let mut key = String::new();
                if let Some(c) = char::from_u32(u) {
                    fold_char(c, |f| key.push(f));
                }
                let plain = key.chars().all(|f| !is_separator(f) && f != '\'');
                plain.then_some(key)
            })
            .collect()
    })
}

/// Appends the key of `s` when every character of it is a plain ASCII one
/// or a Latin letter whose key holds no separator or apostrophe: then the
/// key is the characters' keys one after another. Returns false (having
/// appended part of it) for any other text.
fn fold_latin_into(s: &str, out: &mut String) -> bool {
    let keys = latin_keys();
    for c in s.chars() {
        if c.is_ascii() {
            if !plain_ascii(c as u8) {
                return false;
            }
            out.push(c.to_ascii_lowercase());
            continue;
        }
        match keys.get(c as usize - 0x80) {
            Some(Some(key)) => out.push_str(key),
            _ => return false,
        }
    }
    true
}

/// A folded text with a map from folded bytes back to original bytes.
#[derive(Debug, Clone)]
pub struct FoldedText {
    /// The folded text (separator runs collapsed to one space; a leading
    /// separator run becomes one space too, so offsets stay monotonic).
    pub text: String,
    /// `origin[i]` is the byte offset, in the original, of the character
    /// that produced folded byte `i`; one extra entry holds the original length.
    origin: Vec<usize>,
}

impl FoldedText {
    /// Folds `original`, in one pass.
    pub fn new(original: &str) -> FoldedText {
        let mut text = String::with_capacity(original.len() + 8);
        let mut origin = Vec::with_capacity(original.len() + 9);
        let mut last_was_space = false;
        for (at, c) in original.char_indices() {
            fold_char(c, |f| {
                let f = if is_separator(f) { ' ' } else { f };
                if f == ' ' {
                    if last_was_space {
                        return;
                    }
                    last_was_space = true;
                } else {
                    last_was_space = false;
                }
                let before = text.len();
                text.push(f);
                origin.extend(std::iter::repeat_n(at, text.len() - before));
            });
        }
        origin.push(original.len());
        drop_accent_apostrophes(&mut text, Some(&mut origin));
        FoldedText { text, origin }
    }

    /// The original byte where the character behind folded byte `i` starts.
    pub fn start_of(&self, i: usize) -> usize {
        self.origin[i]
    }

    /// The original byte just past the character behind folded byte `i - 1`
    /// (the end of a match ending at folded byte `i`).
    pub fn end_of(&self, i: usize, original: &str) -> usize {
        if i == 0 {
            return 0;
        }
        let at = self.origin[i - 1];
        at + original[at..].chars().next().map_or(0, char::len_utf8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_accents_and_separators() {
        assert_eq!(fold("Città del Vaticano"), "citta del vaticano");
        assert_eq!(fold("CITTA' DEL VATICANO"), "citta del vaticano");
        assert_eq!(fold("Forli'"), "forli");
        assert_eq!(fold("l'Aquila"), "l'aquila");
        assert_eq!(fold("Côte d'Ivoire"), "cote d'ivoire");
        assert_eq!(fold("Moscú"), "moscu");
        assert_eq!(fold("SÃO PAULO"), "sao paulo");
        assert_eq!(fold("Emilia-Romagna"), "emilia romagna");
        assert_eq!(fold("  Emilia -  Romagna "), "emilia romagna");
        assert_eq!(fold("Łódź"), "lodz");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Københavns"), "kobenhavns");
        assert_eq!(fold("Côte d\u{2019}Ivoire"), "cote d'ivoire");
    }

    #[test]
    fn latin_letters_fold_as_character_by_character() {
        let latin = (0x80..LATIN_END).filter_map(char::from_u32);
        let mut texts: Vec<String> = Vec::new();
        for c in latin.clone() {
            for around in ["", "a", "e'", "-", "X.", " "] {
                texts.push(format!("{around}{c}"));
                texts.push(format!("{c}{around}"));
                texts.push(format!("{c}{around}{c}"));
            }
            texts.extend(latin.clone().map(|d| format!("{c}{d}")));
        }
        let mut fast_paths = 0;
        for t in &texts {
            let (mut fast, mut slow) = (String::from("x "), String::from("x "));
            fold_chars_into(t, &mut slow);
            if fold_latin_into(t, &mut fast) {
                fast_paths += 1;
                assert_eq!(fast, slow, "{t:?}");
            }
            let mut both = String::from("x ");
            fold_into(t, &mut both);
            assert_eq!(both, slow, "{t:?}");
        }
        assert!(fast_paths > texts.len() / 2);
    }

    #[test]
    fn fold_into_appends_what_fold_gives() {
        let batch = |s: &str| {
            let mut t = String::new();
            let mut space = false;
            for c in s.chars() {
                fold_char(c, |f| {
                    if is_separator(f) {
                        space = !t.is_empty();
                    } else {
                        if space {
                            t.push(' ');
                            space = false;
                        }
                        t.push(f);
                    }
                });
            }
            drop_accent_apostrophes(&mut t, None);
            t
        };
        for s in [
            "CITTA' DEL VATICANO",
            "a'' b",
            "po' di",
            "qu\u{2019}il",
            "qu'",
            " - Emilia - Romagna - ",
            "Côte d'Ivoire",
            "'Asir",
            "e' - ",
            "a'-b",
            "Straße",
            "",
        ] {
            let mut out = String::from("x ");
            fold_into(s, &mut out);
            assert_eq!(out, format!("x {}", fold(s)), "{s:?}");
            assert_eq!(fold(s), batch(s), "{s:?}");
        }
        for b in 0..=u8::MAX {
            assert_eq!(folds_to_lowercase(b), plain_ascii(b), "{b}");
        }
    }

    #[test]
    fn keeps_what_tells_names_apart() {
        assert_ne!(fold("Niger"), fold("Nigeria"));
        assert_ne!(fold("U.S."), fold("US"));
        assert_ne!(fold("Georgia"), fold("Georgie"));
        assert_eq!(fold(""), "");
    }

    #[test]
    fn folded_text_maps_back_to_original_bytes() {
        let original = "À São  Paulo-SP, Straße";
        let f = FoldedText::new(original);
        assert_eq!(f.text, "a sao paulo sp, strasse");
        let at = f.text.find("sao paulo").unwrap();
        let end = at + "sao paulo".len();
        let (s, e) = (f.start_of(at), f.end_of(end, original));
        assert_eq!(&original[s..e], "São  Paulo");
        let at = f.text.find("strasse").unwrap();
        let (s, e) = (f.start_of(at), f.end_of(at + 7, original));
        assert_eq!(&original[s..e], "Straße");
        // A match ending inside an expansion (the first "s" of "ss") still ends after ß.
        let mid = f.text.find("stras").unwrap() + 5;
        assert_eq!(&original[f.start_of(at)..f.end_of(mid, original)], "Straß");
    }

    #[test]
    fn folded_text_drops_accent_apostrophes_and_keeps_spans() {
        let original = "CITTA' DEL VATICANO, l'Aquila";
        let f = FoldedText::new(original);
        assert_eq!(f.text, "citta del vaticano, l'aquila");
        let end = "citta del vaticano".len();
        assert_eq!(
            &original[f.start_of(0)..f.end_of(end, original)],
            "CITTA' DEL VATICANO"
        );
        let at = f.text.find("aquila").unwrap();
        assert_eq!(
            &original[f.start_of(at)..f.end_of(at + 6, original)],
            "Aquila"
        );
    }

    #[test]
    fn folded_text_of_empty_and_separator_only_input() {
        let f = FoldedText::new("");
        assert_eq!(f.text, "");
        assert_eq!(f.end_of(0, ""), 0);
        let f = FoldedText::new(" -\n");
        assert_eq!(f.text, " ");
    }
}
