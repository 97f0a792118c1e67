//! The `newswire` command line: argument definitions and dispatch.
//!
//! Each subcommand lives in its own module; `main.rs` only parses and calls
//! [`run`](fn@run).

pub mod bench;
pub mod config;
pub mod enrich;
pub mod healthcheck;
pub mod replay;
pub mod run;
pub mod schema;
pub mod settings;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Enrich news articles with their dateline, quotes and named entities.
#[derive(Debug, Parser)]
#[command(name = "newswire", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Enrich JSON Lines articles from files (or stdin) to stdout, offline.
    Enrich(enrich::Args),
    /// Print the JSON Schema of the output record (or of the dead-letter headers).
    Schema(schema::Args),
    /// Run the Kafka worker: consume articles, produce enriched records.
    Run(run::Args),
    /// Print the effective worker configuration (secrets redacted).
    Config(config::Args),
    /// Re-enrich a stretch of a topic (by offset or time) without the consumer group.
    Replay(replay::Args),
    /// Ask a running worker's /healthz (or /readyz): exit 0 healthy, 1 not.
    Healthcheck(healthcheck::Args),
    /// Benchmark the worker end to end against a broker, enrichment on and off.
    Bench(bench::Args),
}

/// Runs the parsed command line and says how the process should exit.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Enrich(args) => enrich::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Run(args) => run::run(args),
        Command::Config(args) => config::run(args),
        Command::Replay(args) => replay::run(args),
        Command::Healthcheck(args) => healthcheck::run(args),
        Command::Bench(args) => bench::run(args),
    }
}
