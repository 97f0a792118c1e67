//! What Linux says about a process and the machine: peak resident memory
//! (`VmHWM`), CPU time, the machine's busy time and load, from `/proc`.
//!
//! Everything here is best effort: on a system without `/proc` the values
//! are absent and the report says so, the benchmark still runs.

use std::time::Instant;

use serde::Serialize;

/// Clock ticks per second of `/proc/<pid>/stat` and `/proc/stat` (USER_HZ,
/// 100 on every Linux architecture newswire builds for).
const TICKS_PER_SECOND: f64 = 100.0;

/// Peak resident set size of `pid` so far, in bytes (`VmHWM`).
pub fn peak_rss(pid: u32) -> Option<u64> {
    status_kib(pid, "VmHWM:").map(|k| k * 1024)
}

fn status_kib(pid: u32, field: &str) -> Option<u64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = text.lines().find(|l| l.starts_with(field))?;
    line[field.len()..].split_whitespace().next()?.parse().ok()
}

/// CPU time (user + system) `pid` has used, in seconds.
pub fn cpu_seconds(pid: u32) -> Option<f64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name, field 2, may hold spaces: count from after it.
    let rest = &text[text.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after it.
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / TICKS_PER_SECOND)
}

/// CPU time of this process.
pub fn own_cpu_seconds() -> Option<f64> {
    cpu_seconds(std::process::id())
}

/// The machine's CPU counters: (busy, total) ticks over every core.
fn machine_ticks() -> Option<(u64, u64)> {
    let text = std::fs::read_to_string("/proc/stat").ok()?;
    let line = text.lines().find(|l| l.starts_with("cpu "))?;
    let v: Vec<u64> = line
        .split_whitespace()
        .skip(1)
        .filter_map(|x| x.parse().ok())
        .collect();
    // user nice system idle iowait irq softirq steal (guest counted in user).
    let total: u64 = v.iter().take(8).sum();
    let idle = v.get(3)? + v.get(4).unwrap_or(&0);
    Some((total - idle, total))
}

/// The 1-, 5- and 15-minute load averages.
pub fn load_average() -> Option<[f64; 3]> {
    let text = std::fs::read_to_string("/proc/loadavg").ok()?;
    let v: Vec<f64> = text
        .split_whitespace()
        .take(3)
        .filter_map(|x| x.parse().ok())
        .collect();
    Some([*v.first()?, *v.get(1)?, *v.get(2)?])
}

/// The machine's CPU model name.
pub fn cpu_model() -> Option<String> {
    let text = std::fs::read_to_string("/proc/cpuinfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("model name"))?;
    Some(line.split_once(':')?.1.trim().to_owned())
}

/// Total memory, bytes.
pub fn mem_total() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemTotal:"))?;
    Some(line.split_whitespace().nth(1)?.parse::<u64>().ok()? * 1024)
}

/// CPU use of the processes that share the machine during one phase.
#[derive(Debug, Clone, Serialize, Default)]
pub struct CpuUse {
    /// Seconds of wall time the phase lasted.
    pub wall_seconds: f64,
    /// CPU seconds the worker used.
    pub worker_seconds: Option<f64>,
    /// CPU seconds the broker used (when it runs here and was found).
    pub broker_seconds: Option<f64>,
    /// CPU seconds the benchmark itself (producer and reader) used.
    pub bench_seconds: Option<f64>,
    /// How busy the whole machine was, percent of all cores (everything:
    /// worker, broker, benchmark and whatever else runs).
    pub machine_busy_percent: Option<f64>,
}

/// A starting point for [`CpuUse`].
#[derive(Debug, Clone, Copy)]
pub struct CpuMark {
    at: Instant,
    worker: Option<f64>,
    broker: Option<f64>,
    bench: Option<f64>,
    machine: Option<(u64, u64)>,
}

impl CpuMark {
    /// Reads the counters now.
    pub fn now(worker: u32, broker: Option<u32>) -> CpuMark {
        CpuMark {
            at: Instant::now(),
            worker: cpu_seconds(worker),
            broker: broker.and_then(cpu_seconds),
            bench: own_cpu_seconds(),
            machine: machine_ticks(),
        }
    }

    /// What was used between `self` and `later`.
    pub fn until(&self, later: &CpuMark) -> CpuUse {
        let diff = |a: Option<f64>, b: Option<f64>| Some(b? - a?);
        CpuUse {
            wall_seconds: later.at.duration_since(self.at).as_secs_f64(),
            worker_seconds: diff(self.worker, later.worker),
            broker_seconds: diff(self.broker, later.broker),
            bench_seconds: diff(self.bench, later.bench),
            machine_busy_percent: match (self.machine, later.machine) {
                (Some((b0, t0)), Some((b1, t1))) if t1 > t0 => {
                    Some((b1 - b0) as f64 * 100.0 / (t1 - t0) as f64)
                }
                _ => None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_this_process() {
        let pid = std::process::id();
        assert!(peak_rss(pid).unwrap() > 1024 * 1024);
        assert!(cpu_seconds(pid).unwrap() >= 0.0);
        assert!(load_average().is_some());
        let a = CpuMark::now(pid, None);
        let mut x = 0u64;
        for i in 0..10_000_000u64 {
            x = x.wrapping_add(i * i);
        }
        std::hint::black_box(x);
        let used = a.until(&CpuMark::now(pid, None));
        assert!(used.wall_seconds > 0.0);
        assert!(used.worker_seconds.unwrap() >= 0.0);
        assert!(used.broker_seconds.is_none());
    }
}
