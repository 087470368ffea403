//! The "limit" peer: a bare tokio-tungstenite server in the bench process
//! that answers pings with pongs, no auth, no registry, nothing else. It
//! shows what WebSocket framing itself costs on this machine.

use std::net::SocketAddr;

use futures_util::{SinkExt, StreamExt};
use snoke_ws_protocol::frame::PONG;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::Message;

use super::ws::PING;
use crate::error::{Error, Result};

/// A running echo server; stopped when dropped.
pub struct EchoServer {
    addr: SocketAddr,
    task: JoinHandle<()>,
}

impl EchoServer {
    /// Listens on a free 127.0.0.1 port.
    pub async fn start() -> Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(|e| Error::io("binding the echo server", e))?;
        let addr = listener
            .local_addr()
            .map_err(|e| Error::io("echo server address", e))?;
        let task = tokio::spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                tokio::spawn(serve(tcp));
            }
        });
        Ok(Self { addr, task })
    }

    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
}

impl Drop for EchoServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(tcp: tokio::net::TcpStream) {
    let _ = tcp.set_nodelay(true);
    let Ok(mut ws) = tokio_tungstenite::accept_async(tcp).await else {
        return;
    };
    while let Some(Ok(msg)) = ws.next().await {
        match msg {
            Message::Text(t) if t.as_str() == PING => {
                if ws.send(Message::text(PONG)).await.is_err() {
                    return;
                }
            }
            // tungstenite answers the close itself; the loop ends when it is sent.
            _ => {}
        }
    }
}
