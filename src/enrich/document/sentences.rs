//! Paragraphs and sentences over a field's tokens.
//!
//! A paragraph is a run of text between line breaks. A sentence ends at `.`,
//! `!`, `?` or `…` (plus any closing quotes or brackets) when whitespace and a
//! capital letter, a digit or an opening mark follow, unless the full stop
//! closes a known abbreviation of the language, a single capital (an initial),
//! or a one- or two-digit number (German ordinals: `12. März`). Sentences never
//! cross paragraphs.

use std::collections::HashSet;
use std::ops::Range;

use super::tokens::{Token, TokenKind};

/// A sentence: its token range and byte span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Indices into the field's tokens.
    pub tokens: Range<usize>,
    /// Byte offset of the first token.
    pub start: usize,
    /// Byte offset past the last token.
    pub end: usize,
    /// Index of the paragraph holding the sentence.
    pub paragraph: usize,
}

/// The bytes a line break can start with (see [`paragraphs`]).
const BREAK_LEAD: [bool; 256] = {
    let mut t = [false; 256];
    t[b'\n' as usize] = true;
    t[b'\r' as usize] = true;
    t[0xC2] = true;
    t[0xE2] = true;
    t
};

/// Byte spans of the paragraphs of `text` (non-empty runs between line breaks).
pub fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    // A break starts with one of these bytes: \n, \r, U+0085 (C2 85),
    // U+2028 and U+2029 (E2 80 A8/A9); only there is a character decoded.
    // Eight bytes of printable ASCII hold none: those are skipped at once.
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if let Some(chunk) = bytes.get(i..i + 8) {
            if printable_ascii(chunk) {
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        i += 1;
        if !BREAK_LEAD[b as usize] {
            continue;
        }
        let i = i - 1;
        let c = text[i..].chars().next().unwrap_or_default();
        if matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}') {
            push_trimmed(text, start..i, &mut out);
            start = i + c.len_utf8();
        }
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

/// True when the eight bytes of `chunk` are all printable ASCII or spaces
/// (0x20 to 0x7F), none the start of a line break.
#[inline]
fn printable_ascii(chunk: &[u8]) -> bool {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGH: u64 = ONES << 7;
    let x = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
    // A byte below 0x20 leaves its high bit set in `x - 0x20..` where `x`
    // has it clear (exact for whether any byte is below); one of 0x80 or
    // more has it set in `x`.
    let below = x.wrapping_sub(ONES * 0x20) & !x;
    (below | x) & HIGH == 0
}

fn push_trimmed(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(r.start + lead..r.end - trail);
    }
}

fn is_terminator(s: &str) -> bool {
    matches!(s, "." | "!" | "?" | "…")
}

fn is_closer(s: &str) -> bool {
    matches!(
        s,
        "\"" | "”" | "»" | "’" | "'" | ")" | "]" | "“" | "«" | "›"
    )
}

fn can_open_sentence(t: &Token, text: &str) -> bool {
    let s = t.text(text);
    match t.kind {
        TokenKind::Number => true,
        TokenKind::Word => s.chars().next().is_some_and(char::is_uppercase),
        TokenKind::Punct => matches!(
            s,
            "\"" | "“"
                | "«"
                | "„"
                | "‘"
                | "'"
                | "("
                | "["
                | "-"
                | "–"
                | "—"
                | "¿"
                | "¡"
                | "»"
                | "‹"
        ),
    }
}

/// Splits each paragraph's tokens into sentences.
///
/// `abbreviations` holds lowercase words that a full stop does not end a
/// sentence after (`sig`, `dott`, `mr`).
pub fn sentences(
    text: &str,
    tokens: &[Token],
    paragraphs: &[Range<usize>],
    abbreviations: &HashSet<String>,
) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut i = 0;
    for (p, para) in paragraphs.iter().enumerate() {
        while i < tokens.len() && tokens[i].start < para.start {
            i += 1;
        }
        let mut start = i;
        while i < tokens.len() && tokens[i].end <= para.end {
            let mut end = i + 1;
            if tokens[i].kind == TokenKind::Punct
                && is_terminator(tokens[i].text(text))
                && !is_abbreviation(text, tokens, i, abbreviations)
            {
                while end < tokens.len()
                    && tokens[end].end <= para.end
                    && (is_terminator(tokens[end].text(text)) || is_closer(tokens[end].text(text)))
                    && tokens[end - 1].touches(&tokens[end])
                {
                    end += 1;
                }
                let next = tokens.get(end).filter(|t| t.end <= para.end);
                let breaks = match next {
                    None => true,
                    Some(n) => n.start > tokens[end - 1].end && can_open_sentence(n, text),
                };
                if breaks {
                    push(&mut out, tokens, start..end, p);
                    start = end;
                }
            }
            i = end;
        }
        if start < i {
            push(&mut out, tokens, start..i, p);
        }
    }
    out
}

fn push(out: &mut Vec<Sentence>, tokens: &[Token], r: Range<usize>, paragraph: usize) {
    out.push(Sentence {
        start: tokens[r.start].start,
        end: tokens[r.end - 1].end,
        tokens: r,
        paragraph,
    });
}

fn is_abbreviation(
    text: &str,
    tokens: &[Token],
    i: usize,
    abbreviations: &HashSet<String>,
) -> bool {
    if tokens[i].text(text) != "." || i == 0 || !tokens[i - 1].touches(&tokens[i]) {
        return false;
    }
    let prev = &tokens[i - 1];
    let word = prev.text(text);
    match prev.kind {
        TokenKind::Number => word.len() <= 2,
        TokenKind::Word => {
            let mut chars = word.chars();
            let initial = chars.next().is_some_and(char::is_uppercase) && chars.next().is_none();
            initial || abbreviations.contains(&word.to_lowercase())
        }
        TokenKind::Punct => false,
    }
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tokenize;
    use super::*;

    #[test]
    fn paragraphs_break_at_every_line_break_wherever_it_falls() {
        let breaks = ["\n", "\r\n", "\u{85}", "\u{2028}", "\u{2029}", "\t\n "];
        let words = [
            "Roma",
            "città «sì»",
            "a",
            "x\u{a0}y",
            "“ok” — no",
            "0123456789ab",
        ];
        for (k, br) in breaks.iter().enumerate() {
            for n in 0..24 {
                let mut text = String::new();
                let mut want = Vec::new();
                for m in 0..n {
                    let w = words[(m + k) % words.len()].repeat(1 + m % 3);
                    want.push(w.clone());
                    text.push_str(&w);
                    text.push_str(br);
                }
                let got: Vec<&str> = paragraphs(&text).iter().map(|r| &text[r.clone()]).collect();
                let want: Vec<&str> = want.iter().map(|w| w.trim()).collect();
                assert_eq!(got, want, "{text:?}");
            }
        }
    }

    fn split(text: &str, abbr: &[&str]) -> Vec<String> {
        let abbr = abbr.iter().map(|s| s.to_string()).collect();
        let toks = tokenize(text);
        let paras = paragraphs(text);
        sentences(text, &toks, &paras, &abbr)
            .iter()
            .map(|s| text[s.start..s.end].to_string())
            .collect()
    }

    #[test]
    fn splits_on_terminators_before_capitals() {
        assert_eq!(
            split("Ora è finita. Domani si riparte! Davvero?", &[]),
            ["Ora è finita.", "Domani si riparte!", "Davvero?"]
        );
    }

    #[test]
    fn closing_quote_stays_with_its_sentence() {
        assert_eq!(
            split("Ha detto: «Basta.» Poi è uscito.", &[]),
            ["Ha detto: «Basta.»", "Poi è uscito."]
        );
    }

    #[test]
    fn abbreviations_initials_and_ordinals_do_not_split() {
        assert_eq!(
            split("Mr. Smith met J. Doe.", &["mr"]),
            ["Mr. Smith met J. Doe."]
        );
        assert_eq!(split("Am 12. März kam er.", &[]), ["Am 12. März kam er."]);
    }

    #[test]
    fn lowercase_after_full_stop_does_not_split() {
        assert_eq!(split("Il 5 mar. scorso ok.", &[]), ["Il 5 mar. scorso ok."]);
    }

    #[test]
    fn paragraphs_split_sentences() {
        let s = split("Prima riga senza punto\nSeconda riga.\r\n\r\nTerza", &[]);
        assert_eq!(s, ["Prima riga senza punto", "Seconda riga.", "Terza"]);
    }

    #[test]
    fn every_line_break_ends_a_paragraph_and_nothing_else_does() {
        let text = "Uno «a»\u{85}due – b\u{2028}tre “c”\u{2029} quattro\rcinque";
        let got: Vec<&str> = paragraphs(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(got, ["Uno «a»", "due – b", "tre “c”", "quattro", "cinque"]);
    }
}
