//! The "limit" peer: a child process (`snoke-ws-bench limit-server`) with a
//! bare tokio-tungstenite server that answers pings with pongs, and a bare
//! axum server that answers every POST with `{"sent":1}` — no auth, no
//! registry, no parsing. Like the gateway it runs as a process of its own,
//! so its CPU is measured the same way and it does not share the bench's
//! runtime.

use std::net::SocketAddr;
use std::process::Stdio;
use std::time::{Duration, Instant};

use axum::http::header::{HeaderName, CONTENT_TYPE};
use axum::routing::post;
use axum::Router;
use futures_util::{SinkExt, StreamExt};
use snoke_ws_protocol::frame::PONG;
use tokio::net::TcpListener;
use tokio::process::{Child, Command};
use tokio_tungstenite::tungstenite::Message;

use super::ws::PING;
use crate::error::{Error, Result};

/// How long the child may take to listen.
const START_TIMEOUT: Duration = Duration::from_secs(10);

/// The limit server child process; killed when dropped.
pub struct LimitServer {
    addr: SocketAddr,
    http_addr: SocketAddr,
    pid: u32,
    _child: Child,
}

/// An address on 127.0.0.1 that was free a moment ago.
fn free_addr() -> Result<SocketAddr> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|probe| probe.local_addr())
        .map_err(|e| Error::io("finding a free port", e))
}

impl LimitServer {
    /// Starts `snoke-ws-bench limit-server` on two free 127.0.0.1 ports.
    pub async fn start() -> Result<Self> {
        let exe = std::env::current_exe().map_err(|e| Error::io("finding the bench binary", e))?;
        let addr = free_addr()?;
        let http_addr = free_addr()?;
        let mut child = Command::new(&exe)
            .arg("limit-server")
            .arg("--ws-listen")
            .arg(addr.to_string())
            .arg("--http-listen")
            .arg(http_addr.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| Error::io(format!("starting {} limit-server", exe.display()), e))?;
        let pid = child
            .id()
            .ok_or_else(|| Error::Protocol("limit server exited at once".into()))?;
        let deadline = Instant::now() + START_TIMEOUT;
        for listening in [addr, http_addr] {
            while tokio::net::TcpStream::connect(listening).await.is_err() {
                if let Ok(Some(status)) = child.try_wait() {
                    return Err(Error::Protocol(format!(
                        "limit server exited with {status}"
                    )));
                }
                if Instant::now() > deadline {
                    return Err(Error::Timeout(format!("limit server on {listening}")));
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
        Ok(Self {
            addr,
            http_addr,
            pid,
            _child: child,
        })
    }

    /// Where the WebSocket echo listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Where the HTTP side listens.
    pub fn http_addr(&self) -> SocketAddr {
        self.http_addr
    }

    /// Its process id (for /proc).
    pub fn pid(&self) -> u32 {
        self.pid
    }
}

/// The body of `snoke-ws-bench limit-server`: serves until killed.
pub async fn serve_forever(ws_listen: SocketAddr, http_listen: SocketAddr) -> Result<()> {
    let http = TcpListener::bind(http_listen)
        .await
        .map_err(|e| Error::io(format!("binding {http_listen}"), e))?;
    let app = Router::new().route("/internal/publish", post(sent_one));
    tokio::spawn(async move {
        let _ = axum::serve(http, app).await;
    });
    let listener = TcpListener::bind(ws_listen)
        .await
        .map_err(|e| Error::io(format!("binding {ws_listen}"), e))?;
    loop {
        let (tcp, _) = listener
            .accept()
            .await
            .map_err(|e| Error::io("accepting", e))?;
        tokio::spawn(serve(tcp));
    }
}

async fn sent_one() -> ([(HeaderName, &'static str); 1], &'static str) {
    ([(CONTENT_TYPE, "application/json")], r#"{"sent":1}"#)
}

async fn serve(tcp: tokio::net::TcpStream) {
    let _ = tcp.set_nodelay(true);
    let Ok(mut ws) = tokio_tungstenite::accept_async(tcp).await else {
        return;
    };
    while let Some(Ok(msg)) = ws.next().await {
        let is_ping = matches!(&msg, Message::Text(t) if t.as_str() == PING);
        // tungstenite answers a close itself; the loop ends once it is sent.
        if is_ping && ws.send(Message::text(PONG)).await.is_err() {
            return;
        }
    }
}
