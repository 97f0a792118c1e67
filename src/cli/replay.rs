//! `newswire replay`: re-enrich a stretch of a topic.
//!
//! ```text
//! newswire replay [--topic T] [--from earliest|offset:N|offset:P=N,...|timestamp:<RFC 3339>|ago:<duration>]
//!                 [--until now|timestamp:<RFC 3339>|offset:N|offset:P=N,...] [--partitions 0,2]
//!                 [--to-topic T | --dry-run] [settings flags]
//! ```
//!
//! Reads without joining a consumer group (the live group's offsets never
//! move), enriches with this binary's engine, and writes to the configured
//! output topic, to `--to-topic`, or as JSON Lines to stdout (`--dry-run`).
//! Bad input goes to the dead-letter topic (in a dry run: one line on
//! stderr). A progress line on a terminal; a summary at the end.
//!
//! Exit status: 0 done; 1 a record could not be written or Kafka failed;
//! 2 invalid arguments or settings, or a missing topic or partition.

use std::process::ExitCode;
use std::str::FromStr;
use std::sync::Arc;

use tracing::error;

use super::settings::SettingsArgs;
use crate::enrich::{Engine, ENGINE};
use crate::pipeline::replay::{self, range, ReplayError, Sink};

/// `--partitions 0,2`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partitions(pub Vec<i32>);

impl FromStr for Partitions {
    type Err = range::RangeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        range::parse_partitions(s).map(Partitions)
    }
}

/// Arguments of `newswire replay`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Topic to replay (default: topics.input).
    #[arg(long, value_name = "TOPIC")]
    pub topic: Option<String>,
    /// Start: earliest, offset:N, offset:P=N,..., timestamp:<RFC 3339>, ago:DURATION (e.g. ago:15m).
    #[arg(long, default_value = "earliest", value_name = "WHERE")]
    pub from: replay::From,
    /// End (exclusive): now (the end offsets seen at start), timestamp:<RFC 3339>, offset:N, offset:P=N,...
    #[arg(long, default_value = "now", value_name = "WHERE")]
    pub until: replay::Until,
    /// Only these partitions, e.g. 0,2.
    #[arg(long, value_name = "P,...")]
    pub partitions: Option<Partitions>,
    /// Write to this topic instead of topics.output.
    #[arg(long, value_name = "TOPIC", conflicts_with = "dry_run")]
    pub to_topic: Option<String>,
    /// Write JSON Lines to stdout instead of a topic; report bad input on stderr.
    #[arg(long)]
    pub dry_run: bool,
    /// The settings layers to merge (brokers, topics, limits).
    #[command(flatten)]
    pub settings: SettingsArgs,
}

/// Runs a replay.
pub fn run(args: Args) -> ExitCode {
    let settings = match args.settings.load_and_log() {
        Ok(s) => s,
        Err(code) => return code,
    };
    let sink = if args.dry_run {
        Sink::DryRun
    } else {
        Sink::Topic(
            args.to_topic
                .clone()
                .unwrap_or_else(|| settings.topics.output.clone()),
        )
    };
    let request = replay::Request {
        topic: args
            .topic
            .clone()
            .unwrap_or_else(|| settings.topics.input.clone()),
        from: args.from.clone(),
        until: args.until.clone(),
        partitions: args.partitions.clone().map(|p| p.0),
        sink: sink.clone(),
    };
    let engine = match Engine::new() {
        Ok(e) => e,
        Err(e) => {
            error!("cannot load the language resources: {e}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("newswire-rt")
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("newswire: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    let topic = request.topic.clone();
    let result = runtime.block_on(replay::run(
        &settings,
        Arc::new(engine),
        request,
        Box::new(std::io::BufWriter::new(std::io::stdout())),
        replay::progress_wanted(),
    ));
    match result {
        Ok(summary) => {
            let secs = summary.elapsed.as_secs_f64();
            let to = match &sink {
                Sink::DryRun => "stdout".to_owned(),
                Sink::Topic(t) => t.clone(),
            };
            let dlq = match &sink {
                Sink::DryRun => "stderr".to_owned(),
                Sink::Topic(_) => settings.topics.dead_letter.clone(),
            };
            eprintln!(
                "newswire replay of {topic} [{}] with {ENGINE}: read {}, written {} to {to}, \
                 dead-lettered {} to {dlq}, in {secs:.1}s ({:.0} records/s)",
                summary
                    .plan
                    .iter()
                    .map(|p| format!("{}:{}..{}", p.partition, p.start, p.end))
                    .collect::<Vec<_>>()
                    .join(" "),
                summary.read,
                summary.written,
                summary.dead_lettered,
                summary.read as f64 / secs.max(1e-3)
            );
            ExitCode::SUCCESS
        }
        Err(e @ ReplayError::Invalid(_)) => {
            eprintln!("newswire replay: {e}");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("newswire replay: {e}");
            ExitCode::from(1)
        }
    }
}
