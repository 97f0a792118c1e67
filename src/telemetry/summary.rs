//! The periodic summary line: consumed, produced, dead-lettered, rate,
//! in flight and lag, every `telemetry.summary_interval`.

use std::time::{Duration, Instant};

use tracing::info;

use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;

use super::metrics::TopicLabels;
use super::Telemetry;

/// The topics whose counters the summary reads.
#[derive(Debug, Clone)]
pub struct SummaryTopics {
    /// Input topic.
    pub input: String,
    /// Output topic.
    pub output: String,
    /// Dead-letter topic.
    pub dead_letter: String,
}

/// Counters at one moment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    /// Records consumed.
    pub consumed: u64,
    /// Records produced to the output topic.
    pub produced: u64,
    /// Records produced to the dead-letter topic.
    pub dead_lettered: u64,
}

impl Telemetry {
    /// The counters of this worker for these topics.
    pub fn totals(&self, topics: &SummaryTopics) -> Totals {
        let m = self.metrics();
        let count = |f: &Family<TopicLabels, Counter>, topic: &str| {
            f.get(&TopicLabels {
                topic: topic.to_owned(),
            })
            .map_or(0, |c| c.get())
        };
        Totals {
            consumed: count(&m.consumed, &topics.input),
            produced: count(&m.produced, &topics.output),
            dead_lettered: count(&m.dead_lettered_by_topic, &topics.dead_letter),
        }
    }
}

/// Logs a summary every `every` until the task is dropped.
pub async fn run(telemetry: Telemetry, topics: SummaryTopics, every: Duration) {
    if every.is_zero() {
        return std::future::pending().await;
    }
    let mut last = (Instant::now(), telemetry.totals(&topics));
    let mut tick = tokio::time::interval(every);
    tick.tick().await;
    loop {
        tick.tick().await;
        let now = Instant::now();
        let totals = telemetry.totals(&topics);
        let secs = (now - last.0).as_secs_f64().max(1e-3);
        let rate = (totals.consumed - last.1.consumed) as f64 / secs;
        let m = telemetry.metrics();
        info!(
            consumed = totals.consumed,
            produced = totals.produced,
            dead_lettered = totals.dead_lettered,
            rate_per_s = format!("{rate:.1}"),
            in_flight = m.in_flight.get(),
            lag = m.lag_total.get(),
            assigned = m.assigned_partitions.get(),
            "summary: {} consumed, {} produced, {} dead-lettered, {rate:.1}/s, {} in flight, lag {}",
            totals.consumed,
            totals.produced,
            totals.dead_lettered,
            m.in_flight.get(),
            m.lag_total.get()
        );
        last = (now, totals);
    }
}
