//! `snoke-ws-gateway`: reads the environment, binds `GATEWAY_LISTEN` and runs
//! until SIGTERM or SIGINT.
//!
//! `snoke-ws-gateway healthcheck [host:port]` instead asks a running gateway
//! for `GET /health` and exits 0 (healthy) or 1: a container image without a
//! shell or curl (distroless) uses it as its `HEALTHCHECK`.

use std::process::ExitCode;

use snoke_ws_gateway::config::{Config, Environment};
use snoke_ws_gateway::{logging, run};
use tokio::net::TcpListener;

const USAGE: &str = "usage: snoke-ws-gateway                      run the gateway (configured by environment variables)
       snoke-ws-gateway healthcheck [host:port]  GET /health of a running gateway (default: GATEWAY_LISTEN); exit 0 when it answers 200";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [] => serve(),
        ["healthcheck"] => healthcheck::run(None),
        ["healthcheck", target] => healthcheck::run(Some(target)),
        ["-h" | "--help" | "help"] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("snoke-ws-gateway: unexpected arguments {args:?}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

#[tokio::main]
async fn serve() -> ExitCode {
    let config = match Config::from_source(&Environment) {
        Ok(config) => config,
        Err(errors) => {
            eprintln!("snoke-ws-gateway: {errors}");
            return ExitCode::from(2);
        }
    };
    logging::init(&config.log);
    let listener = match TcpListener::bind(config.listen).await {
        Ok(listener) => listener,
        Err(err) => {
            eprintln!(
                "snoke-ws-gateway: cannot listen on {}: {err}",
                config.listen
            );
            return ExitCode::FAILURE;
        }
    };
    match run(listener, config, shutdown_signal()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("snoke-ws-gateway: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Resolves on SIGTERM or SIGINT.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            eprintln!("snoke-ws-gateway: cannot listen for SIGINT: {err}");
            std::future::pending::<()>().await;
        }
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut sigterm) => {
                sigterm.recv().await;
            }
            Err(err) => {
                eprintln!("snoke-ws-gateway: cannot listen for SIGTERM: {err}");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}

/// The `healthcheck` subcommand: one blocking HTTP/1.1 request with std only,
/// so the probe needs no runtime, no TLS and nothing in the image but the binary.
mod healthcheck {
    use std::io::{Read, Write};
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream, ToSocketAddrs};
    use std::process::ExitCode;
    use std::time::Duration;

    use snoke_ws_gateway::config::names::GATEWAY_LISTEN;

    /// Connect, write and read limit each; a probe must fail fast, not hang.
    const TIMEOUT: Duration = Duration::from_secs(3);

    /// Probes `target` (`host:port`), else the address in `GATEWAY_LISTEN`,
    /// else the gateway's default `0.0.0.0:8000`.
    pub fn run(target: Option<&str>) -> ExitCode {
        let target = target
            .map(str::to_owned)
            .or_else(|| {
                std::env::var(GATEWAY_LISTEN)
                    .ok()
                    .filter(|v| !v.trim().is_empty())
            })
            .unwrap_or_else(|| "0.0.0.0:8000".to_owned());
        match probe(target.trim()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(reason) => {
                eprintln!("snoke-ws-gateway healthcheck: {target}: {reason}");
                ExitCode::FAILURE
            }
        }
    }

    fn probe(target: &str) -> Result<(), String> {
        let addr = resolve(target)?;
        let mut stream = TcpStream::connect_timeout(&addr, TIMEOUT)
            .map_err(|err| format!("cannot connect to {addr}: {err}"))?;
        stream
            .set_read_timeout(Some(TIMEOUT))
            .and_then(|()| stream.set_write_timeout(Some(TIMEOUT)))
            .map_err(|err| format!("cannot set socket timeouts: {err}"))?;
        let request =
            format!("GET /health HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nAccept: application/json\r\n\r\n");
        stream
            .write_all(request.as_bytes())
            .map_err(|err| format!("cannot send the request: {err}"))?;
        // The status line is all we need; /health answers a few bytes anyway.
        let mut head = Vec::with_capacity(256);
        stream
            .take(4096)
            .read_to_end(&mut head)
            .map_err(|err| format!("no answer: {err}"))?;
        let head = String::from_utf8_lossy(&head);
        let status_line = head.lines().next().unwrap_or_default();
        match status_line.split_whitespace().nth(1) {
            Some("200") => Ok(()),
            Some(status) => Err(format!("GET /health answered {status}")),
            None => Err(format!("not an HTTP answer: {status_line:?}")),
        }
    }

    /// A gateway listening on the unspecified address is probed on loopback.
    fn resolve(target: &str) -> Result<SocketAddr, String> {
        let mut addr = target
            .to_socket_addrs()
            .map_err(|err| format!("not a host:port address: {err}"))?
            .next()
            .ok_or_else(|| "the address resolves to nothing".to_owned())?;
        if addr.ip().is_unspecified() {
            addr.set_ip(match addr.ip() {
                IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::LOCALHOST),
                IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::LOCALHOST),
            });
        }
        Ok(addr)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn unspecified_listen_address_is_probed_on_loopback() {
            assert_eq!(
                resolve("0.0.0.0:8000").unwrap(),
                "127.0.0.1:8000".parse().unwrap()
            );
            assert_eq!(resolve("[::]:8000").unwrap(), "[::1]:8000".parse().unwrap());
            assert_eq!(
                resolve("127.0.0.2:81").unwrap(),
                "127.0.0.2:81".parse().unwrap()
            );
        }

        #[test]
        fn rejects_an_address_without_port() {
            assert!(resolve("localhost").is_err());
        }

        #[test]
        fn a_closed_port_is_unhealthy() {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            let addr = listener.local_addr().unwrap();
            drop(listener);
            assert!(probe(&addr.to_string()).is_err());
        }

        #[test]
        fn a_non_200_answer_is_unhealthy() {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            let addr = listener.local_addr().unwrap();
            let server = std::thread::spawn(move || {
                let (mut conn, _) = listener.accept().unwrap();
                let mut buf = [0u8; 512];
                let _ = conn.read(&mut buf);
                conn.write_all(b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\n\r\n")
                    .unwrap();
            });
            let err = probe(&addr.to_string()).unwrap_err();
            server.join().unwrap();
            assert!(err.contains("503"), "{err}");
        }
    }
}
