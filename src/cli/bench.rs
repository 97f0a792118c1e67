//! `newswire bench`: the end-to-end benchmark (see [`crate::bench`]).
//!
//! ```text
//! newswire bench [--brokers HOST:PORT] [--articles N] [--warmup N] [--rate R] [--duration D]
//!                [--delivery at-least-once|exactly-once|both] [--enrich both|on|off]
//!                [--partitions P] [--input FILE]... [--set SECTION.KEY=VALUE]...
//!                [--json FILE] [--keep-broker]
//! ```
//!
//! Without `--brokers` it starts the local broker with `scripts/kafka up`
//! (from the working directory, else from the source tree it was built
//! from) and stops it afterwards if it started it. Progress goes to stderr,
//! the report to stdout (a Markdown table), and with `--json` to a file.
//!
//! Exit status: 0 every article came out of every run; 1 some did not, a
//! worker failed, or the benchmark could not run (no broker, say); 2 bad
//! arguments.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use crate::bench::{self, Plan};
use crate::config::Delivery;

/// Which delivery modes to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Deliveries {
    /// At-least-once (the default mode of the worker).
    AtLeastOnce,
    /// Exactly-once (transactions).
    ExactlyOnce,
    /// Both, at-least-once first.
    Both,
}

/// Which enrichment settings to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EnrichRuns {
    /// Enrichment on, then pass-through: the comparison.
    Both,
    /// Enrichment on only.
    On,
    /// Pass-through only.
    Off,
}

/// Arguments of `newswire bench`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Kafka brokers; without, the local broker of scripts/kafka is started.
    #[arg(long, value_name = "HOST:PORT,...")]
    pub brokers: Option<String>,
    /// Articles in each run's backlog (throughput at the maximum rate).
    /// Enough that the pass-through run, the faster one, drains for some
    /// seconds: shorter drains are at the mercy of the machine's load.
    #[arg(long, default_value_t = 50_000, value_name = "N")]
    pub articles: usize,
    /// Articles of the unmeasured warm-up run per delivery mode (a
    /// pass-through worker; warms the broker's JIT-compiled paths so that
    /// the first measured run does not pay for them); 0 skips it.
    #[arg(long, default_value_t = 20_000, value_name = "N")]
    pub warmup: usize,
    /// Articles per second in the paced phase (latency); 0 skips it.
    #[arg(long, default_value_t = 1_000, value_name = "R")]
    pub rate: u32,
    /// Length of the paced phase, e.g. 30s.
    #[arg(long, default_value = "30s", value_name = "D", value_parser = humantime::parse_duration)]
    pub duration: Duration,
    /// Delivery modes to run, each with enrichment on and off.
    #[arg(long, value_enum, default_value_t = Deliveries::AtLeastOnce)]
    pub delivery: Deliveries,
    /// Enrichment settings to run.
    #[arg(long, value_enum, default_value_t = EnrichRuns::Both)]
    pub enrich: EnrichRuns,
    /// Partitions of the benchmark's topics.
    #[arg(long, default_value_t = 4, value_name = "P")]
    pub partitions: i32,
    /// JSON Lines files of articles (default: the corpus and samples found from here).
    #[arg(long, value_name = "FILE")]
    pub input: Vec<PathBuf>,
    /// A worker setting, SECTION.KEY=VALUE, passed to `newswire run --set`; repeatable.
    #[arg(long = "set", value_name = "SETTING=VALUE")]
    pub set: Vec<String>,
    /// Also write the report as JSON to FILE.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Leave the local broker running if this benchmark started it.
    #[arg(long)]
    pub keep_broker: bool,
    /// The local broker's control script (default: scripts/kafka).
    #[arg(long, value_name = "PATH")]
    pub kafka_script: Option<PathBuf>,
    /// Where the workers' logs go (default: the system's temporary folder).
    #[arg(long, value_name = "DIR")]
    pub log_dir: Option<PathBuf>,
}

fn kafka_script(given: Option<PathBuf>) -> Option<PathBuf> {
    if let Some(p) = given {
        return Some(p);
    }
    [
        PathBuf::from("scripts/kafka"),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/kafka"),
    ]
    .into_iter()
    .find(|p| p.is_file())
}

/// Runs the benchmark.
pub fn run(args: Args) -> ExitCode {
    let worker_bin = match std::env::current_exe() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("newswire bench: cannot find this binary to run as the worker: {e}");
            return ExitCode::from(2);
        }
    };
    let script = kafka_script(args.kafka_script.clone());
    if args.brokers.is_none() && script.is_none() {
        eprintln!("newswire bench: no --brokers and no scripts/kafka to start a local broker");
        return ExitCode::from(2);
    }
    if args.partitions < 1 || args.articles == 0 {
        eprintln!("newswire bench: --articles and --partitions must be at least 1");
        return ExitCode::from(2);
    }
    let plan = Plan {
        brokers: args.brokers,
        kafka_script: script.unwrap_or_default(),
        keep_broker: args.keep_broker,
        worker_bin,
        articles: args.articles,
        warmup: args.warmup,
        rate: args.rate,
        duration: args.duration,
        deliveries: match args.delivery {
            Deliveries::AtLeastOnce => vec![Delivery::AtLeastOnce],
            Deliveries::ExactlyOnce => vec![Delivery::ExactlyOnce],
            Deliveries::Both => vec![Delivery::AtLeastOnce, Delivery::ExactlyOnce],
        },
        enrich: match args.enrich {
            EnrichRuns::Both => vec![true, false],
            EnrichRuns::On => vec![true],
            EnrichRuns::Off => vec![false],
        },
        partitions: args.partitions,
        inputs: args.input,
        worker_settings: args.set,
        log_dir: args
            .log_dir
            .unwrap_or_else(|| std::env::temp_dir().join("newswire-bench")),
        // A backlog drains at some thousands of articles a second; give a
        // slow, loaded machine ten times that.
        patience: Duration::from_secs(60) + Duration::from_millis(args.articles as u64 * 10),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("newswire bench: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    let progress = |line: &str| eprintln!("newswire bench: {line}");
    let report = match runtime.block_on(bench::run(&plan, &progress)) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("newswire bench: {e}");
            return ExitCode::from(1);
        }
    };
    print!("{}", report.render());
    if let Some(path) = &args.json {
        let json = serde_json::to_string_pretty(&report).expect("the report serialises");
        if let Err(e) = std::fs::write(path, json + "\n") {
            eprintln!("newswire bench: cannot write {}: {e}", path.display());
            return ExitCode::from(1);
        }
    }
    if report.complete {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
