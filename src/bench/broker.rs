//! The broker a benchmark runs against, and its topics.
//!
//! With `--brokers` the benchmark uses that cluster. Without, it starts the
//! project's local Apache Kafka broker with `scripts/kafka up` (idempotent:
//! an already running one is reused) and, if it started it, stops it at the
//! end unless told to keep it. Each run gets fresh topics, deleted after.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::ClientConfig;

/// Where the brokers are, and whether this benchmark started them.
#[derive(Debug)]
pub struct Broker {
    /// Bootstrap servers.
    pub address: String,
    /// The local broker's control script, when the benchmark started it.
    started_with: Option<PathBuf>,
}

impl Broker {
    /// A cluster given by address.
    pub fn given(address: &str) -> Broker {
        Broker {
            address: address.to_owned(),
            started_with: None,
        }
    }

    /// The local broker: `script up`; remembers whether it was already
    /// running.
    pub fn local(script: &Path) -> Result<Broker, String> {
        let was_running = Command::new(script)
            .arg("status")
            .output()
            .map(|o| o.status.success())
            .map_err(|e| format!("cannot run {}: {e}", script.display()))?;
        let out = Command::new(script)
            .arg("up")
            .output()
            .map_err(|e| format!("cannot run {}: {e}", script.display()))?;
        if !out.status.success() {
            return Err(format!(
                "`{} up` failed ({}):\n{}",
                script.display(),
                out.status,
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        let address = String::from_utf8_lossy(&out.stdout)
            .lines()
            .last()
            .unwrap_or_default()
            .trim()
            .to_owned();
        if !address.contains(':') {
            return Err(format!("`{} up` printed no address", script.display()));
        }
        Ok(Broker {
            address,
            started_with: (!was_running).then(|| script.to_owned()),
        })
    }

    /// Stops the broker if this benchmark started it and `keep` is false;
    /// says what it did.
    pub fn finish(self, keep: bool) -> Option<String> {
        let script = self.started_with?;
        if keep {
            return Some(format!(
                "the local broker at {} was left running (`{} down` stops it)",
                self.address,
                script.display()
            ));
        }
        let ok = Command::new(&script)
            .arg("down")
            .output()
            .is_ok_and(|o| o.status.success());
        Some(if ok {
            "the local broker this benchmark started was stopped".to_owned()
        } else {
            format!(
                "could not stop the local broker: run `{} down`",
                script.display()
            )
        })
    }

    /// A client configuration for this broker.
    pub fn client_config(&self) -> ClientConfig {
        let mut c = ClientConfig::new();
        c.set("bootstrap.servers", &self.address);
        c
    }

    /// Creates `topics` with `partitions` partitions each and waits until
    /// the metadata shows them.
    pub async fn create_topics(&self, topics: &[&str], partitions: i32) -> Result<(), String> {
        let admin: AdminClient<DefaultClientContext> =
            self.client_config().create().map_err(|e| e.to_string())?;
        let new: Vec<NewTopic<'_>> = topics
            .iter()
            .map(|t| NewTopic::new(t, partitions, TopicReplication::Fixed(1)))
            .collect();
        let results = admin
            .create_topics(
                &new,
                &AdminOptions::new().operation_timeout(Some(Duration::from_secs(30))),
            )
            .await
            .map_err(|e| format!("cannot create topics: {e}"))?;
        for r in results {
            r.map_err(|(t, e)| format!("cannot create topic {t}: {e}"))?;
        }
        let consumer: BaseConsumer = self.client_config().create().map_err(|e| e.to_string())?;
        let names: Vec<String> = topics.iter().map(|t| (*t).to_owned()).collect();
        tokio::task::spawn_blocking(move || {
            let deadline = Instant::now() + Duration::from_secs(30);
            for topic in &names {
                loop {
                    let md = consumer
                        .fetch_metadata(Some(topic), Duration::from_secs(5))
                        .map_err(|e| format!("metadata of {topic}: {e}"))?;
                    if md
                        .topics()
                        .iter()
                        .any(|t| t.error().is_none() && t.partitions().len() == partitions as usize)
                    {
                        break;
                    }
                    if Instant::now() > deadline {
                        return Err(format!("topic {topic} did not appear within 30 s"));
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
            }
            Ok(())
        })
        .await
        .map_err(|e| e.to_string())?
    }

    /// Deletes `topics`; failures are only reported.
    pub async fn delete_topics(&self, topics: &[&str]) -> Result<(), String> {
        let admin: AdminClient<DefaultClientContext> =
            self.client_config().create().map_err(|e| e.to_string())?;
        let results = admin
            .delete_topics(topics, &AdminOptions::new())
            .await
            .map_err(|e| format!("cannot delete topics: {e}"))?;
        for r in results {
            r.map_err(|(t, e)| format!("cannot delete topic {t}: {e}"))?;
        }
        Ok(())
    }

    /// Records in `topic` (sum of high watermarks minus low ones).
    pub fn count(&self, topic: &str) -> Result<i64, String> {
        let consumer: BaseConsumer = self.client_config().create().map_err(|e| e.to_string())?;
        let md = consumer
            .fetch_metadata(Some(topic), Duration::from_secs(10))
            .map_err(|e| e.to_string())?;
        let mut total = 0;
        for t in md.topics() {
            for p in t.partitions() {
                let (lo, hi) = consumer
                    .fetch_watermarks(topic, p.id(), Duration::from_secs(10))
                    .map_err(|e| e.to_string())?;
                total += hi - lo;
            }
        }
        Ok(total)
    }

    /// The process listening on the broker's first address, when it runs on
    /// this machine (for its CPU time); found through `/proc/net/tcp`.
    pub fn local_pid(&self) -> Option<u32> {
        let first = self.address.split(',').next()?;
        let port: u16 = first.rsplit(':').next()?.trim().parse().ok()?;
        listening_pid(port)
    }
}

/// The pid of the process with a listening TCP socket on `port`.
fn listening_pid(port: u16) -> Option<u32> {
    let mut inodes = Vec::new();
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let Ok(text) = std::fs::read_to_string(table) else {
            continue;
        };
        for line in text.lines().skip(1) {
            let cols: Vec<&str> = line.split_whitespace().collect();
            // local_address is HEXIP:HEXPORT; state 0A is LISTEN.
            let Some(local) = cols.get(1) else { continue };
            let listening = cols.get(3) == Some(&"0A");
            let port_hex = local.rsplit(':').next().unwrap_or_default();
            if listening && u16::from_str_radix(port_hex, 16).ok() == Some(port) {
                if let Some(inode) = cols.get(9) {
                    inodes.push(format!("socket:[{inode}]"));
                }
            }
        }
    }
    if inodes.is_empty() {
        return None;
    }
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(fds) = std::fs::read_dir(entry.path().join("fd")) else {
            continue;
        };
        for fd in fds.flatten() {
            if let Ok(target) = std::fs::read_link(fd.path()) {
                if inodes.iter().any(|i| Path::new(i) == target) {
                    return Some(pid);
                }
            }
        }
    }
    None
}
