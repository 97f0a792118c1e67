//! newswire: enrich news articles with their dateline, quotes and named
//! entities.
//!
//! - [`record`]: the record contract — decoding input articles, the article
//!   id rule, encoding output records.
//! - [`enrich`]: the pure, synchronous enrichment core ([`enrich::Engine`]).
//! - [`cli`]: the offline commands behind the `newswire` binary.
#![deny(missing_docs)]

pub mod cli;
pub mod enrich;
pub mod record;
