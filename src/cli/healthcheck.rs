//! `newswire healthcheck`: asks a running worker whether it is alive, for
//! container health checks in images that have no curl.
//!
//! GETs `http://<telemetry.http_listen>/healthz` (`/readyz` with `--ready`)
//! and exits 0 when the answer is 200, else 1 — the two statuses Docker's
//! `HEALTHCHECK` reads as healthy and unhealthy (it reserves 2). An
//! unspecified listen address (`0.0.0.0`, `::`) is asked on loopback. The
//! settings come from the same layers as `newswire run` (defaults, file,
//! `NEWSWIRE_*` environment, flags), so inside a container it follows the
//! worker's own `NEWSWIRE_TELEMETRY_HTTP_LISTEN`.

use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream};
use std::process::ExitCode;
use std::time::Duration;

use super::settings::SettingsArgs;

/// Arguments of `newswire healthcheck`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The settings layers to merge (only telemetry.http_listen is used).
    #[command(flatten)]
    pub settings: SettingsArgs,
    /// Ask /readyz (joined the group, a broker reachable) instead of /healthz.
    #[arg(long)]
    pub ready: bool,
    /// Seconds to wait for the connection and for the answer.
    #[arg(long, value_name = "SECONDS", default_value_t = 3)]
    pub timeout: u64,
}

/// Runs `newswire healthcheck`.
pub fn run(args: Args) -> ExitCode {
    let path = if args.ready { "/readyz" } else { "/healthz" };
    match check(&args, path) {
        Ok(body) => {
            println!("{}", body.trim_end());
            ExitCode::SUCCESS
        }
        Err(why) => {
            eprintln!("newswire healthcheck: {why}");
            ExitCode::from(1)
        }
    }
}

/// The body of a 200 answer, or why there was none.
fn check(args: &Args, path: &str) -> Result<String, String> {
    let settings = args.settings.load()?;
    let listen = settings.telemetry.http_addr().ok_or_else(|| {
        "telemetry.http_listen is \"\": the worker serves no health endpoint".to_owned()
    })?;
    let addr = SocketAddr::new(reachable(listen.ip()), listen.port());
    let url = format!("http://{addr}{path}");
    let timeout = Duration::from_secs(args.timeout.max(1));
    let (status, body) = get(addr, path, timeout).map_err(|e| format!("{url}: {e}"))?;
    if status == 200 {
        Ok(body)
    } else {
        Err(format!("{url} answered {status}: {}", body.trim_end()))
    }
}

/// Where to reach a server listening on `ip`: loopback for "every address".
fn reachable(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(v4) if v4.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(v6) if v6.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        other => other,
    }
}

/// One HTTP/1.1 GET: the status code and the body.
fn get(addr: SocketAddr, path: &str, timeout: Duration) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect_timeout(&addr, timeout)?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut answer = Vec::new();
    stream.take(64 * 1024).read_to_end(&mut answer)?;
    let text = String::from_utf8_lossy(&answer);
    let bad = || std::io::Error::new(std::io::ErrorKind::InvalidData, "not an HTTP answer");
    let status = text
        .strip_prefix("HTTP/1.")
        .and_then(|rest| rest.get(2..5))
        .and_then(|code| code.parse().ok())
        .ok_or_else(bad)?;
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, body)| body)
        .to_owned();
    Ok((status, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unspecified_addresses_are_asked_on_loopback() {
        assert_eq!(
            reachable("0.0.0.0".parse().unwrap()),
            IpAddr::V4(Ipv4Addr::LOCALHOST)
        );
        assert_eq!(
            reachable("::".parse().unwrap()),
            IpAddr::V6(Ipv6Addr::LOCALHOST)
        );
        assert_eq!(
            reachable("10.1.2.3".parse().unwrap()),
            "10.1.2.3".parse::<IpAddr>().unwrap()
        );
    }
}
