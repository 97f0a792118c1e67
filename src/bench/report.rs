//! The benchmark's findings: one value, printed as a table for people and
//! written as JSON (`--json FILE`) for scripts and the test.

use serde::Serialize;

use super::procfs::CpuUse;

/// Everything one `newswire bench` measured.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The machine it ran on.
    pub machine: Machine,
    /// What was sent.
    pub workload: WorkloadInfo,
    /// One per (delivery, enrichment) pair, in the order run.
    pub runs: Vec<Run>,
    /// Enrichment on against pass-through, per delivery mode.
    pub comparisons: Vec<Comparison>,
    /// True when every article of every run came out.
    pub complete: bool,
}

/// The machine.
#[derive(Debug, Clone, Serialize)]
pub struct Machine {
    /// Cores available to the process.
    pub cpus: usize,
    /// CPU model.
    pub cpu_model: Option<String>,
    /// Memory, GiB.
    pub memory_gib: Option<f64>,
    /// Load averages (1, 5, 15 min) when the benchmark started.
    pub load_at_start: Option<[f64; 3]>,
    /// Load averages when it ended.
    pub load_at_end: Option<[f64; 3]>,
    /// The brokers.
    pub brokers: String,
    /// The broker's process, when it runs here (its CPU time is counted).
    pub broker_pid: Option<u32>,
}

/// What was sent.
#[derive(Debug, Clone, Serialize)]
pub struct WorkloadInfo {
    /// Files the articles came from.
    pub sources: Vec<String>,
    /// Distinct source articles.
    pub source_articles: usize,
    /// Records in each run's backlog.
    pub backlog_articles: usize,
    /// Records of the unmeasured warm-up run per delivery mode.
    pub warmup_articles: usize,
    /// Fixed rate of the paced phase, records/s (0: no paced phase).
    pub paced_rate: u32,
    /// Length of the paced phase, seconds.
    pub paced_seconds: f64,
    /// Input partitions.
    pub partitions: i32,
}

/// One run of the worker.
#[derive(Debug, Clone, Serialize)]
pub struct Run {
    /// `enrich on, at-least-once`, ...
    pub name: String,
    /// Enrichment on, or pass-through.
    pub enrich: bool,
    /// `at-least-once` or `exactly-once`.
    pub delivery: String,
    /// The worker's command line (its settings).
    pub worker_command: String,
    /// The worker's log file.
    pub worker_log: String,
    /// Draining the backlog.
    pub backlog: Backlog,
    /// The fixed-rate phase.
    pub paced: Option<Paced>,
    /// Records in the dead-letter topic at the end.
    pub dead_letters: Option<i64>,
    /// The worker's peak resident memory (VmHWM), MiB.
    pub peak_rss_mib: Option<f64>,
    /// How the worker ended after SIGTERM.
    pub worker_exit: String,
    /// Every article of the run came out.
    pub complete: bool,
}

/// The backlog phase: N records waiting before the worker starts.
#[derive(Debug, Clone, Serialize)]
pub struct Backlog {
    /// Records sent.
    pub articles: usize,
    /// Their value bytes.
    pub input_bytes: u64,
    /// Output value bytes.
    pub output_bytes: u64,
    /// Distinct articles that came out.
    pub out: usize,
    /// Sent but never seen.
    pub missing: usize,
    /// Seen more than once.
    pub duplicates: usize,
    /// Worker start to the last output seen, seconds.
    pub seconds_from_start: f64,
    /// First output seen to the last, seconds.
    pub seconds: f64,
    /// Articles per second over `seconds`: the throughput.
    pub articles_per_second: f64,
    /// Input MB (10^6 bytes) per second over `seconds`.
    pub mb_per_second: f64,
    /// Worker CPU per article, milliseconds.
    pub worker_cpu_ms_per_article: Option<f64>,
    /// CPU use while it drained.
    pub cpu: CpuUse,
}

/// The paced phase.
#[derive(Debug, Clone, Serialize)]
pub struct Paced {
    /// The rate asked for, records/s.
    pub target_rate: u32,
    /// Records sent.
    pub sent: usize,
    /// The rate achieved by the producer, records/s.
    pub sent_rate: f64,
    /// Distinct articles that came out.
    pub out: usize,
    /// Sent but never seen.
    pub missing: usize,
    /// Seen more than once.
    pub duplicates: usize,
    /// Produce → seen by the output reader, milliseconds.
    pub latency_ms: Latency,
    /// Worker CPU per article, milliseconds.
    pub worker_cpu_ms_per_article: Option<f64>,
    /// CPU use during the phase.
    pub cpu: CpuUse,
}

/// A latency distribution, milliseconds.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Latency {
    /// Samples.
    pub count: usize,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
    /// 99th percentile.
    pub p99: f64,
    /// Slowest.
    pub max: f64,
    /// Mean.
    pub mean: f64,
}

impl Latency {
    /// The distribution of `samples` (any order).
    pub fn of(mut samples: Vec<f64>) -> Latency {
        if samples.is_empty() {
            return Latency::default();
        }
        samples.sort_by(f64::total_cmp);
        let at = |p: f64| {
            let rank = (p * samples.len() as f64).ceil() as usize;
            samples[rank.clamp(1, samples.len()) - 1]
        };
        Latency {
            count: samples.len(),
            p50: at(0.50),
            p90: at(0.90),
            p99: at(0.99),
            max: samples[samples.len() - 1],
            mean: samples.iter().sum::<f64>() / samples.len() as f64,
        }
    }
}

/// Enrichment on against pass-through, one delivery mode.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// The delivery mode.
    pub delivery: String,
    /// Backlog throughput with enrichment over without.
    pub throughput_ratio: f64,
    /// Target: at least this ratio.
    pub throughput_target: f64,
    /// p99 latency with enrichment at the paced rate, ms.
    pub p99_ms: Option<f64>,
    /// Target: at most this p99, ms, at 1,000 records/s.
    pub p99_target_ms: f64,
}

fn opt(v: Option<f64>, digits: usize) -> String {
    v.map_or_else(|| "-".to_owned(), |x| format!("{x:.digits$}"))
}

impl Report {
    /// The report as text: a header, one line per run, the comparisons.
    pub fn render(&self) -> String {
        let m = &self.machine;
        let w = &self.workload;
        let mut out = String::new();
        let load = |l: Option<[f64; 3]>| {
            l.map_or_else(
                || "?".to_owned(),
                |l| format!("{:.2} {:.2} {:.2}", l[0], l[1], l[2]),
            )
        };
        out.push_str(&format!(
            "machine: {} CPUs ({}), {} GiB; load {} at start, {} at end; brokers {}{}\n",
            m.cpus,
            m.cpu_model.as_deref().unwrap_or("?"),
            opt(m.memory_gib, 0),
            load(m.load_at_start),
            load(m.load_at_end),
            m.brokers,
            m.broker_pid
                .map_or_else(String::new, |p| format!(" (pid {p})"))
        ));
        out.push_str(&format!(
            "workload: {} source articles from {}; backlog {} records (after a warm-up of {} per delivery mode); paced {}/s for {:.0} s; {} partitions\n\n",
            w.source_articles,
            w.sources.join(", "),
            w.backlog_articles,
            w.warmup_articles,
            w.paced_rate,
            w.paced_seconds,
            w.partitions
        ));
        out.push_str(
            "| run | backlog articles/s | MB/s | worker CPU ms/article | broker CPU ms/article | machine busy | paced sent/s | p50 ms | p90 ms | p99 ms | max ms | peak RSS MiB | missing | duplicates |\n\
             |---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n",
        );
        for r in &self.runs {
            let b = &r.backlog;
            let (sent, p50, p90, p99, max, missing, dup) = match &r.paced {
                Some(p) => (
                    format!("{:.0}", p.sent_rate),
                    format!("{:.1}", p.latency_ms.p50),
                    format!("{:.1}", p.latency_ms.p90),
                    format!("{:.1}", p.latency_ms.p99),
                    format!("{:.1}", p.latency_ms.max),
                    b.missing + p.missing,
                    b.duplicates + p.duplicates,
                ),
                None => (
                    "-".into(),
                    "-".into(),
                    "-".into(),
                    "-".into(),
                    "-".into(),
                    b.missing,
                    b.duplicates,
                ),
            };
            out.push_str(&format!(
                "| {} | {:.0} | {:.2} | {} | {} | {}% | {sent} | {p50} | {p90} | {p99} | {max} | {} | {missing} | {dup} |\n",
                r.name,
                b.articles_per_second,
                b.mb_per_second,
                opt(b.worker_cpu_ms_per_article, 3),
                opt(
                    b.cpu
                        .broker_seconds
                        .filter(|_| b.out > 0)
                        .map(|s| s * 1000.0 / b.out as f64),
                    3
                ),
                opt(b.cpu.machine_busy_percent, 0),
                opt(r.peak_rss_mib, 1),
            ));
        }
        out.push('\n');
        for c in &self.comparisons {
            let verdict = |ok: bool| if ok { "met" } else { "MISSED" };
            out.push_str(&format!(
                "{}: enrichment on / pass-through throughput = {:.2} (target >= {:.2}: {})",
                c.delivery,
                c.throughput_ratio,
                c.throughput_target,
                verdict(c.throughput_ratio >= c.throughput_target)
            ));
            if let Some(p99) = c.p99_ms {
                out.push_str(&format!(
                    "; p99 with enrichment {p99:.1} ms (target <= {:.0} ms at 1,000/s: {})",
                    c.p99_target_ms,
                    verdict(p99 <= c.p99_target_ms)
                ));
            }
            out.push('\n');
        }
        for r in &self.runs {
            if !r.complete {
                out.push_str(&format!(
                    "{}: NOT every article came out (worker: {}; log {})\n",
                    r.name, r.worker_exit, r.worker_log
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let l = Latency::of((1..=100).rev().map(f64::from).collect());
        assert_eq!(
            (l.count, l.p50, l.p90, l.p99, l.max),
            (100, 50.0, 90.0, 99.0, 100.0)
        );
        assert_eq!(l.mean, 50.5);
        let one = Latency::of(vec![7.0]);
        assert_eq!((one.p50, one.p99, one.max), (7.0, 7.0, 7.0));
        assert_eq!(Latency::of(Vec::new()).count, 0);
    }
}
