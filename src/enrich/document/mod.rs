//! The article as extractors see it: normalised once, cut once.
//!
//! A [`Document`] holds the title and body as [`FieldText`]s: NFC-normalised
//! text (typographic quotes, dashes and whitespace kept as they are), its
//! tokens, paragraphs and sentences. Extractors annotate it with [`Span`]s,
//! byte ranges into a field's normalised text; only the final assembly turns a
//! span into code-point offsets of the original strings ([`FieldText::code_points`]).

mod code_points;
mod sentences;
mod text;
mod tokens;

use std::collections::HashSet;
use std::ops::Range;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use sentences::Sentence;
pub use text::{Bias, Text};
pub use tokens::{Token, TokenKind};

/// Which string of the article a span points into.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    /// The headline.
    Title,
    /// The article text.
    Body,
}

/// A byte range of one field's normalised text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// The field the range is in.
    pub field: Field,
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset past the last character.
    pub end: usize,
}

impl Span {
    /// A span of `field` from `start` to `end` (bytes).
    pub fn new(field: Field, start: usize, end: usize) -> Self {
        Span { field, start, end }
    }

    /// True when the two spans share a field and at least one byte.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.field == other.field && self.start < other.end && other.start < self.end
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True for an empty range.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// One field: normalised text, tokens, paragraphs and sentences.
#[derive(Debug, Clone)]
pub struct FieldText<'a> {
    text: Text<'a>,
    /// Tokens in text order.
    pub tokens: Vec<Token>,
    /// Byte ranges of the paragraphs (text between line breaks).
    pub paragraphs: Vec<Range<usize>>,
    /// Sentences in text order.
    pub sentences: Vec<Sentence>,
}

impl<'a> FieldText<'a> {
    fn new(original: &'a str, abbreviations: &HashSet<String>) -> Self {
        let text = Text::new(original);
        let s = text.as_str();
        let tokens = tokens::tokenize(s);
        let paragraphs = sentences::paragraphs(s);
        let sentences = sentences::sentences(s, &tokens, &paragraphs, abbreviations);
        FieldText {
            text,
            tokens,
            paragraphs,
            sentences,
        }
    }

    /// The normalised text.
    pub fn as_str(&self) -> &str {
        self.text.as_str()
    }

    /// The text as the article carried it.
    pub fn original(&self) -> &'a str {
        self.text.original()
    }

    /// Code-point offsets in the original string for a byte range of the
    /// normalised text.
    pub fn code_points(&self, start: usize, end: usize) -> (usize, usize) {
        (
            self.text.code_point(start, Bias::Start),
            self.text.code_point(end, Bias::End),
        )
    }

    /// The original text of a byte range of the normalised text.
    pub fn original_slice(&self, start: usize, end: usize) -> &'a str {
        self.text.original_slice(start, end)
    }

    /// Index of the first token that starts at or after `byte`.
    pub fn token_at_or_after(&self, byte: usize) -> usize {
        self.tokens.partition_point(|t| t.start < byte)
    }

    /// Index of the sentence holding `byte`, if any.
    pub fn sentence_of(&self, byte: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.end <= byte);
        self.sentences.get(i).filter(|s| s.start <= byte).map(|_| i)
    }

    /// Index of the paragraph holding `byte`, if any.
    pub fn paragraph_of(&self, byte: usize) -> Option<usize> {
        let i = self.paragraphs.partition_point(|p| p.end <= byte);
        self.paragraphs
            .get(i)
            .filter(|p| p.start <= byte)
            .map(|_| i)
    }
}

/// The title and body of one article, ready for the extractors.
#[derive(Debug, Clone)]
pub struct Document<'a> {
    /// The headline (empty when the article has none).
    pub title: FieldText<'a>,
    /// The article text.
    pub body: FieldText<'a>,
}

impl<'a> Document<'a> {
    /// Normalises and segments `title` and `body`; a full stop after a word in
    /// `abbreviations` (lowercase) does not end a sentence.
    pub fn new(title: Option<&'a str>, body: &'a str, abbreviations: &HashSet<String>) -> Self {
        Document {
            title: FieldText::new(title.unwrap_or(""), abbreviations),
            body: FieldText::new(body, abbreviations),
        }
    }

    /// The field a span refers to.
    pub fn field(&self, field: Field) -> &FieldText<'a> {
        match field {
            Field::Title => &self.title,
            Field::Body => &self.body,
        }
    }

    /// The normalised text of a span.
    pub fn text(&self, span: Span) -> &str {
        &self.field(span.field).as_str()[span.start..span.end]
    }

    /// Both fields, title first.
    pub fn fields(&self) -> [(Field, &FieldText<'a>); 2] {
        [(Field::Title, &self.title), (Field::Body, &self.body)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_map_back_to_the_original() {
        let body = "Mosca, 13 settembre 2023 – Vladimir Putin ha parlato.";
        let doc = Document::new(Some("Titolo"), body, &HashSet::new());
        let s = doc.body.as_str().find("Putin").unwrap();
        let (a, b) = doc.body.code_points(s, s + 5);
        let sliced: String = body.chars().skip(a).take(b - a).collect();
        assert_eq!(sliced, "Putin");
        assert_eq!(doc.text(Span::new(Field::Body, s, s + 5)), "Putin");
        assert_eq!(doc.title.as_str(), "Titolo");
    }

    #[test]
    fn lookups_by_byte() {
        let doc = Document::new(None, "Uno due. Tre quattro.\nCinque.", &HashSet::new());
        let b = doc.body.as_str().find("Tre").unwrap();
        assert_eq!(doc.body.sentence_of(b), Some(1));
        assert_eq!(doc.body.paragraph_of(b), Some(0));
        let c = doc.body.as_str().find("Cinque").unwrap();
        assert_eq!(doc.body.paragraph_of(c), Some(1));
        assert_eq!(doc.body.tokens[doc.body.token_at_or_after(b)].start, b);
    }
}
