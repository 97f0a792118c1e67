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
const ASCII: [u8; 128] = {
    let mut t = [0u8; 128];
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

/// The classes and length of the character at byte `i`.
fn class_at(text: &str, i: usize) -> (u8, usize) {
    let b = text.as_bytes()[i];
    if b.is_ascii() {
        return (ASCII[b as usize], 1);
    }
    let c = text[i..].chars().next().unwrap_or_default();
    let mut class = 0;
    if c.is_alphabetic() {
        class |= WORD | LETTER;
    } else if c.is_alphanumeric() || is_combining_mark(c) {
        class |= WORD;
    } else if c.is_whitespace() {
        class |= SPACE;
    }
    (class, c.len_utf8())
}

/// Cuts `text` into tokens, in order.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 5);
    let mut run: Option<(usize, bool)> = None; // start, saw a letter
    let mut i = 0;
    while i < text.len() {
        let (class, len) = class_at(text, i);
        if class & WORD != 0 {
            let letter = class & LETTER != 0;
            run = Some(match run {
                Some((s, l)) => (s, l || letter),
                None => (i, letter),
            });
        } else {
            if let Some((s, letter)) = run.take() {
                tokens.push(word_or_number(s, i, letter));
            }
            if class & SPACE == 0 {
                tokens.push(Token {
                    start: i,
                    end: i + len,
                    kind: TokenKind::Punct,
                });
            }
        }
        i += len;
    }
    if let Some((s, letter)) = run {
        tokens.push(word_or_number(s, text.len(), letter));
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
            let (class, len) = class_at(std::str::from_utf8(&[b]).unwrap(), 0);
            assert_eq!(len, 1);
            assert_eq!(class & WORD != 0, c.is_alphanumeric(), "{b}");
            assert_eq!(class & LETTER != 0, c.is_alphabetic(), "{b}");
            assert_eq!(class & SPACE != 0, c.is_whitespace(), "{b}");
        }
    }

    #[test]
    fn adjacency() {
        let t = tokenize("Jong-un");
        assert!(t[0].touches(&t[1]) && t[1].touches(&t[2]));
    }
}
