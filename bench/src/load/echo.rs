//! The "limit" peer of the WebSocket figures: a bare tokio-tungstenite server
//! that answers pings with pongs — no auth, no registry, nothing else. It
//! runs as a child process (`snoke-ws-bench echo-server`), like the gateway,
//! so its CPU is measured the same way and it does not share the bench's
//! runtime.

use std::net::SocketAddr;
use std::process::Stdio;
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use snoke_ws_protocol::frame::PONG;
use tokio::net::TcpListener;
use tokio::process::{Child, Command};
use tokio_tungstenite::tungstenite::Message;

use super::ws::PING;
use crate::error::{Error, Result};

/// How long the child may take to listen.
const START_TIMEOUT: Duration = Duration::from_secs(10);

/// The echo server child process; killed when dropped.
pub struct EchoServer {
    addr: SocketAddr,
    pid: u32,
    _child: Child,
}

impl EchoServer {
    /// Starts `snoke-ws-bench echo-server` on a free 127.0.0.1 port.
    pub async fn start() -> Result<Self> {
        let exe = std::env::current_exe().map_err(|e| Error::io("finding the bench binary", e))?;
        let probe = std::net::TcpListener::bind("127.0.0.1:0")
            .map_err(|e| Error::io("finding a free port", e))?;
        let addr = probe
            .local_addr()
            .map_err(|e| Error::io("finding a free port", e))?;
        drop(probe);
        let mut child = Command::new(&exe)
            .arg("echo-server")
            .arg("--listen")
            .arg(addr.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| Error::io(format!("starting {} echo-server", exe.display()), e))?;
        let pid = child
            .id()
            .ok_or_else(|| Error::Protocol("echo server exited at once".into()))?;
        let deadline = Instant::now() + START_TIMEOUT;
        while tokio::net::TcpStream::connect(addr).await.is_err() {
            if let Ok(Some(status)) = child.try_wait() {
                return Err(Error::Protocol(format!("echo server exited with {status}")));
            }
            if Instant::now() > deadline {
                return Err(Error::Timeout(format!("echo server on {addr}")));
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        Ok(Self {
            addr,
            pid,
            _child: child,
        })
    }

    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Its process id (for /proc).
    pub fn pid(&self) -> u32 {
        self.pid
    }
}

/// The body of `snoke-ws-bench echo-server`: serves until killed.
pub async fn serve_forever(listen: SocketAddr) -> Result<()> {
    let listener = TcpListener::bind(listen)
        .await
        .map_err(|e| Error::io(format!("binding {listen}"), e))?;
    loop {
        let (tcp, _) = listener
            .accept()
            .await
            .map_err(|e| Error::io("accepting", e))?;
        tokio::spawn(serve(tcp));
    }
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
