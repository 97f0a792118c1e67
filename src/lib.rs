//! newswire: enrich news articles with their dateline, quotes and named
//! entities.
//!
//! - [`record`]: the record contract — decoding input articles, the article
//!   id rule, encoding output records.
//! - [`enrich`]: the pure, synchronous enrichment core ([`enrich::Engine`]).
//! - [`pipeline`]: the streaming shell — Kafka in, enriched records or dead
//!   letters out, at-least-once ([`pipeline::run`]).
//! - [`config`]: the worker's typed settings (defaults < file < env < flags).
//! - [`telemetry`]: logs, Prometheus metrics, health endpoints.
//! - [`bench`](mod@bench): the end-to-end benchmark (`newswire bench`): a broker, the
//!   worker as a child process, throughput and latency with enrichment on
//!   and off.
//! - [`cli`]: the commands behind the `newswire` binary.
//! - [`allocator`]: the global allocator's settings.
#![deny(missing_docs)]

pub mod allocator;
pub mod bench;
pub mod cli;
pub mod config;
pub mod enrich;
pub mod pipeline;
pub mod record;
pub mod telemetry;
