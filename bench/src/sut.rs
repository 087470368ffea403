//! The system under test: a fresh gateway process per scenario, on a free
//! 127.0.0.1 port, stopped with SIGTERM.

use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use tokio::process::{Child, Command};

use crate::error::{Error, Result};
use crate::load::http::HttpConn;

/// How long a gateway may take to answer 200 on `/ready`.
const READY_TIMEOUT: Duration = Duration::from_secs(20);
/// How long SIGTERM may take before the process is killed.
const STOP_TIMEOUT: Duration = Duration::from_secs(20);
/// Attempts at finding a port nobody else grabbed in between.
const START_ATTEMPTS: usize = 3;

/// A running gateway.
pub struct Gateway {
    child: Child,
    pid: u32,
    addr: SocketAddr,
}

/// A port that was free a moment ago.
fn free_port() -> Result<u16> {
    let listener =
        TcpListener::bind("127.0.0.1:0").map_err(|e| Error::io("finding a free port", e))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| Error::io("finding a free port", e))
}

impl Gateway {
    /// Starts `bin` with exactly `env` (plus `PATH` and `GATEWAY_LISTEN`) and
    /// waits until `/ready` answers 200.
    pub async fn start(bin: &Path, env: &[(String, String)]) -> Result<Self> {
        let mut last = Error::Gateway("not started".into());
        for _ in 0..START_ATTEMPTS {
            match Self::start_once(bin, env).await {
                Ok(gw) => return Ok(gw),
                Err(e) => last = e,
            }
        }
        Err(last)
    }

    async fn start_once(bin: &Path, env: &[(String, String)]) -> Result<Self> {
        let addr = SocketAddr::from(([127, 0, 0, 1], free_port()?));
        let mut child = Command::new(bin)
            // Nothing from the caller's environment (a stray REDIS_DSN...) leaks in.
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .env("GATEWAY_LISTEN", addr.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| Error::io(format!("starting {}", bin.display()), e))?;
        let pid = child
            .id()
            .ok_or_else(|| Error::Gateway("exited at once".into()))?;
        let deadline = Instant::now() + READY_TIMEOUT;
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                return Err(Error::Gateway(format!(
                    "exited with {status} before /ready"
                )));
            }
            if let Ok(mut conn) = HttpConn::connect(addr).await {
                if let Ok((status, _)) = conn.get("/ready").await {
                    if status.is_success() {
                        return Ok(Self { child, pid, addr });
                    }
                }
            }
            if Instant::now() > deadline {
                let _ = child.kill().await;
                return Err(Error::Timeout(format!(
                    "gateway on {addr} not ready after {READY_TIMEOUT:?}"
                )));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Process id (for /proc).
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The current value of a Prometheus metric without labels.
    pub async fn metric(&self, name: &str) -> Result<f64> {
        let mut conn = HttpConn::connect(self.addr).await?;
        let (status, body) = conn.get("/metrics").await?;
        if !status.is_success() {
            return Err(Error::Gateway(format!("/metrics answered {status}")));
        }
        let text = String::from_utf8_lossy(&body);
        parse_metric(&text, name).ok_or_else(|| Error::Gateway(format!("/metrics has no {name}")))
    }

    /// SIGTERM, then waits for the exit (killed after [`STOP_TIMEOUT`]).
    pub async fn stop(mut self) -> Result<()> {
        let pid = libc::pid_t::try_from(self.pid)
            .map_err(|_| Error::Gateway(format!("pid {} out of range", self.pid)))?;
        // SAFETY: kill only sends a signal to our own child.
        unsafe {
            libc::kill(pid, libc::SIGTERM);
        }
        match tokio::time::timeout(STOP_TIMEOUT, self.child.wait()).await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) => Err(Error::io("waiting for the gateway", e)),
            Err(_) => {
                let _ = self.child.kill().await;
                Err(Error::Timeout(format!(
                    "gateway did not exit within {STOP_TIMEOUT:?} of SIGTERM"
                )))
            }
        }
    }
}

/// The value of `name` (a metric without labels) in Prometheus text.
pub fn parse_metric(text: &str, name: &str) -> Option<f64> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' '))
        .and_then(|v| v.trim().parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metric_lines_are_found_by_exact_name() {
        let text = "# TYPE ws_connections_open gauge\nws_connections_open_x 3\nws_connections_open 10000\n";
        assert_eq!(parse_metric(text, "ws_connections_open"), Some(10000.0));
        assert_eq!(parse_metric(text, "ws_connections"), None);
    }
}
