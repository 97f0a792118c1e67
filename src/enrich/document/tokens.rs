//! Tokens: words, numbers and single punctuation marks, with byte spans.
//!
//! A word is a maximal run of letters, digits and combining marks that holds
//! at least one letter (`Jong`, `M5s`, `Forlì`); a number is such a run of
//! digits only. Every other non-space character is a token of its own, so
//! `l'esercito` is `l` `'` `esercito` and `Jong-un` is `Jong` `-` `un`:
//! extractors that need the joined form look at adjacency
//! ([`Token::touches`]). Whitespace makes no token.

use unicode_normalization::char::is_combining_mark;

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters, possibly with digits and marks.
    Word,
    /// Digits only.
    Number,
    /// One character that is neither a letter, a digit nor whitespace.
    Punct,
}

/// A token's kind and byte span in its field's normalised text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
    /// What the token is made of.
    pub kind: TokenKind,
}

impl Token {
    /// The token's text in `text`, the field it was cut from.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }

    /// True when `next` follows this token with no character between them.
    pub fn touches(&self, next: &Token) -> bool {
        self.end == next.start
    }

    /// True for a word token.
    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }
}

const WORD: u8 = 1;
const LETTER: u8 = 2;
const SPACE: u8 = 4;

/// The classes of each ASCII byte, as `char`'s methods give them: most of
/// the text is ASCII, and a table read is cheaper than decoding and asking.
/// A byte beyond ASCII has none (its character is looked at whole).
const ASCII: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphabetic() {
            WORD | LETTER
        } else if c.is_ascii_digit() {
            WORD
        } else if matches!(c, b' ' | b'\t'..=b'\r') {
            SPACE
        } else {
            0
        };
        b += 1;
    }
    t
};

/// The classes and length of the character at byte `i`, one beyond ASCII
/// (the [`ASCII`] table gives the others).
fn class_beyond_ascii(text: &str, i: usize) -> (u8, usize) {
    let c = text[i..].chars().next().unwrap_or_default();
    (class_of(c), c.len_utf8())
}

/// The classes of a non-ASCII character: the letters of Latin-1 and Latin
/// Extended-A and -B, and the general punctuation of typography (quotes,
/// dashes), known by range; the rest asked of `char` (a table search).
fn class_of(c: char) -> u8 {
    match c {
        '\u{c0}'..='\u{24f}' if c != '×' && c != '÷' => WORD | LETTER,
        '«' | '»' | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205e}' => 0,
        _ => class_by_table(c),
    }
}

/// [`class_of`] as `char`'s methods give it.
fn class_by_table(c: char) -> u8 {
    if c.is_alphabetic() {
        WORD | LETTER
    } else if c.is_alphanumeric() || is_combining_mark(c) {
        WORD
    } else if c.is_whitespace() {
        SPACE
    } else {
        0
    }
}

/// Cuts `text` into tokens, in order.
pub fn tokenize(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::with_capacity(text.len() / 4);
    let mut i = 0;
    while i < bytes.len() {
        let (class, len) = match bytes[i] {
            b if b.is_ascii() => (ASCII[b as usize], 1),
            _ => class_beyond_ascii(text, i),
        };
        if class & WORD == 0 {
            if class & SPACE == 0 {
                tokens.push(Token {
                    start: i,
                    end: i + len,
                    kind: TokenKind::Punct,
                });
            }
            i += len;
            continue;
        }
        // A run of word characters: ASCII ones in a tight loop, the others
        // one by one.
        let start = i;
        let mut letter = class & LETTER != 0;
        i += len;
        loop {
            while let Some(&b) = bytes.get(i) {
                // No class for a byte beyond ASCII: it ends this loop.
                let class = ASCII[b as usize];
                if class & WORD == 0 {
                    break;
                }
                letter |= class & LETTER != 0;
                i += 1;
            }
            if i == bytes.len() || bytes[i].is_ascii() {
                break;
            }
            let (class, len) = class_beyond_ascii(text, i);
            if class & WORD == 0 {
                break;
            }
            letter |= class & LETTER != 0;
            i += len;
        }
        tokens.push(word_or_number(start, i, letter));
    }
    tokens
}

fn word_or_number(start: usize, end: usize, letter: bool) -> Token {
    let kind = if letter {
        TokenKind::Word
    } else {
        TokenKind::Number
    };
    Token { start, end, kind }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<&str> {
        tokenize(s).iter().map(|t| t.text(s)).collect()
    }

    #[test]
    fn splits_elision_and_hyphen() {
        assert_eq!(texts("l'esercito"), ["l", "'", "esercito"]);
        assert_eq!(texts("Kim Jong-un,"), ["Kim", "Jong", "-", "un", ","]);
    }

    #[test]
    fn keeps_accents_and_mixed_alnum() {
        assert_eq!(texts("Forlì M5s 2023"), ["Forlì", "M5s", "2023"]);
        let t = tokenize("M5s 2023");
        assert_eq!(t[0].kind, TokenKind::Word);
        assert_eq!(t[1].kind, TokenKind::Number);
    }

    #[test]
    fn combining_marks_stay_in_the_word() {
        assert_eq!(texts("Forli\u{300} x"), ["Forli\u{300}", "x"]);
    }

    #[test]
    fn punctuation_is_one_token_per_char() {
        assert_eq!(texts("«Sì»,  ok…"), ["«", "Sì", "»", ",", "ok", "…"]);
    }

    #[test]
    fn the_ascii_table_agrees_with_char() {
        for b in 0..128u8 {
            let c = char::from(b);
            let class = ASCII[b as usize];
            assert_eq!(class & WORD != 0, c.is_alphanumeric(), "{b}");
            assert_eq!(class & LETTER != 0, c.is_alphabetic(), "{b}");
            assert_eq!(class & SPACE != 0, c.is_whitespace(), "{b}");
        }
    }

    #[test]
    fn the_known_ranges_agree_with_char() {
        for c in (0x80..=0x10ffff).filter_map(char::from_u32) {
            assert_eq!(class_of(c), class_by_table(c), "{:x}", c as u32);
        }
    }

    #[test]
    fn runs_mix_ascii_and_other_word_characters() {
        assert_eq!(
            texts("Città—ß2 «Ωx» x\u{a0}y ²3"),
            ["Città", "—", "ß2", "«", "Ωx", "»", "x", "y", "²3"]
        );
        let t = tokenize("²3 a");
        assert_eq!(t[0].kind, TokenKind::Number);
    }

    #[test]
    fn adjacency() {
        let t = tokenize("Jong-un");
        assert!(t[0].touches(&t[1]) && t[1].touches(&t[2]));
    }
}
