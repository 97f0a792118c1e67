//! JSON Lines in and out of a Kafka topic, for the quick start and for
//! looking at topics by hand (no other Kafka tool needed).
//!
//! ```text
//! cargo run --release --example kafka_lines -- produce BROKERS TOPIC FILE...
//! cargo run --release --example kafka_lines -- consume BROKERS TOPIC COUNT [SECONDS]
//! ```
//!
//! `produce` sends each non-blank line as one record, keyed by its `id` field
//! when it has one, and waits for every acknowledgement. `consume` prints
//! the value of the first COUNT records (all partitions, from the start) on
//! stdout, one per line, and their key and headers on stderr; it exits 1 if
//! fewer arrive within SECONDS (default 30).

use std::process::ExitCode;
use std::time::{Duration, Instant};

use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::{Headers, Message};
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::ClientConfig;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["produce", brokers, topic, files @ ..] if !files.is_empty() => {
            produce(brokers, topic, files).await
        }
        ["consume", brokers, topic, count] => consume(brokers, topic, count, "30"),
        ["consume", brokers, topic, count, secs] => consume(brokers, topic, count, secs),
        _ => Err("usage: kafka_lines produce BROKERS TOPIC FILE... | consume BROKERS TOPIC COUNT [SECONDS]".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kafka_lines: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn produce(brokers: &str, topic: &str, files: &[&str]) -> Result<(), String> {
    let producer: FutureProducer = ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .set("enable.idempotence", "true")
        .create()
        .map_err(|e| e.to_string())?;
    let mut pending = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let id = serde_json::from_str::<serde_json::Value>(line)
                .ok()
                .and_then(|v| v.get("id").and_then(|i| i.as_str()).map(str::to_owned));
            let mut record = FutureRecord::<str, str>::to(topic).payload(line);
            if let Some(id) = &id {
                record = record.key(id);
            }
            let delivery = producer
                .send_result(record)
                .map_err(|(e, _)| format!("enqueue: {e}"))?;
            pending.push(delivery);
        }
    }
    let n = pending.len();
    for d in pending {
        d.await
            .map_err(|_| "producer closed".to_owned())?
            .map_err(|(e, _)| format!("delivery: {e}"))?;
    }
    eprintln!("kafka_lines: produced {n} records to {topic}");
    Ok(())
}

fn consume(brokers: &str, topic: &str, count: &str, secs: &str) -> Result<(), String> {
    let count: usize = count
        .parse()
        .map_err(|_| format!("COUNT {count:?} is not a number"))?;
    let secs: u64 = secs
        .parse()
        .map_err(|_| format!("SECONDS {secs:?} is not a number"))?;
    let consumer: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .set("group.id", format!("kafka-lines-{}", std::process::id()))
        .set("enable.auto.commit", "false")
        .set("auto.offset.reset", "earliest")
        .create()
        .map_err(|e| e.to_string())?;
    consumer.subscribe(&[topic]).map_err(|e| e.to_string())?;
    let deadline = Instant::now() + Duration::from_secs(secs);
    let mut seen = 0;
    while seen < count {
        if Instant::now() > deadline {
            return Err(format!(
                "only {seen} of {count} records on {topic} within {secs}s"
            ));
        }
        let Some(m) = consumer.poll(Duration::from_millis(200)) else {
            continue;
        };
        let m = m.map_err(|e| e.to_string())?;
        let headers: Vec<String> = m
            .headers()
            .map(|h| {
                h.iter()
                    .map(|h| {
                        format!(
                            "{}={}",
                            h.key,
                            String::from_utf8_lossy(h.value.unwrap_or_default())
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        eprintln!(
            "# {topic}[{}]@{} key={} {}",
            m.partition(),
            m.offset(),
            m.key().map(String::from_utf8_lossy).unwrap_or_default(),
            headers.join(" ")
        );
        println!(
            "{}",
            m.payload().map(String::from_utf8_lossy).unwrap_or_default()
        );
        seen += 1;
    }
    Ok(())
}
