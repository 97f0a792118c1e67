//! Why a record goes to the dead-letter topic, and the headers that say so.
//!
//! A dead letter is the input record's key and value, byte for byte, plus
//! headers: the input's own headers, the provenance headers every record
//! gets (see `producer`), and
//!
//! | header | value |
//! | --- | --- |
//! | `newswire.error.class` | a stable class: `not_json`, `missing_body`, `too_large`, `enrich_panic`, ... |
//! | `newswire.error.message` | what was wrong, for people |
//!
//! Classes come from the core's errors ([`DecodeError::class`],
//! [`EnrichError::class`]) and from the few checks the shell makes itself.

use crate::enrich::EnrichError;
use crate::record::DecodeError;

/// The record is larger than `worker.max_message_bytes`.
pub const TOO_LARGE: &str = "too_large";
/// The record has no value (a tombstone).
pub const NO_VALUE: &str = "no_value";
/// The enriched record was refused by the broker (too large for the
/// output topic); the input goes to the dead-letter topic instead.
pub const OUTPUT_REJECTED: &str = "output_rejected";

/// Header names.
pub mod header {
    /// The error class.
    pub const CLASS: &str = "newswire.error.class";
    /// The error message.
    pub const MESSAGE: &str = "newswire.error.message";
}

/// Why a record is dead-lettered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    /// Stable, machine-readable class.
    pub class: &'static str,
    /// Human-readable message.
    pub message: String,
}

impl Reason {
    /// The record exceeds the size limit.
    pub fn too_large(len: usize, max: usize) -> Reason {
        Reason {
            class: TOO_LARGE,
            message: format!(
                "record is {len} bytes, over worker.max_message_bytes = {max}; not read"
            ),
        }
    }

    /// The record has no value.
    pub fn no_value() -> Reason {
        Reason {
            class: NO_VALUE,
            message: "record has no value (a tombstone); expected a JSON article".to_owned(),
        }
    }

    /// The broker refused the enriched record.
    pub fn output_rejected(error: &str) -> Reason {
        Reason {
            class: OUTPUT_REJECTED,
            message: format!("the enriched record was refused by the broker: {error}"),
        }
    }
}

impl From<&DecodeError> for Reason {
    fn from(e: &DecodeError) -> Reason {
        Reason {
            class: e.class(),
            message: e.to_string(),
        }
    }
}

impl From<&EnrichError> for Reason {
    fn from(e: &EnrichError) -> Reason {
        Reason {
            class: e.class(),
            message: e.to_string(),
        }
    }
}

/// Header values are bounded: a message longer than this is cut (on a
/// character boundary) and marked.
const MAX_MESSAGE_BYTES: usize = 2048;

/// The message as it goes into the header.
pub fn header_message(message: &str) -> String {
    if message.len() <= MAX_MESSAGE_BYTES {
        return message.to_owned();
    }
    let mut end = MAX_MESSAGE_BYTES;
    while !message.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… (cut)", &message[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_errors_keep_their_class() {
        let e = crate::record::Article::from_slice(b"[1]").unwrap_err();
        let r = Reason::from(&e);
        assert_eq!(r.class, "not_object");
        assert_eq!(r.message, "not a JSON object but an array");
    }

    #[test]
    fn long_messages_are_cut_on_a_char_boundary() {
        let m = "é".repeat(2000);
        let h = header_message(&m);
        assert!(h.ends_with("… (cut)"));
        assert!(h.len() < 2100);
    }
}
