//! `newswire run`: the Kafka worker.
//!
//! Loads the settings, installs logging, starts the HTTP endpoint and runs
//! [`pipeline::run`] until SIGINT or SIGTERM, then stops gracefully: no more
//! fetching, in-flight records finished and acknowledged, offsets committed.
//! A second signal exits at once (status 130); nothing acknowledged is lost
//! and nothing unacknowledged was committed, so the next start resumes
//! correctly either way.
//!
//! Exit status: 0 after a clean stop; 1 when the pipeline failed (a fatal
//! produce error, a missing topic, a stop past `worker.shutdown_timeout`);
//! 2 when the configuration is invalid or the worker cannot start.

use std::future::Future;
use std::process::ExitCode;
use std::sync::Arc;

use tokio::signal::unix::{signal, SignalKind};
use tracing::{error, info, warn};

use super::settings::SettingsArgs;
use crate::config::Settings;
use crate::enrich::{Engine, ENGINE};
use crate::pipeline;
use crate::telemetry::http::HttpServer;
use crate::telemetry::Telemetry;

/// Arguments of `newswire run`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The settings layers to merge.
    #[command(flatten)]
    pub settings: SettingsArgs,
}

/// Runs the worker until a signal stops it.
pub fn run(args: Args) -> ExitCode {
    let settings = match args.settings.load_and_log() {
        Ok(s) => s,
        Err(code) => return code,
    };
    for name in args.settings.ignored_env() {
        warn!(variable = %name, "{}", super::config::ignored_message(&name));
    }
    // A panic (in the core, say: the pipeline catches it and dead-letters
    // the record) is logged as one log line, so JSON logs stay JSON.
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let thread = std::thread::current()
            .name()
            .unwrap_or("unnamed")
            .to_owned();
        error!(%location, %thread, "panic: {message}");
    }));
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("newswire-rt")
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            error!("cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    runtime.block_on(serve(settings))
}

async fn serve(settings: Settings) -> ExitCode {
    // Signal handlers first, so that a SIGTERM during start-up is ours.
    let shutdown = match shutdown_signal() {
        Ok(s) => s,
        Err(e) => {
            error!("cannot install signal handlers: {e}");
            return ExitCode::from(2);
        }
    };
    let (_, librdkafka) = rdkafka::util::get_rdkafka_version();
    let kafka = &settings.kafka;
    info!(
        version = env!("CARGO_PKG_VERSION"),
        engine = ENGINE,
        librdkafka = %librdkafka,
        brokers = kafka.bootstrap_servers(),
        security_protocol = kafka.display_value("security.protocol").unwrap_or("plaintext"),
        sasl_mechanism = kafka.display_value("sasl.mechanisms").or(kafka.display_value("sasl.mechanism")).unwrap_or("none"),
        input = %settings.topics.input,
        output = %settings.topics.output,
        dead_letter = %settings.topics.dead_letter,
        group = %settings.consumer.group,
        "newswire {} starting: {} -> {} (dead letters: {})",
        env!("CARGO_PKG_VERSION"),
        settings.topics.input,
        settings.topics.output,
        settings.topics.dead_letter
    );
    let engine = match Engine::new() {
        Ok(e) => e,
        Err(e) => {
            error!("cannot load the language resources: {e}");
            return ExitCode::from(2);
        }
    };
    let telemetry = Telemetry::new();
    let _http = match settings.telemetry.http_addr() {
        None => None,
        Some(addr) => match HttpServer::start(addr, telemetry.clone()).await {
            Ok(server) => Some(server),
            Err(e) => {
                error!("cannot listen on telemetry.http_listen = {addr}: {e}");
                return ExitCode::from(2);
            }
        },
    };
    match pipeline::run(&settings, Arc::new(engine), telemetry, shutdown).await {
        Ok(()) => {
            info!("newswire stopped cleanly");
            ExitCode::SUCCESS
        }
        Err(e) => {
            error!("newswire stopped: {e}");
            ExitCode::from(1)
        }
    }
}

/// Resolves on the first SIGINT or SIGTERM; a second one exits at once.
fn shutdown_signal() -> std::io::Result<impl Future<Output = ()>> {
    let mut term = signal(SignalKind::terminate())?;
    let mut int = signal(SignalKind::interrupt())?;
    Ok(async move {
        let name = tokio::select! {
            _ = term.recv() => "SIGTERM",
            _ = int.recv() => "SIGINT",
        };
        info!("{name} received: stopping gracefully (send it again to exit at once)");
        tokio::spawn(async move {
            tokio::select! {
                _ = term.recv() => {}
                _ = int.recv() => {}
            }
            warn!(
                "second signal: exiting now; records not yet acknowledged will be consumed again"
            );
            std::process::exit(130);
        });
    })
}
