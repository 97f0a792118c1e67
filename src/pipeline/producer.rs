//! Writing records: enqueue in input order, await the broker's
//! acknowledgement, and sort every failure once.
//!
//! | failure | what happens |
//! | --- | --- |
//! | librdkafka's queue is full | wait briefly and enqueue again (back-pressure) |
//! | the record is too large for the producer or the topic | the input goes to the dead-letter topic instead (`output_rejected`) |
//! | anything else after librdkafka's own retries (timeout, authorization, unknown topic) | fatal: the pipeline stops; this offset and later ones stay uncommitted |
//!
//! The producer keeps one request in flight per broker (see `config::kafka`),
//! so librdkafka's retries never reorder records within a partition; under
//! at-least-once a retry after a lost acknowledgement may write a record
//! twice, under exactly-once the idempotent, transactional producer never
//! does.
//!
//! Every record carries provenance headers, after the input record's own
//! headers (minus any `newswire.*` ones from an earlier pass):
//!
//! | header | value |
//! | --- | --- |
//! | `newswire.source.topic` | input topic |
//! | `newswire.source.partition` | input partition (decimal) |
//! | `newswire.source.offset` | input offset (decimal) |
//! | `newswire.engine` | engine name and version, e.g. `newswire/0.1.0` |
//! | `newswire.processed_at` | when the record was produced, RFC 3339 UTC |

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rdkafka::config::RDKafkaLogLevel;
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::message::{Header, Headers, OwnedHeaders};
use rdkafka::producer::{DeliveryFuture, FutureProducer, FutureRecord};
use rdkafka::ClientContext;

use super::dead_letter::{self, Reason};
use super::offsets::Tp;
use crate::enrich::ENGINE;
use crate::telemetry::Telemetry;

/// The worker's producer: its errors and log lines go through telemetry
/// (counted, and rate-limited while a broker is away).
pub type WorkerProducer = FutureProducer<ProducerEvents>;

/// The producer's librdkafka context.
pub struct ProducerEvents {
    telemetry: Telemetry,
}

impl ProducerEvents {
    /// A context reporting to `telemetry`.
    pub fn new(telemetry: Telemetry) -> ProducerEvents {
        ProducerEvents { telemetry }
    }
}

impl ClientContext for ProducerEvents {
    fn log(&self, level: RDKafkaLogLevel, fac: &str, message: &str) {
        self.telemetry
            .librdkafka_log("producer", level, fac, message);
    }

    fn error(&self, error: KafkaError, reason: &str) {
        let code = error
            .rdkafka_error_code()
            .map_or_else(|| "unknown".to_owned(), |c| format!("{c:?}"));
        self.telemetry
            .kafka_error("producer", &code, &format!("{error}: {reason}"));
    }
}

/// Provenance header names.
pub mod header {
    /// Input topic.
    pub const SOURCE_TOPIC: &str = "newswire.source.topic";
    /// Input partition.
    pub const SOURCE_PARTITION: &str = "newswire.source.partition";
    /// Input offset.
    pub const SOURCE_OFFSET: &str = "newswire.source.offset";
    /// Engine name and version.
    pub const ENGINE: &str = "newswire.engine";
    /// Production time, RFC 3339 UTC.
    pub const PROCESSED_AT: &str = "newswire.processed_at";
    /// Prefix of every header newswire writes.
    pub const PREFIX: &str = "newswire.";
}

/// How long to wait before enqueueing again when librdkafka's queue is full.
const QUEUE_FULL_BACKOFF: Duration = Duration::from_millis(10);

/// A failure to get a record acknowledged.
#[derive(Debug)]
pub enum SendError {
    /// The broker or producer refused this record for what it is (its
    /// size); the input can go to the dead-letter topic instead.
    Rejected(String),
    /// Anything else: the pipeline must stop without storing this offset.
    Fatal(String),
}

fn classify(e: &KafkaError) -> Result<(), SendError> {
    match e.rdkafka_error_code() {
        Some(RDKafkaErrorCode::QueueFull) => Ok(()),
        Some(
            RDKafkaErrorCode::MessageSizeTooLarge
            | RDKafkaErrorCode::InvalidMessageSize
            | RDKafkaErrorCode::InvalidRecord,
        ) => Err(SendError::Rejected(e.to_string())),
        _ => Err(SendError::Fatal(e.to_string())),
    }
}

/// One record to write.
pub struct Outgoing<'a> {
    /// Destination topic.
    pub topic: &'a str,
    /// Record key.
    pub key: Option<&'a [u8]>,
    /// Record value.
    pub value: Option<&'a [u8]>,
    /// Record headers.
    pub headers: OwnedHeaders,
}

/// Enqueues one record, waiting while librdkafka's queue is full.
pub async fn enqueue<C: ClientContext + 'static>(
    producer: &FutureProducer<C>,
    out: Outgoing<'_>,
) -> Result<DeliveryFuture, SendError> {
    let mut headers = Some(out.headers);
    loop {
        let mut record = FutureRecord::<[u8], [u8]>::to(out.topic);
        if let Some(k) = out.key {
            record = record.key(k);
        }
        if let Some(v) = out.value {
            record = record.payload(v);
        }
        if let Some(h) = headers.take() {
            record = record.headers(h);
        }
        match producer.send_result(record) {
            Ok(delivery) => return Ok(delivery),
            Err((e, record)) => {
                classify(&e)?;
                headers = record.headers;
                tokio::time::sleep(QUEUE_FULL_BACKOFF).await;
            }
        }
    }
}

/// Waits for the broker's acknowledgement of one record.
pub async fn acknowledged(delivery: DeliveryFuture) -> Result<(), SendError> {
    match delivery.await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err((e, _))) => match classify(&e) {
            // A full queue is reported at enqueue time, never on delivery.
            Ok(()) => Err(SendError::Fatal(e.to_string())),
            Err(failure) => Err(failure),
        },
        Err(_) => Err(SendError::Fatal(
            "the producer was dropped before the record was acknowledged".to_owned(),
        )),
    }
}

/// Where a record came from.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// Input topic and partition.
    pub tp: &'a Tp,
    /// Input offset.
    pub offset: i64,
}

/// The input's headers (minus earlier `newswire.*` ones) plus provenance.
pub fn output_headers(input: Option<&OwnedHeaders>, source: Source<'_>) -> OwnedHeaders {
    let mut h = OwnedHeaders::new_with_capacity(input.map_or(0, Headers::count) + 5);
    if let Some(input) = input {
        for header in input.iter() {
            if !header.key.starts_with(header::PREFIX) {
                h = h.insert(header);
            }
        }
    }
    let partition = source.tp.partition.to_string();
    let offset = source.offset.to_string();
    let now = processed_at();
    for (key, value) in [
        (header::SOURCE_TOPIC, source.tp.topic.as_str()),
        (header::SOURCE_PARTITION, partition.as_str()),
        (header::SOURCE_OFFSET, offset.as_str()),
        (header::ENGINE, ENGINE),
        (header::PROCESSED_AT, now.as_str()),
    ] {
        h = h.insert(Header {
            key,
            value: Some(value),
        });
    }
    h
}

/// [`output_headers`] plus the error class and message.
pub fn dead_letter_headers(
    input: Option<&OwnedHeaders>,
    source: Source<'_>,
    reason: &Reason,
) -> OwnedHeaders {
    let message = dead_letter::header_message(&reason.message);
    output_headers(input, source)
        .insert(Header {
            key: dead_letter::header::CLASS,
            value: Some(reason.class),
        })
        .insert(Header {
            key: dead_letter::header::MESSAGE,
            value: Some(message.as_str()),
        })
}

fn processed_at() -> String {
    let ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_keep_input_drop_old_provenance_and_add_new() {
        let input = OwnedHeaders::new()
            .insert(Header {
                key: "trace",
                value: Some("t1"),
            })
            .insert(Header {
                key: "newswire.source.offset",
                value: Some("999"),
            });
        let tp = Tp {
            topic: "in".into(),
            partition: 3,
        };
        let reason = Reason::no_value();
        let h = dead_letter_headers(
            Some(&input),
            Source {
                tp: &tp,
                offset: 42,
            },
            &reason,
        );
        let pairs: Vec<(String, String)> = h
            .iter()
            .map(|h| {
                (
                    h.key.to_owned(),
                    String::from_utf8_lossy(h.value.unwrap_or_default()).into_owned(),
                )
            })
            .collect();
        let get = |k: &str| {
            pairs
                .iter()
                .filter(|(key, _)| key == k)
                .map(|(_, v)| v.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(get("trace"), ["t1"]);
        assert_eq!(get("newswire.source.offset"), ["42"]);
        assert_eq!(get("newswire.source.partition"), ["3"]);
        assert_eq!(get("newswire.error.class"), ["no_value"]);
        assert_eq!(get("newswire.engine"), [ENGINE]);
        assert!(get("newswire.processed_at")[0].ends_with('Z'));
    }
}
