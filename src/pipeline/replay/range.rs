//! Where a replay starts and stops, as typed: `--from` and `--until`.
//!
//! | `--from` | starts at |
//! | --- | --- |
//! | `earliest` | the oldest record still in each partition |
//! | `offset:N` | offset N of every partition (clamped to what the partition holds) |
//! | `offset:P=N,Q=M` | offset N of partition P, M of Q; only those partitions |
//! | `timestamp:<RFC 3339>` | the first record at or after that time (the broker's offsets-for-times) |
//! | `ago:<duration>` | the same, for now minus the duration (`ago:15m`, `ago:2h`, `ago:1day`) |
//!
//! | `--until` | stops before |
//! | --- | --- |
//! | `now` | the end of each partition as seen when the replay starts |
//! | `timestamp:<RFC 3339>` | the first record at or after that time |
//! | `offset:N`, `offset:P=N,...` | offset N (exclusive) |
//!
//! Whatever `--until` says, a replay never reads past the end offsets seen
//! at its start: it is bounded, and terminates by itself.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, Utc};

/// Where a replay starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum From {
    /// The oldest record of each partition.
    Earliest,
    /// One offset for every partition.
    Offset(i64),
    /// An offset per partition; only these partitions are replayed.
    Offsets(BTreeMap<i32, i64>),
    /// The first record at or after this time.
    Timestamp(DateTime<Utc>),
    /// The first record at or after now minus this.
    Ago(Duration),
}

/// Where a replay stops (exclusive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Until {
    /// The end offsets seen at start.
    Now,
    /// The first record at or after this time.
    Timestamp(DateTime<Utc>),
    /// One offset for every partition.
    Offset(i64),
    /// An offset per partition.
    Offsets(BTreeMap<i32, i64>),
}

/// A `--from` or `--until` value that could not be read; the message names
/// the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RangeError {
    value: String,
    why: String,
}

impl fmt::Display for RangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: {}", self.value, self.why)
    }
}

impl std::error::Error for RangeError {}

fn error(value: &str, why: impl Into<String>) -> RangeError {
    RangeError {
        value: value.to_owned(),
        why: why.into(),
    }
}

fn offset(value: &str, text: &str) -> Result<i64, RangeError> {
    text.trim()
        .parse::<i64>()
        .ok()
        .filter(|n| *n >= 0)
        .ok_or_else(|| {
            error(
                value,
                format!("{text:?} is not an offset (a whole number, 0 or more)"),
            )
        })
}

/// `N` (every partition) or `P=N,Q=M` (per partition).
enum Offsets {
    All(i64),
    Each(BTreeMap<i32, i64>),
}

fn offsets(value: &str, text: &str) -> Result<Offsets, RangeError> {
    if !text.contains('=') {
        return offset(value, text).map(Offsets::All);
    }
    let mut map = BTreeMap::new();
    for pair in text.split(',') {
        let Some((p, n)) = pair.split_once('=') else {
            return Err(error(value, format!("{pair:?} is not PARTITION=OFFSET")));
        };
        let p: i32 = p
            .trim()
            .parse()
            .ok()
            .filter(|p| *p >= 0)
            .ok_or_else(|| error(value, format!("{p:?} is not a partition number")))?;
        if map.insert(p, offset(value, n)?).is_some() {
            return Err(error(value, format!("partition {p} is given twice")));
        }
    }
    Ok(Offsets::Each(map))
}

fn timestamp(value: &str, text: &str) -> Result<DateTime<Utc>, RangeError> {
    DateTime::parse_from_rfc3339(text.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            error(
                value,
                format!("{text:?} is not an RFC 3339 time like 2024-05-01T12:00:00Z ({e})"),
            )
        })
}

impl FromStr for From {
    type Err = RangeError;

    fn from_str(value: &str) -> Result<From, RangeError> {
        let (kind, rest) = value.split_once(':').unwrap_or((value, ""));
        match kind.trim() {
            "earliest" if rest.is_empty() => Ok(From::Earliest),
            "offset" => Ok(match offsets(value, rest)? {
                Offsets::All(n) => From::Offset(n),
                Offsets::Each(m) => From::Offsets(m),
            }),
            "timestamp" => timestamp(value, rest).map(From::Timestamp),
            "ago" => humantime::parse_duration(rest.trim())
                .map(From::Ago)
                .map_err(|e| error(value, format!("{rest:?} is not a duration like 15m or 2h ({e})"))),
            _ => Err(error(
                value,
                "expected earliest, offset:N, offset:P=N,..., timestamp:<RFC 3339> or ago:<duration>",
            )),
        }
    }
}

impl FromStr for Until {
    type Err = RangeError;

    fn from_str(value: &str) -> Result<Until, RangeError> {
        let (kind, rest) = value.split_once(':').unwrap_or((value, ""));
        match kind.trim() {
            "now" if rest.is_empty() => Ok(Until::Now),
            "offset" => Ok(match offsets(value, rest)? {
                Offsets::All(n) => Until::Offset(n),
                Offsets::Each(m) => Until::Offsets(m),
            }),
            "timestamp" => timestamp(value, rest).map(Until::Timestamp),
            _ => Err(error(
                value,
                "expected now, offset:N, offset:P=N,... or timestamp:<RFC 3339>",
            )),
        }
    }
}

/// Parses `--partitions 0,2,5`.
pub fn parse_partitions(value: &str) -> Result<Vec<i32>, RangeError> {
    let mut out = Vec::new();
    for p in value.split(',') {
        let n: i32 = p
            .trim()
            .parse()
            .ok()
            .filter(|n| *n >= 0)
            .ok_or_else(|| error(value, format!("{p:?} is not a partition number")))?;
        if !out.contains(&n) {
            out.push(n);
        }
    }
    out.sort_unstable();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_reads_every_form() {
        assert_eq!("earliest".parse(), Ok(From::Earliest));
        assert_eq!("offset:42".parse(), Ok(From::Offset(42)));
        assert_eq!(
            "offset:0=10,2=5".parse(),
            Ok(From::Offsets(BTreeMap::from([(0, 10), (2, 5)])))
        );
        assert_eq!(
            "timestamp:2024-05-01T12:00:00+02:00".parse::<From>(),
            Ok(From::Timestamp(
                DateTime::parse_from_rfc3339("2024-05-01T10:00:00Z")
                    .unwrap()
                    .with_timezone(&Utc)
            ))
        );
        assert_eq!("ago:15m".parse(), Ok(From::Ago(Duration::from_secs(900))));
        assert_eq!(
            "ago:1h 30m".parse(),
            Ok(From::Ago(Duration::from_secs(5400)))
        );
    }

    #[test]
    fn until_reads_every_form() {
        assert_eq!("now".parse(), Ok(Until::Now));
        assert_eq!("offset:7".parse(), Ok(Until::Offset(7)));
        assert_eq!(
            "offset:1=3".parse(),
            Ok(Until::Offsets(BTreeMap::from([(1, 3)])))
        );
        assert!(matches!(
            "timestamp:2024-05-01T00:00:00Z".parse::<Until>(),
            Ok(Until::Timestamp(_))
        ));
    }

    #[test]
    fn errors_name_the_bad_value() {
        let e = "latest".parse::<From>().unwrap_err().to_string();
        assert!(
            e.starts_with("\"latest\": expected earliest, offset:N"),
            "{e}"
        );
        let e = "offset:-3".parse::<From>().unwrap_err().to_string();
        assert_eq!(
            e,
            "\"offset:-3\": \"-3\" is not an offset (a whole number, 0 or more)"
        );
        let e = "offset:0=1,x=2".parse::<From>().unwrap_err().to_string();
        assert!(e.contains("\"x\" is not a partition number"), "{e}");
        let e = "offset:0=1,0=2".parse::<Until>().unwrap_err().to_string();
        assert!(e.contains("partition 0 is given twice"), "{e}");
        let e = "timestamp:yesterday"
            .parse::<From>()
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("\"timestamp:yesterday\": \"yesterday\" is not an RFC 3339 time"),
            "{e}"
        );
        let e = "ago:soon".parse::<From>().unwrap_err().to_string();
        assert!(e.contains("is not a duration"), "{e}");
        let e = "earliest".parse::<Until>().unwrap_err().to_string();
        assert!(e.starts_with("\"earliest\": expected now"), "{e}");
        assert!(parse_partitions("0,x").is_err());
        assert_eq!(parse_partitions("2,0,2"), Ok(vec![0, 2]));
    }
}
