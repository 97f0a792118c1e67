//! Turning bytes into an [`Article`], or saying exactly why not.

use chrono::DateTime;
use serde_json::{Map, Value};
use thiserror::Error;

use super::article::Article;

/// Fields that hold the article text, in order of preference.
const BODY_KEYS: [&str; 3] = ["body", "text", "content"];

/// Optional fields that must be strings (or null) when present.
const STRING_FIELDS: [&str; 5] = ["title", "url", "language", "published_at", "source"];

/// Why an input record is not an article.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeError {
    /// The bytes are not UTF-8.
    #[error("not UTF-8: invalid byte at offset {offset}")]
    NotUtf8 {
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// The text is not one JSON value.
    #[error("not JSON: {message} (line {line}, column {column})")]
    NotJson {
        /// The parser's message.
        message: String,
        /// 1-based line within the record.
        line: usize,
        /// 1-based column within the line.
        column: usize,
    },
    /// The JSON value is not an object.
    #[error("not a JSON object but {found}")]
    NotObject {
        /// The JSON type found.
        found: &'static str,
    },
    /// None of `body`, `text` or `content` is present.
    #[error("no body: the object has no \"body\" (or \"text\" / \"content\") field")]
    MissingBody,
    /// The body is empty or whitespace.
    #[error("empty body: field {field:?} holds no text")]
    EmptyBody {
        /// The field that held the body.
        field: &'static str,
    },
    /// A known field has the wrong JSON type.
    #[error("wrong type: field {field:?} must be {expected}, found {found}")]
    WrongType {
        /// The field.
        field: String,
        /// What the contract wants.
        expected: &'static str,
        /// The JSON type found.
        found: &'static str,
    },
    /// A known field has the right type but an unusable value.
    #[error("invalid value: field {field:?}: {reason}")]
    InvalidValue {
        /// The field.
        field: String,
        /// What is wrong with it.
        reason: String,
    },
}

impl DecodeError {
    /// A short, stable name for the kind of error, used in dead-letter headers
    /// and metrics (`not_json`, `missing_body`, ...).
    pub fn class(&self) -> &'static str {
        match self {
            DecodeError::NotUtf8 { .. } => "not_utf8",
            DecodeError::NotJson { .. } => "not_json",
            DecodeError::NotObject { .. } => "not_object",
            DecodeError::MissingBody => "missing_body",
            DecodeError::EmptyBody { .. } => "empty_body",
            DecodeError::WrongType { .. } => "wrong_type",
            DecodeError::InvalidValue { .. } => "invalid_value",
        }
    }

    /// Every class [`DecodeError::class`] returns, in variant order: the
    /// dead-letter header schema lists them.
    pub fn classes() -> Vec<&'static str> {
        let every = [
            DecodeError::NotUtf8 { offset: 0 },
            DecodeError::NotJson {
                message: String::new(),
                line: 0,
                column: 0,
            },
            DecodeError::NotObject { found: "" },
            DecodeError::MissingBody,
            DecodeError::EmptyBody { field: "" },
            DecodeError::WrongType {
                field: String::new(),
                expected: "",
                found: "",
            },
            DecodeError::InvalidValue {
                field: String::new(),
                reason: String::new(),
            },
        ];
        // Exhaustive on purpose: a new variant stops the build here until
        // it is added to `every` above.
        for e in &every {
            match e {
                DecodeError::NotUtf8 { .. }
                | DecodeError::NotJson { .. }
                | DecodeError::NotObject { .. }
                | DecodeError::MissingBody
                | DecodeError::EmptyBody { .. }
                | DecodeError::WrongType { .. }
                | DecodeError::InvalidValue { .. } => {}
            }
        }
        every.iter().map(DecodeError::class).collect()
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl Article {
    /// Decodes one JSON object from raw bytes.
    pub fn from_slice(bytes: &[u8]) -> Result<Article, DecodeError> {
        let text = std::str::from_utf8(bytes).map_err(|e| DecodeError::NotUtf8 {
            offset: e.valid_up_to(),
        })?;
        let value: Value = serde_json::from_str(text).map_err(|e| DecodeError::NotJson {
            message: strip_position(&e.to_string()),
            line: e.line(),
            column: e.column(),
        })?;
        Article::from_value(value)
    }

    /// Validates an already parsed JSON value.
    pub fn from_value(value: Value) -> Result<Article, DecodeError> {
        match value {
            Value::Object(fields) => Article::from_map(fields),
            other => Err(DecodeError::NotObject {
                found: type_name(&other),
            }),
        }
    }

    /// Validates a JSON object.
    pub fn from_map(fields: Map<String, Value>) -> Result<Article, DecodeError> {
        let body_key = BODY_KEYS
            .into_iter()
            .find(|k| fields.contains_key(*k))
            .ok_or(DecodeError::MissingBody)?;
        match &fields[body_key] {
            Value::String(s) if s.trim().is_empty() => {
                return Err(DecodeError::EmptyBody { field: body_key })
            }
            Value::String(_) => {}
            other => return Err(wrong_type(body_key, "a string", other)),
        }
        for key in STRING_FIELDS {
            match fields.get(key) {
                None | Some(Value::Null) | Some(Value::String(_)) => {}
                Some(other) => return Err(wrong_type(key, "a string or null", other)),
            }
        }
        match fields.get("id") {
            None | Some(Value::Null) | Some(Value::String(_)) | Some(Value::Number(_)) => {}
            Some(other) => return Err(wrong_type("id", "a string, a number or null", other)),
        }
        let published_at = match fields.get("published_at").and_then(Value::as_str) {
            None => None,
            Some(s) if s.trim().is_empty() => None,
            Some(s) => Some(DateTime::parse_from_rfc3339(s.trim()).map_err(|e| {
                DecodeError::InvalidValue {
                    field: "published_at".to_owned(),
                    reason: format!("{s:?} is not an RFC 3339 timestamp ({e})"),
                }
            })?),
        };
        Ok(Article {
            fields,
            body_key,
            published_at,
        })
    }
}

fn wrong_type(field: &str, expected: &'static str, found: &Value) -> DecodeError {
    DecodeError::WrongType {
        field: field.to_owned(),
        expected,
        found: type_name(found),
    }
}

/// serde_json appends " at line L column C"; the error carries those apart.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(bytes: &[u8]) -> DecodeError {
        Article::from_slice(bytes).unwrap_err()
    }

    #[test]
    fn accepts_body_aliases_in_order() {
        let a = Article::from_slice(br#"{"content":"c","text":"t"}"#).unwrap();
        assert_eq!(a.body(), "t");
        let a = Article::from_slice(br#"{"content":"c"}"#).unwrap();
        assert_eq!(a.body(), "c");
    }

    #[test]
    fn each_bad_input_has_its_class() {
        assert_eq!(err(b"\xff{}").class(), "not_utf8");
        assert_eq!(err(b"{\"body\":").class(), "not_json");
        assert_eq!(err(b"{} {}").class(), "not_json");
        assert_eq!(err(b"[1]").class(), "not_object");
        assert_eq!(err(br#"{"title":"x"}"#).class(), "missing_body");
        assert_eq!(err(br#"{"body":"  "}"#).class(), "empty_body");
        assert_eq!(err(br#"{"body":3}"#).class(), "wrong_type");
        assert_eq!(err(br#"{"body":"x","title":["a"]}"#).class(), "wrong_type");
        assert_eq!(err(br#"{"body":"x","id":true}"#).class(), "wrong_type");
        assert_eq!(
            err(br#"{"body":"x","published_at":"yesterday"}"#).class(),
            "invalid_value"
        );
    }

    #[test]
    fn classes_are_the_stable_documented_names() {
        let classes = DecodeError::classes();
        assert_eq!(
            classes,
            [
                "not_utf8",
                "not_json",
                "not_object",
                "missing_body",
                "empty_body",
                "wrong_type",
                "invalid_value"
            ]
        );
    }

    #[test]
    fn messages_say_what_is_wrong() {
        assert_eq!(
            err(br#"{"body":"x","title":["a"]}"#).to_string(),
            "wrong type: field \"title\" must be a string or null, found an array"
        );
        assert_eq!(err(b"\"x\"").to_string(), "not a JSON object but a string");
        assert!(err(b"{\"body\":")
            .to_string()
            .starts_with("not JSON: EOF while parsing"));
    }

    #[test]
    fn reads_typed_fields() {
        let a = Article::from_slice(
            br#"{"id":42,"body":"b","title":"t","published_at":"2023-09-13T19:30:00+02:00","language":"it"}"#,
        )
        .unwrap();
        assert_eq!(a.id().as_deref(), Some("42"));
        assert_eq!(a.title(), Some("t"));
        assert_eq!(a.language(), Some("it"));
        assert_eq!(
            a.published_at().unwrap().to_rfc3339(),
            "2023-09-13T19:30:00+02:00"
        );
    }
}
