//! The record contract: articles in, enriched records out.
//!
//! An input record is one JSON object ([`Article::from_slice`]); `body` is
//! required (`text` and `content` are accepted for it), `id`, `title`, `url`,
//! `language`, `published_at` (RFC 3339) and `source` are optional, and every
//! other field is kept as it is, in order. The output record is the input
//! object plus one key, `enrichment` ([`encode`]). Nothing here does I/O.

mod article;
mod decode;
mod encode;
mod id;
mod schema;

pub use article::Article;
pub use decode::DecodeError;
pub use encode::{encode, encode_pretty};
pub use id::article_id;
pub use schema::record_schema;
