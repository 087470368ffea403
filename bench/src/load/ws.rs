//! WebSocket clients of the gateway.

use std::net::SocketAddr;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt, TryStreamExt};
use snoke_ws_protocol::frame::PONG;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

use crate::error::{Error, Result};

/// A client connection.
pub type Ws = WebSocketStream<TcpStream>;

/// The client frame the gateway answers with `{"type":"pong"}`.
pub const PING: &str = r#"{"type":"ping"}"#;

/// How long one connect + upgrade + ping→pong may take.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);

fn client_config() -> WebSocketConfig {
    // Thousands of idle clients live in this process: keep their buffers small
    // so the bench's own memory does not crowd the machine.
    WebSocketConfig::default()
        .read_buffer_size(4096)
        .write_buffer_size(0)
}

/// Connects and upgrades `/ws?token=…` (no proof of auth yet).
pub async fn connect(server: SocketAddr, token: &str) -> Result<Ws> {
    let tcp = super::addr::connect(server).await?;
    let url = format!("ws://{server}/ws?token={token}");
    let (ws, _) = tokio_tungstenite::client_async_with_config(url, tcp, Some(client_config()))
        .await
        .map_err(|e| Error::ws("upgrade", e))?;
    Ok(ws)
}

/// Sends a ping and waits for the pong: proof that the connection is open
/// and authenticated (a refused token gets close 4401 instead).
pub async fn ping_pong(ws: &mut Ws) -> Result<()> {
    ping_pong_within(ws, CONNECT_TIMEOUT).await
}

/// [`ping_pong`], failing when the pong takes longer than `timeout`.
pub async fn ping_pong_within(ws: &mut Ws, timeout: Duration) -> Result<()> {
    ws.send(Message::text(PING))
        .await
        .map_err(|e| Error::ws("sending ping", e))?;
    let wait = async {
        loop {
            match ws.next().await {
                Some(Ok(Message::Text(text))) if text.as_str() == PONG => return Ok(()),
                Some(Ok(Message::Close(frame))) => {
                    return Err(Error::Protocol(format!(
                        "closed instead of pong: {}",
                        frame.map(|f| f.code.to_string()).unwrap_or_default()
                    )))
                }
                Some(Ok(_)) => {}
                Some(Err(e)) => return Err(Error::ws("waiting for pong", e)),
                None => return Err(Error::Protocol("connection ended before pong".into())),
            }
        }
    };
    tokio::time::timeout(timeout, wait)
        .await
        .map_err(|_| Error::Timeout("pong".into()))?
}

/// Connect, upgrade and prove auth with a ping→pong, bounded by [`CONNECT_TIMEOUT`].
pub async fn connect_authenticated(server: SocketAddr, token: &str) -> Result<Ws> {
    let open = async {
        let mut ws = connect(server, token).await?;
        ping_pong(&mut ws).await?;
        Ok(ws)
    };
    tokio::time::timeout(CONNECT_TIMEOUT, open)
        .await
        .map_err(|_| Error::Timeout(format!("connecting to {server}")))?
}

/// Opens `count` authenticated clients, client `i` with `tokens[i % len]`,
/// `concurrency` at a time, in order.
pub async fn open_many(
    server: SocketAddr,
    tokens: &[String],
    count: usize,
    concurrency: usize,
) -> Result<Vec<Ws>> {
    if tokens.is_empty() {
        return Err(Error::Usage("no tokens to connect with".into()));
    }
    futures_util::stream::iter(0..count)
        .map(|i| connect_authenticated(server, &tokens[i % tokens.len()]))
        .buffered(concurrency)
        .try_collect()
        .await
}

/// Closes a client politely and waits (briefly) for the server's close.
pub async fn close(mut ws: Ws) {
    let finish = async {
        if ws.close(None).await.is_ok() {
            while let Some(Ok(_)) = ws.next().await {}
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(2), finish).await;
}

/// Frames sent before each flush of a burst.
const BURST_FLUSH: usize = 64;

/// Sends `{"type":"bench","seq":…,"t":…}` for every `seq` as fast as the
/// socket takes them (stamped when queued), flushing every few frames.
pub async fn send_burst(ws: &mut Ws, seqs: impl Iterator<Item = u64>) -> Result<u64> {
    let mut sent = 0u64;
    for seq in seqs {
        let text = format!(
            r#"{{"type":"bench","seq":{seq},"t":{}}}"#,
            super::receivers::now_us()
        );
        ws.feed(Message::text(text))
            .await
            .map_err(|e| Error::ws("sending a message", e))?;
        sent += 1;
        if sent as usize % BURST_FLUSH == 0 {
            ws.flush().await.map_err(|e| Error::ws("flushing", e))?;
        }
    }
    ws.flush().await.map_err(|e| Error::ws("flushing", e))?;
    Ok(sent)
}
