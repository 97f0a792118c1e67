//! The deployment kit agrees with the worker it deploys.
//!
//! `docker-compose.yml` and the `Dockerfile` are parsed here, and every name
//! that must match the worker is checked against what the worker itself
//! makes of it (`newswire config` run with the same environment): the
//! `NEWSWIRE_*` variables, the topics the one-shot service creates, the
//! broker address, the HTTP port, the health checks, the stop grace period.
//! The services' shell commands are run with stand-ins for Kafka's command
//! line tools that record their arguments.
//!
//! No Docker engine is used: nothing here builds an image or starts a
//! container (see the README's "Deploying" for what was run by other means).

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use yaml_rust2::{Yaml, YamlLoader};

/// The services of the compose file.
const SERVICES: [&str; 5] = ["kafka", "topics", "newswire", "producer", "reader"];
/// Where the broker image keeps Kafka's command line tools.
const KAFKA_BIN: &str = "/opt/kafka/bin/";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

// ---------------------------------------------------------------- compose --

fn compose() -> Yaml {
    let mut docs =
        YamlLoader::load_from_str(&read("docker-compose.yml")).expect("docker-compose.yml is YAML");
    assert_eq!(docs.len(), 1, "one YAML document");
    docs.remove(0)
}

fn service<'a>(compose: &'a Yaml, name: &str) -> &'a Yaml {
    let s = &compose["services"][name];
    assert!(!s.is_badvalue(), "no service {name}");
    s
}

/// A scalar as the text Compose passes on (numbers and booleans included).
fn scalar(y: &Yaml) -> String {
    match y {
        Yaml::String(s) | Yaml::Real(s) => s.clone(),
        Yaml::Integer(i) => i.to_string(),
        Yaml::Boolean(b) => b.to_string(),
        Yaml::Null => String::new(),
        other => panic!("not a scalar: {other:?}"),
    }
}

fn strings(y: &Yaml) -> Vec<String> {
    y.as_vec()
        .unwrap_or_else(|| panic!("not a list: {y:?}"))
        .iter()
        .map(scalar)
        .collect()
}

/// A service's `environment`, in either of Compose's two forms.
fn environment(service: &Yaml) -> Vec<(String, String)> {
    match &service["environment"] {
        Yaml::BadValue => Vec::new(),
        Yaml::Hash(h) => h.iter().map(|(k, v)| (scalar(k), scalar(v))).collect(),
        Yaml::Array(a) => a
            .iter()
            .map(|e| {
                let e = scalar(e);
                let (k, v) = e.split_once('=').unwrap_or((&e, ""));
                (k.to_owned(), v.to_owned())
            })
            .collect(),
        other => panic!("environment: {other:?}"),
    }
}

fn env_value<'a>(env: &'a [(String, String)], name: &str) -> &'a str {
    env.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("{name} not set"))
}

/// The shell script of a `command: [/bin/sh, -c, SCRIPT]` service.
fn shell_script(service: &Yaml) -> String {
    let command = strings(&service["command"]);
    assert_eq!(command[..2], ["/bin/sh", "-c"], "{command:?}");
    let script = &command[2];
    // Compose interpolates `$VAR` and `${VAR}` from the host's environment
    // before the container sees the command: the script's own variables
    // must be written `$$VAR`.
    let mut rest = script.as_str();
    while let Some(i) = rest.find('$') {
        assert!(
            rest[i + 1..].starts_with('$'),
            "single `$` in a command (Compose would interpolate it): {script}"
        );
        rest = &rest[i + 2..];
    }
    script.replace("$$", "$")
}

/// A duration as Compose writes it: `40s`, `1m30s`, `500ms`.
fn compose_duration(text: &str) -> Duration {
    let mut total = Duration::ZERO;
    let mut digits = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let mut unit = c.to_string();
        while let Some(&n) = chars.peek() {
            if n.is_ascii_digit() {
                break;
            }
            unit.push(n);
            chars.next();
        }
        let n: u64 = digits.parse().expect("a number before the unit");
        digits.clear();
        total += match unit.as_str() {
            "ms" => Duration::from_millis(n),
            "s" => Duration::from_secs(n),
            "m" => Duration::from_secs(60 * n),
            "h" => Duration::from_secs(3600 * n),
            other => panic!("unit {other:?} in {text:?}"),
        };
    }
    assert!(digits.is_empty(), "{text:?} ends without a unit");
    total
}

// ------------------------------------------------------- the worker's view --

/// What `newswire config` prints for `env` (and nothing else in the
/// environment), parsed; panics, quoting the worker, when it refuses it.
fn effective(env: &[(String, String)]) -> toml::Table {
    let out = Command::new(support::newswire_bin())
        .arg("config")
        .env_clear()
        .envs(env.iter().map(|(k, v)| (k, v)))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "newswire config refused {env:?}: {stderr}"
    );
    assert!(
        stderr.is_empty(),
        "newswire config warned about {env:?}: {stderr}"
    );
    String::from_utf8(out.stdout).unwrap().parse().unwrap()
}

fn setting(table: &toml::Table, section: &str, key: &str) -> String {
    match &table[section][key] {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Checks that each `NEWSWIRE_*` variable of `env` is a setting `newswire
/// config` accepts without a warning and that its value is the effective
/// one; returns the effective settings.
fn check_newswire_env(what: &str, env: &[(String, String)]) -> toml::Table {
    let env: Vec<(String, String)> = env
        .iter()
        .filter(|(k, _)| k.starts_with("NEWSWIRE_"))
        .cloned()
        .collect();
    let table = effective(&env);
    for (name, value) in &env {
        let (section, key) = if name == "NEWSWIRE_BROKERS" {
            ("kafka".to_owned(), "bootstrap.servers".to_owned())
        } else if let Some(prop) = name.strip_prefix("NEWSWIRE_RDKAFKA_") {
            (
                "kafka".to_owned(),
                prop.to_ascii_lowercase().replace('_', "."),
            )
        } else {
            table
                .iter()
                .filter(|(section, _)| *section != "kafka")
                .flat_map(|(section, keys)| {
                    keys.as_table()
                        .into_iter()
                        .flat_map(|t| t.keys())
                        .map(move |key| (section.clone(), key.clone()))
                })
                .find(|(section, key)| {
                    format!("NEWSWIRE_{section}_{key}").to_ascii_uppercase() == *name
                })
                .unwrap_or_else(|| panic!("{what}: {name} is no setting of the worker"))
        };
        assert_eq!(
            &setting(&table, &section, &key),
            value,
            "{what}: {name} does not set {section}.{key}"
        );
    }
    table
}

fn worker_settings(compose: &Yaml) -> toml::Table {
    check_newswire_env("newswire", &environment(service(compose, "newswire")))
}

// ------------------------------------------------- stand-ins for the tools --

/// A folder of stand-ins for Kafka's tools: each appends its name and
/// arguments (one per line, then a blank line) to `calls`, and the console
/// producer also counts the lines on its standard input.
struct FakeKafkaBin {
    dir: PathBuf,
    calls: PathBuf,
}

impl FakeKafkaBin {
    fn new(test: &str) -> FakeKafkaBin {
        let dir =
            std::env::temp_dir().join(format!("newswire-deploy-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let calls = dir.join("calls");
        for tool in [
            "kafka-topics.sh",
            "kafka-console-producer.sh",
            "kafka-console-consumer.sh",
            "kafka-broker-api-versions.sh",
        ] {
            let stdin = if tool == "kafka-console-producer.sh" {
                "printf 'stdin-lines=%s\\n' \"$(wc -l | tr -d ' ')\" >> \"$CALLS\"\n"
            } else {
                ""
            };
            let path = dir.join(tool);
            std::fs::write(
                &path,
                format!(
                    "#!/bin/sh\n{{ echo {tool}; for a in \"$@\"; do echo \"$a\"; done; }} >> \"$CALLS\"\n\
                     {stdin}echo >> \"$CALLS\"\n"
                ),
            )
            .unwrap();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        FakeKafkaBin { dir, calls }
    }

    /// Runs `script` (a service's command, its `/opt/kafka/bin/` pointing
    /// here and `replace` applied) with `env`; returns each tool call.
    fn run(
        &self,
        script: &str,
        env: &[(String, String)],
        replace: &[(&str, &str)],
    ) -> Vec<Vec<String>> {
        let mut script = script.replace(KAFKA_BIN, &format!("{}/", self.dir.display()));
        for (from, to) in replace {
            script = script.replace(from, to);
        }
        let _ = std::fs::remove_file(&self.calls);
        let out = Command::new("/bin/sh")
            .args(["-c", &script])
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("CALLS", &self.calls)
            .envs(env.iter().map(|(k, v)| (k, v)))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "the script failed: {}\n{script}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::read_to_string(&self.calls)
            .unwrap_or_default()
            .split("\n\n")
            .filter(|c| !c.trim().is_empty())
            .map(|c| c.lines().map(str::to_owned).collect())
            .collect()
    }
}

impl Drop for FakeKafkaBin {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The value after `flag` in a tool call.
fn flag<'a>(call: &'a [String], name: &str) -> Option<&'a str> {
    call.iter()
        .position(|a| a == name)
        .and_then(|i| call.get(i + 1))
        .map(String::as_str)
}

// ------------------------------------------------------------ compose tests --

#[test]
fn compose_has_the_services_and_starts_them_in_order() {
    let c = compose();
    let names: BTreeSet<String> = c["services"]
        .as_hash()
        .expect("services")
        .keys()
        .map(scalar)
        .collect();
    assert_eq!(names, SERVICES.iter().map(|s| s.to_string()).collect());
    // (service, dependency, condition)
    for (name, dep, condition) in [
        ("topics", "kafka", "service_healthy"),
        ("newswire", "topics", "service_completed_successfully"),
        ("producer", "topics", "service_completed_successfully"),
        ("reader", "newswire", "service_healthy"),
    ] {
        assert_eq!(
            service(&c, name)["depends_on"][dep]["condition"].as_str(),
            Some(condition),
            "{name} waits for {dep}"
        );
        if condition == "service_healthy" {
            assert!(
                !service(&c, dep)["healthcheck"]["test"].is_badvalue(),
                "{dep} needs a healthcheck for {name} to wait on"
            );
        }
    }
    assert_eq!(service(&c, "topics")["restart"].as_str(), Some("no"));
    for name in ["producer", "reader"] {
        assert_eq!(strings(&service(&c, name)["profiles"]), ["samples"]);
    }
    for name in ["kafka", "topics", "newswire"] {
        assert!(
            service(&c, name)["profiles"].is_badvalue(),
            "{name} starts with `docker compose up`"
        );
    }
    assert_eq!(service(&c, "newswire")["build"].as_str(), Some("."));
}

#[test]
fn every_newswire_variable_is_a_setting_the_worker_applies() {
    let c = compose();
    let mut checked = 0;
    for name in SERVICES {
        let env = environment(service(&c, name));
        if env.iter().any(|(k, _)| k.starts_with("NEWSWIRE_")) {
            check_newswire_env(name, &env);
            checked += 1;
        }
    }
    assert_eq!(checked, 2, "the worker and the topics service");
    let s = worker_settings(&c);
    assert_eq!(setting(&s, "telemetry", "log_format"), "json");
    assert_eq!(
        setting(&s, "topics", "create"),
        "false",
        "the topics service creates them"
    );

    // The check has teeth: a misspelt variable is reported by the worker.
    let out = Command::new(support::newswire_bin())
        .arg("config")
        .env_clear()
        .env("NEWSWIRE_TOPIC_INPUT", "x")
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: ignoring NEWSWIRE_TOPIC_INPUT"),
        "{stderr}"
    );
}

#[test]
fn the_one_shot_service_creates_exactly_the_worker_topics() {
    let c = compose();
    let worker = worker_settings(&c);
    let topics = service(&c, "topics");
    let env = environment(topics);
    let own = check_newswire_env("topics", &env);
    let bin = FakeKafkaBin::new("topics");
    let calls = bin.run(&shell_script(topics), &env, &[]);
    let mut created = BTreeSet::new();
    for call in &calls {
        assert_eq!(call[0], "kafka-topics.sh", "{call:?}");
        assert!(call.contains(&"--create".to_owned()), "{call:?}");
        assert!(call.contains(&"--if-not-exists".to_owned()), "{call:?}");
        assert_eq!(
            flag(call, "--bootstrap-server"),
            Some(setting(&worker, "kafka", "bootstrap.servers").as_str())
        );
        assert_eq!(
            flag(call, "--partitions"),
            Some(setting(&own, "topics", "partitions").as_str())
        );
        assert_eq!(
            flag(call, "--replication-factor"),
            Some(setting(&own, "topics", "replication_factor").as_str())
        );
        created.insert(flag(call, "--topic").unwrap().to_owned());
    }
    let wanted: BTreeSet<String> = ["input", "output", "dead_letter"]
        .iter()
        .map(|k| setting(&worker, "topics", k))
        .collect();
    assert_eq!(created, wanted);
    assert_eq!(calls.len(), 3);
}

#[test]
fn samples_go_to_the_worker_input_and_the_reader_reads_its_output() {
    let c = compose();
    let worker = worker_settings(&c);
    let brokers = setting(&worker, "kafka", "bootstrap.servers");
    let bin = FakeKafkaBin::new("samples");

    let producer = service(&c, "producer");
    let env = environment(producer);
    assert_eq!(env_value(&env, "BOOTSTRAP_SERVER"), brokers);
    assert_eq!(
        env_value(&env, "TOPIC"),
        setting(&worker, "topics", "input")
    );
    // The volume that holds the samples, and the script reading it.
    let volume = strings(&producer["volumes"]).remove(0);
    let (host, container) = volume
        .trim_end_matches(":ro")
        .split_once(':')
        .expect("HOST:CONTAINER");
    assert_eq!(host, "./tests/data");
    let samples = root().join("tests/data");
    let calls = bin.run(
        &shell_script(producer),
        &env,
        &[(container, samples.to_str().unwrap())],
    );
    assert_eq!(calls.len(), 1, "{calls:?}");
    let call = &calls[0];
    assert_eq!(call[0], "kafka-console-producer.sh");
    assert_eq!(flag(call, "--bootstrap-server"), Some(brokers.as_str()));
    assert_eq!(
        flag(call, "--topic"),
        Some(setting(&worker, "topics", "input").as_str())
    );
    let mut articles = 0;
    for entry in std::fs::read_dir(&samples).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "jsonl") {
            articles += std::fs::read_to_string(&path)
                .unwrap()
                .lines()
                .filter(|l| !l.trim().is_empty())
                .count();
        }
    }
    assert!(articles >= 2);
    assert_eq!(
        call.last().map(String::as_str),
        Some(format!("stdin-lines={articles}").as_str()),
        "one record per non-blank sample line"
    );

    let reader = service(&c, "reader");
    let env = environment(reader);
    assert_eq!(env_value(&env, "BOOTSTRAP_SERVER"), brokers);
    assert_eq!(
        env_value(&env, "TOPIC"),
        setting(&worker, "topics", "output")
    );
    let calls = bin.run(&shell_script(reader), &env, &[]);
    assert_eq!(calls.len(), 1, "{calls:?}");
    let call = &calls[0];
    assert_eq!(call[0], "kafka-console-consumer.sh");
    assert_eq!(
        flag(call, "--topic"),
        Some(setting(&worker, "topics", "output").as_str())
    );
    assert_eq!(flag(call, "--bootstrap-server"), Some(brokers.as_str()));
    assert!(call.contains(&"--from-beginning".to_owned()));
}

#[test]
fn the_worker_reaches_the_broker_on_its_internal_listener() {
    let c = compose();
    let worker = worker_settings(&c);
    let brokers = setting(&worker, "kafka", "bootstrap.servers");
    let (host, port) = brokers.split_once(':').expect("HOST:PORT");
    let kafka = service(&c, "kafka");
    assert!(
        host == "kafka" || kafka["hostname"].as_str() == Some(host),
        "{brokers} names the kafka service"
    );
    let env = environment(kafka);
    let listeners = |name: &str| -> BTreeMap<String, String> {
        env_value(&env, name)
            .split(',')
            .map(|l| {
                let (listener, addr) = l.split_once("://").expect("NAME://HOST:PORT");
                (listener.to_owned(), addr.to_owned())
            })
            .collect()
    };
    let advertised = listeners("KAFKA_ADVERTISED_LISTENERS");
    let (listener, _) = advertised
        .iter()
        .find(|(_, addr)| **addr == brokers)
        .unwrap_or_else(|| panic!("no advertised listener is {brokers}: {advertised:?}"));
    assert_eq!(
        listeners("KAFKA_LISTENERS")[listener],
        format!(":{port}"),
        "{listener} listens on {port}"
    );
    let protocols: BTreeMap<&str, &str> = env_value(&env, "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP")
        .split(',')
        .map(|p| p.split_once(':').unwrap())
        .collect();
    assert_eq!(protocols[listener.as_str()], "PLAINTEXT");
    let protocol = worker["kafka"]
        .get("security.protocol")
        .and_then(toml::Value::as_str)
        .unwrap_or("plaintext");
    assert!(
        protocol.eq_ignore_ascii_case("plaintext"),
        "the worker speaks the listener's protocol, not {protocol}"
    );
}

#[test]
fn the_broker_image_is_the_version_the_tests_run() {
    let c = compose();
    let script = read("scripts/kafka");
    let version = script
        .lines()
        .find_map(|l| l.strip_prefix("KAFKA_VERSION="))
        .expect("scripts/kafka sets KAFKA_VERSION");
    let image = format!("apache/kafka:{version}");
    for name in ["kafka", "topics", "producer", "reader"] {
        assert_eq!(
            service(&c, name)["image"].as_str(),
            Some(image.as_str()),
            "{name}"
        );
    }
    // The broker's health check asks the listener the other services use.
    let test = strings(&service(&c, "kafka")["healthcheck"]["test"]);
    let brokers = setting(&worker_settings(&c), "kafka", "bootstrap.servers");
    assert!(
        test[1].contains(&format!("--bootstrap-server {brokers}")),
        "{test:?}"
    );
    let bin = FakeKafkaBin::new("kafka-health");
    let calls = bin.run(&test[1], &[], &[]);
    assert_eq!(calls[0][0], "kafka-broker-api-versions.sh");
}

#[test]
fn the_worker_port_health_check_and_grace_period_match_its_settings() {
    let c = compose();
    let worker = worker_settings(&c);
    let newswire = service(&c, "newswire");
    let listen = setting(&worker, "telemetry", "http_listen");
    let port = listen.rsplit_once(':').unwrap().1;
    assert!(
        listen.starts_with("0.0.0.0:"),
        "reachable from outside the container: {listen}"
    );
    let ports = strings(&newswire["ports"]);
    assert!(
        ports.iter().any(|p| p.rsplit(':').next() == Some(port)),
        "{ports:?} publishes {port}"
    );
    let test = strings(&newswire["healthcheck"]["test"]);
    assert_eq!(test[..3], ["CMD", "newswire", "healthcheck"]);
    assert_eq!(
        dockerfile_expose(),
        port,
        "the Dockerfile EXPOSEs the same port"
    );
    let grace = compose_duration(
        newswire["stop_grace_period"]
            .as_str()
            .expect("stop_grace_period"),
    );
    // `newswire config` prints durations the same way (`30s`).
    let shutdown = compose_duration(&setting(&worker, "worker", "shutdown_timeout"));
    assert!(
        grace > shutdown,
        "stop_grace_period {grace:?} must exceed worker.shutdown_timeout {shutdown:?}"
    );
}

// --------------------------------------------------------- the Dockerfile --

/// One instruction: keyword (upper case) and its arguments, continuation
/// lines joined, comments dropped.
#[derive(Debug, Clone)]
struct Instruction {
    keyword: String,
    args: String,
}

fn dockerfile() -> Vec<Instruction> {
    let text = read("Dockerfile");
    let mut out = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('#') || (trimmed.is_empty() && current.is_empty()) {
            continue;
        }
        if let Some(body) = trimmed.strip_suffix('\\') {
            current.push_str(body);
            current.push(' ');
            continue;
        }
        current.push_str(trimmed);
        let (keyword, args) = current
            .split_once(char::is_whitespace)
            .unwrap_or((&current, ""));
        out.push(Instruction {
            keyword: keyword.to_ascii_uppercase(),
            args: args.split_whitespace().collect::<Vec<_>>().join(" "),
        });
        current.clear();
    }
    assert!(current.is_empty(), "the Dockerfile ends in a continuation");
    out
}

/// The instructions of each stage, from its FROM on.
fn stages() -> Vec<Vec<Instruction>> {
    let mut stages: Vec<Vec<Instruction>> = Vec::new();
    for i in dockerfile() {
        if i.keyword == "FROM" {
            stages.push(Vec::new());
        }
        stages
            .last_mut()
            .expect("the first instruction is FROM (or ARG)")
            .push(i);
    }
    stages
}

fn args_of<'a>(stage: &'a [Instruction], keyword: &str) -> Vec<&'a str> {
    stage
        .iter()
        .filter(|i| i.keyword == keyword)
        .map(|i| i.args.as_str())
        .collect()
}

/// The JSON (exec) form of an instruction's arguments.
fn exec_form(args: &str) -> Vec<String> {
    serde_json::from_str(args).unwrap_or_else(|e| panic!("not the JSON form: {args}: {e}"))
}

fn dockerfile_expose() -> String {
    let stages = stages();
    let expose = args_of(stages.last().unwrap(), "EXPOSE");
    assert_eq!(expose.len(), 1, "{expose:?}");
    expose[0].trim_end_matches("/tcp").to_owned()
}

/// The packages of the `apt-get install` commands in a stage.
fn apt_packages(stage: &[Instruction]) -> BTreeSet<String> {
    let mut packages = BTreeSet::new();
    for run in args_of(stage, "RUN") {
        for command in run.split("&&") {
            let words: Vec<&str> = command.split_whitespace().collect();
            if words.starts_with(&["apt-get", "install"]) {
                assert!(
                    words.contains(&"--no-install-recommends"),
                    "install only what is asked for: {command}"
                );
                assert!(run.contains("rm -rf /var/lib/apt/lists/*"), "{run}");
                packages.extend(
                    words[2..]
                        .iter()
                        .filter(|w| !w.starts_with('-'))
                        .map(|w| w.to_string()),
                );
            }
        }
    }
    packages
}

#[test]
fn dockerfile_is_well_formed() {
    // What hadolint would check first, for a machine without it.
    let known = [
        "FROM",
        "RUN",
        "CMD",
        "LABEL",
        "EXPOSE",
        "ENV",
        "ADD",
        "COPY",
        "ENTRYPOINT",
        "VOLUME",
        "USER",
        "WORKDIR",
        "ARG",
        "ONBUILD",
        "STOPSIGNAL",
        "HEALTHCHECK",
        "SHELL",
    ];
    let instructions = dockerfile();
    for i in &instructions {
        assert!(
            known.contains(&i.keyword.as_str()),
            "unknown instruction {i:?}"
        );
        assert_ne!(i.keyword, "ADD", "COPY, not ADD: {i:?}");
        if matches!(i.keyword.as_str(), "CMD" | "ENTRYPOINT") {
            exec_form(&i.args);
        }
    }
    assert_eq!(instructions[0].keyword, "FROM");
    for from in instructions.iter().filter(|i| i.keyword == "FROM") {
        let image = from.args.split_whitespace().next().unwrap();
        let tag = image.rsplit_once(':').map(|(_, t)| t);
        assert!(
            tag.is_some_and(|t| t != "latest"),
            "pin a tag, not latest: {image}"
        );
    }
    let text = read("Dockerfile");
    assert!(
        text.starts_with("# syntax=docker/dockerfile:1"),
        "BuildKit syntax for --mount"
    );
}

#[test]
fn dockerfile_builds_in_one_stage_and_runs_slim_as_a_user() {
    let stages = stages();
    assert!(stages.len() >= 2, "multi-stage");
    let builder = &stages[0];
    let runtime = stages.last().unwrap();
    let from = &builder[0].args;
    assert!(
        from.starts_with("rust:") && from.ends_with(" AS builder"),
        "{from}"
    );
    let build = args_of(builder, "RUN").join(" ");
    assert!(build.contains("cargo build --release --locked"), "{build}");
    // The C packages scripts/setup installs for librdkafka's build.
    let setup = read("scripts/setup");
    let list = setup
        .lines()
        .find_map(|l| l.strip_prefix("packages=("))
        .and_then(|l| l.strip_suffix(')'))
        .expect("scripts/setup lists packages=(...)");
    let wanted: Vec<&str> = list
        .split_whitespace()
        .filter(|p| !p.contains("jdk") && !p.contains("jre") && *p != "maven")
        .collect();
    assert!(wanted.contains(&"libssl-dev"), "{wanted:?}");
    let installed = apt_packages(builder);
    for p in &wanted {
        assert!(
            installed.contains(*p),
            "the builder lacks {p}: {installed:?}"
        );
    }

    assert!(runtime[0].args.starts_with("debian:") && runtime[0].args.contains("-slim"));
    let copies = args_of(runtime, "COPY");
    assert!(
        copies
            .iter()
            .any(|c| c.starts_with("--from=builder ") && c.ends_with(" /usr/local/bin/newswire")),
        "{copies:?}"
    );
    assert!(
        copies.iter().any(|c| c.starts_with("config/default.toml ")),
        "{copies:?}"
    );
    let user = args_of(runtime, "USER");
    let user = user.last().expect("a USER in the runtime stage");
    let name = user.split(':').next().unwrap();
    assert!(name != "root" && name != "0", "runs as {user}");
    let runs = args_of(runtime, "RUN").join(" ");
    assert!(
        runs.contains(&format!("useradd --system --uid {name} ")),
        "the user {user} is created in the image: {runs}"
    );
    let last_user = runtime.iter().rposition(|i| i.keyword == "USER").unwrap();
    let last_run = runtime.iter().rposition(|i| i.keyword == "RUN").unwrap();
    assert!(last_user > last_run, "nothing runs as root after USER");

    assert_eq!(exec_form(args_of(runtime, "ENTRYPOINT")[0]), ["newswire"]);
    assert_eq!(exec_form(args_of(runtime, "CMD")[0]), ["run"]);
    let health = args_of(runtime, "HEALTHCHECK");
    assert_eq!(health.len(), 1);
    let (options, command) = health[0]
        .split_once("CMD ")
        .expect("HEALTHCHECK ... CMD [...]");
    assert_eq!(exec_form(command), ["newswire", "healthcheck"]);
    for option in ["--interval=", "--timeout=", "--start-period="] {
        assert!(options.contains(option), "{options}");
    }
}

#[test]
fn dockerfile_environment_is_settings_the_worker_applies() {
    let stages = stages();
    let runtime = stages.last().unwrap();
    let env: Vec<(String, String)> = args_of(runtime, "ENV")
        .iter()
        .flat_map(|e| e.split_whitespace())
        .map(|kv| {
            let (k, v) = kv.split_once('=').expect("ENV KEY=VALUE");
            (k.to_owned(), v.trim_matches('"').to_owned())
        })
        .collect();
    let s = check_newswire_env("Dockerfile", &env);
    let listen = setting(&s, "telemetry", "http_listen");
    assert!(listen.starts_with("0.0.0.0:"), "{listen}");
    assert_eq!(listen.rsplit_once(':').unwrap().1, dockerfile_expose());
}

/// The runtime stage installs the Debian package of every shared library
/// the binary links, besides those every Debian image has.
#[test]
fn runtime_stage_installs_the_libraries_the_binary_links() {
    const IN_EVERY_DEBIAN_IMAGE: [&str; 2] = ["libc6", "libgcc-s1"];
    let out = Command::new("ldd")
        .arg(support::newswire_bin())
        .output()
        .unwrap();
    assert!(out.status.success());
    let ldd = String::from_utf8(out.stdout).unwrap();
    let stages = stages();
    let installed = apt_packages(stages.last().unwrap());
    let mut needed = BTreeSet::new();
    for line in ldd.lines() {
        let Some((_, path)) = line.split_once("=> ") else {
            continue;
        };
        let path = path.split(" (").next().unwrap().trim();
        if path.is_empty() {
            continue;
        }
        // Debian 12 has /lib -> usr/lib; dpkg knows each file under one name.
        let usr = format!("/usr{path}");
        let owner = [path, usr.as_str()]
            .iter()
            .find_map(|p| {
                let out = Command::new("dpkg").args(["-S", p]).output().ok()?;
                out.status.success().then(|| {
                    let text = String::from_utf8_lossy(&out.stdout).into_owned();
                    text.split(':').next().unwrap().trim().to_owned()
                })
            })
            .unwrap_or_else(|| panic!("no Debian package owns {path}"));
        needed.insert(owner);
    }
    assert!(needed.contains("libssl3"), "{needed:?}");
    for p in needed {
        assert!(
            IN_EVERY_DEBIAN_IMAGE.contains(&p.as_str()) || installed.contains(&p),
            "the binary links a library of {p}, which the runtime stage does not install ({installed:?})"
        );
    }
}

#[test]
fn dockerignore_keeps_build_output_and_caches_out_of_the_context() {
    let ignore = read(".dockerignore");
    let lines: BTreeSet<&str> = ignore
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    for entry in ["target", ".cache", ".git"] {
        assert!(lines.contains(entry), ".dockerignore lacks {entry}");
    }
    // ...but keeps what the build reads.
    for needed in [
        "src",
        "resources",
        "config",
        "Cargo.toml",
        "Cargo.lock",
        "build.rs",
    ] {
        assert!(
            !lines.iter().any(|l| l.trim_start_matches('/') == needed),
            ".dockerignore drops {needed}"
        );
    }
}
