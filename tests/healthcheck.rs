//! `newswire healthcheck` (the container image's HEALTHCHECK) against the
//! worker's real HTTP endpoint: exit 0 only on a 200, 1 otherwise — never
//! Docker's reserved 2, not even for a bad setting.

mod support;

use std::net::TcpListener;
use std::process::{Command, Output};

use newswire::telemetry::http::HttpServer;
use newswire::telemetry::Telemetry;

/// Runs `newswire healthcheck ARGS` with only `env` (and PATH) set.
async fn healthcheck(args: &[&str], env: &[(&str, String)]) -> Output {
    let mut cmd = Command::new(support::newswire_bin());
    cmd.arg("healthcheck")
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default());
    for (k, v) in env {
        cmd.env(k, v);
    }
    tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exits_0_on_a_live_endpoint_asking_loopback_for_an_unspecified_address() {
    let server = HttpServer::start("127.0.0.1:0".parse().unwrap(), Telemetry::new())
        .await
        .unwrap();
    let port = server.local_addr().port();
    // As in the container, where the worker listens on 0.0.0.0: the check
    // asks loopback.
    let out = healthcheck(
        &[],
        &[("NEWSWIRE_TELEMETRY_HTTP_LISTEN", format!("0.0.0.0:{port}"))],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "ok\n");
    // The flag wins over the environment, as for `newswire run`.
    let out = healthcheck(
        &["--http-listen", &format!("127.0.0.1:{port}")],
        &[("NEWSWIRE_TELEMETRY_HTTP_LISTEN", "127.0.0.1:1".to_owned())],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ready_exits_1_with_the_reason_before_the_worker_joins_its_group() {
    let server = HttpServer::start("127.0.0.1:0".parse().unwrap(), Telemetry::new())
        .await
        .unwrap();
    let addr = server.local_addr().to_string();
    let out = healthcheck(
        &["--ready"],
        &[("NEWSWIRE_TELEMETRY_HTTP_LISTEN", addr.clone())],
    )
    .await;
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(&format!("http://{addr}/readyz answered 503: not ready")),
        "{stderr}"
    );
}

#[tokio::test]
async fn exits_1_when_nothing_listens_or_the_endpoint_is_off_or_a_setting_is_bad() {
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let out = healthcheck(
        &["--timeout", "2"],
        &[(
            "NEWSWIRE_TELEMETRY_HTTP_LISTEN",
            format!("127.0.0.1:{port}"),
        )],
    )
    .await;
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains(&format!("http://127.0.0.1:{port}/healthz: ")),
        "{}",
        text(&out.stderr)
    );

    let out = healthcheck(&[], &[("NEWSWIRE_TELEMETRY_HTTP_LISTEN", String::new())]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("telemetry.http_listen is \"\""),
        "{}",
        text(&out.stderr)
    );

    let out = healthcheck(&[], &[("NEWSWIRE_WORKER_MAX_IN_FLIGHT", "0".to_owned())]).await;
    assert_eq!(out.status.code(), Some(1), "not 2: Docker reserves it");
    assert!(
        text(&out.stderr).contains("invalid setting worker.max_in_flight"),
        "{}",
        text(&out.stderr)
    );
}
