//! A cursor over the opening of a body: the few reading moves the dateline
//! grammar is made of (skip blanks, read a word or a number, take a literal).
//!
//! Positions are byte offsets into the normalised text. Blanks are spaces,
//! tabs and no-break spaces; a line break is never a blank, so a dateline
//! never runs across lines.

use crate::enrich::affix;

/// A reading position in `text`.
#[derive(Debug, Clone, Copy)]
pub struct Cursor<'t> {
    text: &'t str,
    pos: usize,
}

/// True for the horizontal blanks a dateline may hold.
pub fn is_blank(c: char) -> bool {
    c.is_whitespace() && !is_line_break(c)
}

/// True for characters that end a line.
pub fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// True for characters words are made of: letters and combining marks.
pub fn is_letter(c: char) -> bool {
    c.is_alphabetic() || unicode_normalization::char::is_combining_mark(c)
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02bc}')
}

impl<'t> Cursor<'t> {
    /// A cursor at byte `pos` of `text` (a char boundary).
    pub fn new(text: &'t str, pos: usize) -> Self {
        Cursor { text, pos }
    }

    /// The current byte offset.
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// The text from the cursor on.
    pub fn rest(&self) -> &'t str {
        &self.text[self.pos..]
    }

    /// The whole text.
    pub fn text(&self) -> &'t str {
        self.text
    }

    /// The next character.
    pub fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    /// The character before the cursor.
    pub fn prev(&self) -> Option<char> {
        self.text[..self.pos].chars().next_back()
    }

    /// True at the end of the text or of the line.
    pub fn at_line_end(&self) -> bool {
        self.peek().is_none_or(is_line_break)
    }

    /// Skips blanks; true when there were any.
    pub fn skip_blanks(&mut self) -> bool {
        let rest = self.rest();
        let skipped = rest.len() - rest.trim_start_matches(is_blank).len();
        self.pos += skipped;
        skipped > 0
    }

    /// Takes `c` when it is next.
    pub fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    /// Takes `s` when the text goes on with it, exactly.
    pub fn eat_str(&mut self, s: &str) -> bool {
        if !s.is_empty() && affix::starts_with(self.rest().as_bytes(), s.as_bytes()) {
            self.pos += s.len();
            true
        } else {
            false
        }
    }

    /// Takes a word: letters, joined by single hyphens or apostrophes that
    /// have letters on both sides (`segunda-feira`, `L'Aquila`). Returns its
    /// byte range.
    pub fn word(&mut self) -> Option<(usize, usize)> {
        let start = self.pos;
        let mut end = start;
        let mut chars = self.rest().char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if is_letter(c) {
                end = start + i + c.len_utf8();
            } else if (c == '-' || is_apostrophe(c)) && end == start + i && end > start {
                match chars.peek() {
                    Some(&(_, n)) if is_letter(n) => {}
                    _ => break,
                }
            } else {
                break;
            }
        }
        (end > start).then(|| {
            self.pos = end;
            (start, end)
        })
    }

    /// Takes a run of ASCII digits not followed by a letter or digit; returns
    /// its range and value (`None` when longer than `max_len` digits).
    pub fn number(&mut self, max_len: usize) -> Option<(usize, usize, u32)> {
        let rest = self.rest();
        let len = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if len == 0 || len > max_len {
            return None;
        }
        let value = rest[..len].parse().ok()?;
        let start = self.pos;
        self.pos += len;
        Some((start, start + len, value))
    }

    /// True when the cursor is not inside a word (the next character is no
    /// letter or digit).
    pub fn at_boundary(&self) -> bool {
        !self.peek().is_some_and(char::is_alphanumeric)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_inner_hyphens_and_apostrophes() {
        let text = "segunda-feira L'Aquila CITTA' Jong- x";
        let mut c = Cursor::new(text, 0);
        let mut got = Vec::new();
        while !c.at_line_end() {
            match c.word() {
                Some((s, e)) => got.push(&text[s..e]),
                None => {
                    c.eat(c.peek().unwrap());
                }
            }
            c.skip_blanks();
        }
        assert_eq!(got, ["segunda-feira", "L'Aquila", "CITTA", "Jong", "x"]);
    }

    #[test]
    fn numbers_are_bounded() {
        let mut c = Cursor::new("2023 12345", 0);
        assert_eq!(c.number(4), Some((0, 4, 2023)));
        c.skip_blanks();
        assert_eq!(c.number(4), None);
        assert_eq!(c.pos(), 5);
    }

    #[test]
    fn blanks_stop_at_line_breaks() {
        let mut c = Cursor::new(" \u{a0}\t\nx", 0);
        assert!(c.skip_blanks());
        assert!(c.at_line_end());
        assert_eq!(c.pos(), 4);
    }
}
