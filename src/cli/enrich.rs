//! `newswire enrich`: the core over JSON Lines files, without a broker.
//!
//! Reads each input (stdin when none is given) line by line and writes one
//! enriched record per article line to stdout, in input order. A bad line
//! gets a message on stderr naming its file and line, and the run goes on;
//! the exit status says whether every line made it (0), some did not (1), or
//! an input could not be read or the output written (2). Blank lines are
//! skipped. Articles are enriched in parallel, in batches, on every core.

use std::fs::File;
use std::io::{self, BufRead, BufReader, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::enrich::Engine;
use crate::record::{encode, encode_pretty, Article};

/// Lines read and enriched together; small enough to keep memory flat.
const BATCH: usize = 512;

/// Arguments of `newswire enrich`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// JSON Lines files to read, in order (`-` or nothing: stdin).
    pub files: Vec<PathBuf>,
    /// Indent each output record, for people reading a single article.
    #[arg(long)]
    pub pretty: bool,
}

/// Counts for the exit status and the progress line.
#[derive(Default)]
struct Tally {
    done: u64,
    failed: u64,
}

/// Runs `newswire enrich`.
pub fn run(args: Args) -> ExitCode {
    let engine = match Engine::new() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("newswire: cannot load language resources: {e}");
            return ExitCode::from(2);
        }
    };
    let inputs = if args.files.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.files.clone()
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut progress = Progress::new();
    let mut tally = Tally::default();
    let mut io_failed = false;
    for path in &inputs {
        let (name, reader): (String, Box<dyn BufRead>) = if path.as_os_str() == "-" {
            (
                "<stdin>".to_owned(),
                Box::new(BufReader::new(io::stdin().lock())),
            )
        } else {
            match File::open(path) {
                Ok(f) => (path.display().to_string(), Box::new(BufReader::new(f))),
                Err(e) => {
                    eprintln!("{}: cannot open: {e}", path.display());
                    io_failed = true;
                    continue;
                }
            }
        };
        let opts = Options {
            name: &name,
            pretty: args.pretty,
        };
        match enrich_stream(&engine, reader, &mut out, &opts, &mut tally, &mut progress) {
            Ok(()) => {}
            Err(StreamError::Read(e)) => {
                eprintln!("{name}: read error: {e}");
                io_failed = true;
            }
            Err(StreamError::Write(e)) if e.kind() == io::ErrorKind::BrokenPipe => {
                return ExitCode::SUCCESS;
            }
            Err(StreamError::Write(e)) => {
                eprintln!("newswire: cannot write output: {e}");
                return ExitCode::from(2);
            }
        }
    }
    if let Err(e) = out.flush() {
        if e.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("newswire: cannot write output: {e}");
            return ExitCode::from(2);
        }
    }
    progress.finish(&tally);
    if io_failed {
        ExitCode::from(2)
    } else if tally.failed > 0 {
        eprintln!(
            "newswire: {} of {} lines failed",
            tally.failed,
            tally.done + tally.failed
        );
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

struct Options<'a> {
    name: &'a str,
    pretty: bool,
}

enum StreamError {
    Read(io::Error),
    Write(io::Error),
}

fn enrich_stream(
    engine: &Engine,
    mut reader: Box<dyn BufRead + '_>,
    out: &mut impl Write,
    opts: &Options,
    tally: &mut Tally,
    progress: &mut Progress,
) -> Result<(), StreamError> {
    let mut line_no = 0usize;
    loop {
        let mut batch: Vec<(usize, Vec<u8>)> = Vec::with_capacity(BATCH);
        while batch.len() < BATCH {
            let mut buf = Vec::new();
            let n = reader
                .read_until(b'\n', &mut buf)
                .map_err(StreamError::Read)?;
            if n == 0 {
                break;
            }
            line_no += 1;
            while matches!(buf.last(), Some(b'\n' | b'\r')) {
                buf.pop();
            }
            if !buf.iter().all(u8::is_ascii_whitespace) {
                batch.push((line_no, buf));
            }
        }
        if batch.is_empty() {
            return Ok(());
        }
        let results: Vec<Result<Vec<u8>, String>> = batch
            .par_iter()
            .map(|(_, bytes)| enrich_line(engine, bytes, opts.pretty))
            .collect();
        for ((no, _), result) in batch.iter().zip(results) {
            match result {
                Ok(record) => {
                    out.write_all(&record).map_err(StreamError::Write)?;
                    out.write_all(b"\n").map_err(StreamError::Write)?;
                    tally.done += 1;
                }
                Err(message) => {
                    eprintln!("{}:{no}: {message}", opts.name);
                    tally.failed += 1;
                }
            }
        }
        progress.tick(tally);
    }
}

fn enrich_line(engine: &Engine, bytes: &[u8], pretty: bool) -> Result<Vec<u8>, String> {
    let article = Article::from_slice(bytes).map_err(|e| e.to_string())?;
    let enrichment = engine.enrich_checked(&article).map_err(|e| e.to_string())?;
    Ok(if pretty {
        encode_pretty(&article, &enrichment)
    } else {
        encode(&article, &enrichment)
    })
}

/// A progress line on stderr, shown only on a terminal and only once a run
/// has lasted long enough to need one.
struct Progress {
    enabled: bool,
    started: Instant,
    last: Option<Instant>,
}

impl Progress {
    const DELAY: Duration = Duration::from_secs(2);
    const EVERY: Duration = Duration::from_secs(1);

    fn new() -> Self {
        Progress {
            enabled: io::stderr().is_terminal(),
            started: Instant::now(),
            last: None,
        }
    }

    fn tick(&mut self, tally: &Tally) {
        let now = Instant::now();
        let due =
            now - self.started >= Self::DELAY && self.last.is_none_or(|l| now - l >= Self::EVERY);
        if self.enabled && due {
            self.last = Some(now);
            self.print(tally, now);
        }
    }

    fn print(&self, tally: &Tally, now: Instant) {
        let secs = (now - self.started).as_secs_f64().max(1e-3);
        eprint!(
            "\r{} articles, {} failed, {:.0} articles/s   ",
            tally.done,
            tally.failed,
            tally.done as f64 / secs
        );
    }

    fn finish(&mut self, tally: &Tally) {
        if self.last.is_some() {
            self.print(tally, Instant::now());
            eprintln!();
        }
    }
}
