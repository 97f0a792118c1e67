//! An input article: its JSON object plus the typed view the core reads.

use chrono::{DateTime, FixedOffset};
use serde_json::{Map, Value};

/// One article as it arrived, validated.
///
/// Holds the whole JSON object (so that unknown fields survive unchanged and in
/// order) and reads the contract's fields from it; decoding guarantees that
/// the body is a string and every optional field has the right type.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    pub(super) fields: Map<String, Value>,
    pub(super) body_key: &'static str,
    pub(super) published_at: Option<DateTime<FixedOffset>>,
}

impl Article {
    /// An article with only a body, for callers that do not start from JSON.
    pub fn new(body: impl Into<String>) -> Self {
        let mut fields = Map::new();
        fields.insert("body".to_owned(), Value::String(body.into()));
        Article {
            fields,
            body_key: "body",
            published_at: None,
        }
    }

    /// The article text (from `body`, `text` or `content`).
    pub fn body(&self) -> &str {
        self.str_field(self.body_key).unwrap_or_default()
    }

    /// The headline.
    pub fn title(&self) -> Option<&str> {
        self.str_field("title")
    }

    /// The declared language code, as given.
    pub fn language(&self) -> Option<&str> {
        self.str_field("language")
    }

    /// The `id` field as a string (numbers are written in JSON form).
    pub fn id(&self) -> Option<String> {
        match self.fields.get("id")? {
            Value::String(s) if !s.is_empty() => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }

    /// The article's URL.
    pub fn url(&self) -> Option<&str> {
        self.str_field("url")
    }

    /// Where the article came from.
    pub fn source(&self) -> Option<&str> {
        self.str_field("source")
    }

    /// When the article was published.
    pub fn published_at(&self) -> Option<DateTime<FixedOffset>> {
        self.published_at
    }

    /// Every field of the input object, in input order.
    pub fn fields(&self) -> &Map<String, Value> {
        &self.fields
    }

    fn str_field(&self, key: &str) -> Option<&str> {
        self.fields.get(key).and_then(Value::as_str)
    }
}
