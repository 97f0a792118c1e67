//! Where the quotes sit among the body's tokens and sentences.
//!
//! The document's sentences are cut without knowing the quotes: a quote of
//! two sentences would cut its own sentence in three. A [`Layout`] joins the
//! sentences whose boundary falls inside a quote into *regions* (a sentence
//! with its quotes whole) and maps every quote to token indices, so that the
//! attribution stages can walk the words around a quote.
//!
//! It also keeps what those stages ask of every token, compactly, since a
//! long article has millions of them: a byte of flags (word, punctuation,
//! capitalised), the word's class packed in 32 bits (looked up when first
//! asked for: many never are), and the lowercase text of the whole body in
//! one buffer, at the same byte offsets as the text itself.

use std::cell::Cell;
use std::ops::Range;

use super::lexicon::Rules;
use super::pairing::Candidate;
use super::token_cursor::TokenCursor;
use super::wordclass::WordClass;
use crate::enrich::document::{FieldText, TokenKind};

/// No quote.
const NONE: u32 = u32::MAX;

/// Token flags: a word token.
const WORD: u8 = 1;
/// A punctuation token.
const PUNCT: u8 = 1 << 1;
/// A word token starting with a capital letter.
const CAPITALISED: u8 = 1 << 2;
/// A token whose lowercase form is longer or shorter than itself: it is in
/// [`Lowercase::longer`], not at its own offsets.
const ELSEWHERE: u8 = 1 << 3;

/// A quote's place among the tokens.
#[derive(Debug, Clone)]
pub struct Placed {
    /// First token of the opening mark.
    pub open: usize,
    /// Tokens of the quoted text.
    pub inner: Range<usize>,
    /// First token after the closing mark (after the paragraph when the quote
    /// runs on).
    pub after: usize,
    /// Index of the region holding the quote.
    pub region: usize,
}

/// The body's tokens, quotes and regions.
#[derive(Debug)]
pub struct Layout<'d> {
    /// The body's normalised text.
    pub text: &'d str,
    /// The body's field (tokens, paragraphs).
    pub field: &'d FieldText<'d>,
    /// The language's data.
    rules: &'d Rules,
    /// Every token's flags ([`WORD`], [`PUNCT`], [`CAPITALISED`], [`ELSEWHERE`]).
    flags: Vec<u8>,
    /// Every token's [`WordClass::pack`]ed class, 0 until first asked for.
    classes: Vec<Cell<u32>>,
    /// The tokens' lowercase text.
    lower: Lowercase,
    /// The quotes, placed; same order as the candidates.
    pub quotes: Vec<Placed>,
    /// Sentences with their quotes whole, as token ranges, in order.
    pub regions: Vec<Range<usize>>,
    /// Paragraph index of each region.
    pub region_paragraph: Vec<usize>,
    quote_of: Vec<u32>,
}

/// The lowercase text of every token: the body lowercased token by token, so
/// that a token's lowercase form sits at its own byte offsets; the few whose
/// lowercase form has another length (`İ`, `ẞ`) are kept apart.
#[derive(Debug)]
struct Lowercase {
    /// The body with every token lowercased in place.
    text: String,
    /// Lowercase forms of another length than their token, one after another.
    longer: String,
    /// For each of those: its token and where its form ends in `longer`.
    ends: Vec<(usize, usize)>,
}

impl<'d> Layout<'d> {
    /// Places `cands` among `field`'s tokens, whose words `rules` classify.
    pub fn new(field: &'d FieldText<'d>, cands: &[Candidate], rules: &'d Rules) -> Layout<'d> {
        let text = field.as_str();
        let tokens = &field.tokens;
        let mut lower = Lowercase {
            text: text.to_owned(),
            longer: String::new(),
            ends: Vec::new(),
        };
        // ASCII letters lowercase alone; other characters are looked at token
        // by token below.
        lower.text.make_ascii_lowercase();
        let mut flags = Vec::with_capacity(tokens.len());
        let bytes = text.as_bytes();
        for (i, t) in tokens.iter().enumerate() {
            let mut f = match t.kind {
                TokenKind::Word => WORD,
                TokenKind::Punct => PUNCT,
                TokenKind::Number => 0,
            };
            if t.kind == TokenKind::Word && starts_uppercase(text, t.start) {
                f |= CAPITALISED;
            }
            // Most tokens are ASCII: their bytes say so without the text.
            if t.kind != TokenKind::Punct
                && !bytes[t.start..t.end].is_ascii()
                && !lowercase_beyond_ascii(t.text(text))
            {
                let s = t.text(text);
                let l = s.to_lowercase();
                if l.len() == s.len() {
                    lower.text.replace_range(t.start..t.end, &l);
                } else {
                    lower.longer.push_str(&l);
                    lower.ends.push((i, lower.longer.len()));
                    f |= ELSEWHERE;
                }
            }
            flags.push(f);
        }
        let mut quote_of = vec![NONE; tokens.len()];
        let mut quotes = Vec::with_capacity(cands.len());
        let mut cursor = TokenCursor::new(tokens);
        for (i, c) in cands.iter().enumerate() {
            let ext = c.extent();
            let open = cursor.at_or_after(ext.start);
            let inner = cursor.at_or_after(c.inner.start)..cursor.at_or_after(c.inner.end);
            let after = cursor.at_or_after(ext.end);
            for q in &mut quote_of[open..after] {
                *q = i as u32;
            }
            quotes.push(Placed {
                open,
                inner,
                after,
                region: 0,
            });
        }
        // A region starts at every sentence start outside a quote, and after a
        // quote that ends its sentence (`« Je suis Marine ! » À Moscou`).
        let n = tokens.len();
        let mut starts: Vec<usize> = field
            .sentences
            .iter()
            .map(|s| s.tokens.start)
            .filter(|&t| t == 0 || quote_of[t] == NONE || quote_of[t] != quote_of[t - 1])
            .collect();
        for (c, q) in cands.iter().zip(&quotes) {
            let ends_sentence = q.inner.end > q.inner.start
                && matches!(tokens[q.inner.end - 1].text(text), "." | "!" | "?" | "…");
            let next_starts = q.after < n
                && field.paragraph_of(tokens[q.after].start) == Some(c.paragraph)
                && (quote_of[q.after] != NONE
                    || tokens[q.after]
                        .text(text)
                        .chars()
                        .next()
                        .is_some_and(char::is_uppercase));
            if c.close.is_some() && ends_sentence && next_starts {
                starts.push(q.after);
            }
        }
        starts.sort_unstable();
        starts.dedup();
        let mut regions: Vec<Range<usize>> = Vec::with_capacity(starts.len());
        let mut region_paragraph = Vec::with_capacity(starts.len());
        // Region starts come in text order: so do their paragraphs.
        let paragraphs = &field.paragraphs;
        let mut next_para = 0;
        // The last paragraph looked at, and its first token past it.
        let mut last_para: Option<(usize, usize)> = None;
        for (k, &st) in starts.iter().enumerate() {
            let byte = tokens[st].start;
            while next_para < paragraphs.len() && paragraphs[next_para].end <= byte {
                next_para += 1;
            }
            let p = match paragraphs.get(next_para) {
                Some(r) if r.start <= byte => next_para,
                _ => 0,
            };
            if last_para.is_none_or(|(q, _)| q != p) {
                let end = paragraphs.get(p).map_or(n, |r| cursor.at_or_after(r.end));
                last_para = Some((p, end));
            }
            let para_end = last_para.map_or(n, |(_, end)| end);
            let end = starts
                .get(k + 1)
                .map_or(n, |&e| e.min(para_end))
                .min(para_end);
            regions.push(st..end.max(st + 1));
            region_paragraph.push(p);
        }
        let mut layout = Layout {
            text,
            field,
            rules,
            flags,
            classes: vec![Cell::new(0); tokens.len()],
            lower,
            quotes,
            regions,
            region_paragraph,
            quote_of,
        };
        for i in 0..layout.quotes.len() {
            let r = layout.region_of(layout.quotes[i].open);
            layout.quotes[i].region = r;
        }
        layout
    }

    /// Index of the region holding token `t` (the last region for a token past
    /// the end).
    pub fn region_of(&self, t: usize) -> usize {
        let i = self.regions.partition_point(|r| r.end <= t);
        i.min(self.regions.len().saturating_sub(1))
    }

    /// The quote whose extent (marks included) holds token `t`.
    pub fn quote_at(&self, t: usize) -> Option<usize> {
        self.quote_of
            .get(t)
            .filter(|&&q| q != NONE)
            .map(|&q| q as usize)
    }

    /// What the language's data says about token `t`'s word.
    // Inlined: callers ask this of most tokens, often for one answer each,
    // and a remembered class unpacks to just the bits they read.
    #[inline]
    pub fn class(&self, t: usize) -> WordClass {
        match self.classes[t].get() {
            0 => self.look_up_class(t),
            bits => WordClass::unpack(bits),
        }
    }

    /// [`Layout::class`] the first time: looks the word up and remembers it.
    #[inline(never)]
    fn look_up_class(&self, t: usize) -> WordClass {
        let c = self.rules.word(self.lower(t));
        self.classes[t].set(c.pack());
        c
    }

    /// Lowercase text of token `t`.
    #[inline(always)]
    pub fn lower(&self, t: usize) -> &str {
        if self.flags[t] & ELSEWHERE != 0 {
            return self.lower_elsewhere(t);
        }
        let token = &self.field.tokens[t];
        &self.lower.text[token.start..token.end]
    }

    /// [`Layout::lower`] of a token whose lowercase form has another length.
    fn lower_elsewhere(&self, t: usize) -> &str {
        let l = &self.lower;
        let k = l.ends.partition_point(|&(token, _)| token < t);
        let start = k.checked_sub(1).map_or(0, |p| l.ends[p].1);
        &l.longer[start..l.ends[k].1]
    }

    /// The token's text.
    pub fn tok(&self, t: usize) -> &str {
        self.field.tokens[t].text(self.text)
    }

    /// True for a word token.
    pub fn is_word(&self, t: usize) -> bool {
        self.flags[t] & WORD != 0
    }

    /// True for a word token starting with a capital letter.
    pub fn is_capitalised(&self, t: usize) -> bool {
        self.flags[t] & CAPITALISED != 0
    }

    /// True for a punctuation token that is one of `set`.
    // Always inlined: callers pass a set of one to three marks, which then
    // compares as constants.
    #[inline(always)]
    pub fn is_punct(&self, t: usize, set: &[char]) -> bool {
        if self.flags[t] & PUNCT == 0 {
            return false;
        }
        let token = &self.field.tokens[t];
        // A punctuation token is one character.
        let c = match self.text.as_bytes()[token.start] {
            b if b.is_ascii() => char::from(b),
            _ => self.punct_beyond_ascii(t),
        };
        set.contains(&c)
    }

    /// The character of punctuation token `t`, one beyond ASCII.
    fn punct_beyond_ascii(&self, t: usize) -> char {
        self.tok(t).chars().next().unwrap_or_default()
    }

    /// Lowercase words from token `t` on, at most `N`, stopping at a quote:
    /// the first of the array, and how many.
    pub fn words_from<const N: usize>(&self, t: usize) -> ([&str; N], usize) {
        let mut words = [""; N];
        let end = (t + N).min(self.field.tokens.len());
        let mut n = 0;
        for i in (t..end).take_while(|&i| self.quote_at(i).is_none()) {
            words[n] = self.lower(i);
            n += 1;
        }
        (words, n)
    }

    /// The paragraph of token `t`.
    pub fn paragraph_of(&self, t: usize) -> usize {
        self.region_paragraph
            .get(self.region_of(t))
            .copied()
            .unwrap_or(0)
    }
}

/// True when the character at byte `start` of `text` is an uppercase letter.
fn starts_uppercase(text: &str, start: usize) -> bool {
    match text.as_bytes().get(start) {
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        _ => text[start..].chars().next().is_some_and(char::is_uppercase),
    }
}

/// True when every character of `s` beyond ASCII is its own lowercase:
/// then lowercasing its ASCII letters (done for the whole text at once)
/// lowercases `s`.
fn lowercase_beyond_ascii(s: &str) -> bool {
    s.chars().all(|c| {
        c.is_ascii() || {
            let mut l = c.to_lowercase();
            l.next() == Some(c) && l.next().is_none()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::super::marks::scan;
    use super::super::pairing::pair;
    use super::*;
    use crate::enrich::document::Document;
    use crate::enrich::language::Lang;

    fn regions(text: &str, lang: Lang) -> Vec<String> {
        let rules = Rules::load(lang).unwrap();
        let doc = Document::new(None, text, &Default::default());
        let t = doc.body.as_str();
        let cands = pair(t, &doc.body.paragraphs, &scan(t, &rules.marks));
        let l = Layout::new(&doc.body, &cands, &rules);
        l.regions
            .iter()
            .map(|r| {
                let a = l.field.tokens[r.start].start;
                let b = l.field.tokens[r.end - 1].end;
                t[a..b].to_owned()
            })
            .collect()
    }

    #[test]
    fn a_quote_of_several_sentences_stays_in_one_region() {
        assert_eq!(
            regions("«Uno. Due. Tre», ha detto. Poi basta.", Lang::It),
            ["«Uno. Due. Tre», ha detto.", "Poi basta."]
        );
    }

    #[test]
    fn a_sentence_ending_quote_ends_its_region() {
        assert_eq!(
            regions("Il a dit : « C'est fini ! » Puis il est parti.", Lang::Fr),
            ["Il a dit : « C'est fini ! »", "Puis il est parti."]
        );
    }

    #[test]
    fn ascii_lowercasing_is_enough_only_when_the_rest_is_lowercase() {
        for s in [
            "ciao",
            "Roma",
            "ROMA",
            "ǅemal",
            "İstanbul",
            "ΣΟΦΙΑ",
            "σοφία",
            "straße",
            "ﬁne",
            "l'esercito",
            "2023",
            "über",
            "Ärger",
            "x\u{301}",
        ] {
            assert_eq!(
                lowercase_beyond_ascii(s),
                s.to_lowercase() == s.to_ascii_lowercase(),
                "{s}"
            );
        }
    }
}
