//! One client's session: register, exchange frames, unregister.
//!
//! Generic over the socket's `Sink`/`Stream` halves, so unit tests drive it
//! with channels. Reading and writing run side by side: the reader handles
//! client frames, the writer drains the connection's [`Outbox`].

use std::error::Error as _;
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::extract::ws::{CloseFrame, Message, Utf8Bytes};
use futures_util::future::OptionFuture;
use futures_util::{Sink, SinkExt, Stream, StreamExt};
use serde_json::{Map, Value};
use snoke_ws_protocol::frame::{close_code, HEARTBEAT_ACK, PONG, RATE_LIMITED};
use snoke_ws_protocol::{ConnectionInfo, Event, EventKind};

use super::frame::{classify, traceparent, Inbound};
use super::outbox::{Outbound, Outbox};
use super::rate_limit::TokenBucket;
use crate::auth::Identity;
use crate::broker::ordering::ordering_key;
use crate::broker::redis::RedisPresence;
use crate::broker::EventDispatcher;
use crate::config::{OrderingSettings, WsSettings};
use crate::hub::{Connection, Hub};
use crate::metrics::Metrics;

/// How long a client gets to answer our close frame.
const CLOSE_HANDSHAKE: Duration = Duration::from_secs(1);
/// How long the writer may take to flush after the client stopped sending.
const WRITER_DRAIN: Duration = Duration::from_secs(5);
/// How long a client that is being closed may block the close frame before
/// the socket is dropped (a client that never reads must not pin a session).
const CLOSE_GRACE: Duration = Duration::from_secs(5);

/// What every session shares.
pub struct SessionContext {
    /// The connection registry.
    pub hub: Arc<Hub>,
    /// Where connection events go.
    pub events: Arc<EventDispatcher>,
    /// Counters.
    pub metrics: Arc<Metrics>,
    /// Frame limits.
    pub ws: WsSettings,
    /// How `message_received` events get their ordering key.
    pub ordering: OrderingSettings,
    /// Redis presence, when configured.
    pub presence: Option<Arc<RedisPresence>>,
    /// Sessions still running (their `disconnected` event not yet emitted).
    pub live: LiveSessions,
}

/// Counts running sessions, so shutdown can wait until every session has
/// emitted its last event (the hub empties earlier: a connection leaves it
/// before `disconnected` is emitted).
#[derive(Debug, Default)]
pub struct LiveSessions {
    count: AtomicUsize,
    ended: tokio::sync::Notify,
}

impl LiveSessions {
    fn enter(&self) -> LiveGuard<'_> {
        self.count.fetch_add(1, Ordering::SeqCst);
        LiveGuard(self)
    }

    /// Waits until no session is running, at most `limit`; true if none is.
    pub async fn wait_none(&self, limit: Duration) -> bool {
        let wait = async {
            loop {
                let ended = self.ended.notified();
                if self.count.load(Ordering::SeqCst) == 0 {
                    return;
                }
                ended.await;
            }
        };
        tokio::time::timeout(limit, wait).await.is_ok()
    }
}

struct LiveGuard<'a>(&'a LiveSessions);

impl Drop for LiveGuard<'_> {
    fn drop(&mut self) {
        if self.0.count.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.0.ended.notify_waiters();
        }
    }
}

/// Runs an authenticated client's session to its end.
///
/// The connection is in the registry before `connected` is emitted and out of
/// it before `disconnected` is emitted, so Symfony reacting to either event
/// sees presence already updated.
pub async fn serve<S, R>(sink: S, mut stream: R, identity: Identity, ctx: Arc<SessionContext>)
where
    S: Sink<Message> + Unpin + Send,
    R: Stream<Item = Result<Message, axum::Error>> + Unpin + Send,
{
    let info = ConnectionInfo {
        connection_id: uuid::Uuid::new_v4().to_string(),
        subjects: vec![format!("user:{}", identity.user_id)],
        user_id: identity.user_id,
        connected_at: unix_now(),
    };
    let _live = ctx.live.enter();
    let Some(conn) = ctx.hub.register(info) else {
        refuse(sink, stream, close_code::GOING_AWAY, "server shutting down").await;
        return;
    };
    if let Some(presence) = &ctx.presence {
        presence.connected(&conn.info).await;
    }
    ctx.metrics.ws_connections.inc();
    ctx.metrics.ws_connections_open.inc();
    tracing::debug!(connection_id = %conn.info.connection_id, user_id = %conn.info.user_id, "connected");
    ctx.events
        .emit(event(EventKind::Connected, &conn.info))
        .await;

    {
        let writer = write_loop(sink, &conn.outbox);
        let reader = read_loop(&mut stream, &conn, &ctx);
        tokio::pin!(writer, reader);
        tokio::select! {
            () = &mut writer => {
                let _ = tokio::time::timeout(CLOSE_HANDSHAKE, &mut reader).await;
            }
            () = &mut reader => {
                conn.outbox.finish();
                let _ = tokio::time::timeout(WRITER_DRAIN, &mut writer).await;
            }
            () = conn.outbox.closing() => {
                if tokio::time::timeout(CLOSE_GRACE, &mut writer).await.is_ok() {
                    let _ = tokio::time::timeout(CLOSE_HANDSHAKE, &mut reader).await;
                }
            }
        }
    }

    ctx.hub.unregister(&conn.info.connection_id);
    if let Some(presence) = &ctx.presence {
        presence.disconnected(&conn.info).await;
    }
    ctx.metrics.ws_connections_open.dec();
    ctx.metrics.ws_disconnects.inc();
    tracing::debug!(connection_id = %conn.info.connection_id, "disconnected");
    ctx.events
        .emit(event(EventKind::Disconnected, &conn.info))
        .await;
}

/// Completes a refused upgrade: sends a close frame with `code`, then waits
/// briefly for the client's answer so the close handshake can finish.
pub async fn refuse<S, R>(mut sink: S, mut stream: R, code: u16, reason: &'static str)
where
    S: Sink<Message> + Unpin,
    R: Stream<Item = Result<Message, axum::Error>> + Unpin,
{
    if sink.send(close_message(code, reason)).await.is_err() {
        return;
    }
    let drain = async {
        while let Some(Ok(msg)) = stream.next().await {
            if matches!(msg, Message::Close(_)) {
                break;
            }
        }
    };
    let _ = tokio::time::timeout(CLOSE_HANDSHAKE, drain).await;
    let _ = sink.close().await;
}

fn close_message(code: u16, reason: &'static str) -> Message {
    Message::Close(Some(CloseFrame {
        code,
        reason: Utf8Bytes::from_static(reason),
    }))
}

async fn write_loop<S>(mut sink: S, outbox: &Outbox)
where
    S: Sink<Message> + Unpin,
{
    while let Some(next) = outbox.next().await {
        match next {
            Outbound::Frame(text) => {
                if sink.feed(Message::Text(text)).await.is_err() {
                    return;
                }
                // Batch frames that are already queued into one flush.
                if outbox.is_idle() && sink.flush().await.is_err() {
                    return;
                }
            }
            Outbound::Close(code, reason) => {
                let _ = sink.send(close_message(code, reason)).await;
                return;
            }
        }
    }
    let _ = sink.close().await;
}

async fn read_loop<R>(stream: &mut R, conn: &Arc<Connection>, ctx: &SessionContext)
where
    R: Stream<Item = Result<Message, axum::Error>> + Unpin,
{
    let mut bucket = TokenBucket::new(
        ctx.ws.rate_limit_per_sec,
        ctx.ws.rate_limit_burst,
        Instant::now(),
    );
    while let Some(item) = stream.next().await {
        let Some(emission) = on_frame(item, conn, ctx, &mut bucket) else {
            return;
        };
        emission.await;
    }
}

/// Handles one frame from the client: `None` ends the session, otherwise the
/// emission (if any) to wait for. Synchronous, so the frame is not part of
/// every idle session's state.
fn on_frame(
    item: Result<Message, axum::Error>,
    conn: &Arc<Connection>,
    ctx: &SessionContext,
    bucket: &mut TokenBucket,
) -> Option<OptionFuture<impl Future<Output = ()> + Send + 'static>> {
    let message = match item {
        Ok(message) => message,
        Err(err) => {
            if is_too_big(&err) {
                conn.outbox
                    .close(close_code::MESSAGE_TOO_BIG, "message too big");
            } else {
                tracing::debug!(error = %err, "websocket read failed");
            }
            return None;
        }
    };
    match message {
        Message::Text(text) => {
            ctx.metrics.ws_messages.inc();
            if text.len() > ctx.ws.max_message_bytes {
                conn.outbox
                    .close(close_code::MESSAGE_TOO_BIG, "message too big");
                return None;
            }
            Some(handle_text(text.as_str(), conn, ctx, bucket))
        }
        Message::Binary(_) => {
            ctx.metrics.ws_messages.inc();
            conn.outbox.close(
                close_code::UNSUPPORTED_DATA,
                "binary frames are not supported",
            );
            None
        }
        Message::Close(_) => None,
        Message::Ping(_) | Message::Pong(_) => Some(OptionFuture::from(None)),
    }
}

/// Answers or forwards one text frame. Synchronous up to the emission it
/// returns, so nothing but that small future is kept in every session's state.
fn handle_text(
    text: &str,
    conn: &Arc<Connection>,
    ctx: &SessionContext,
    bucket: &mut TokenBucket,
) -> OptionFuture<impl Future<Output = ()> + Send + 'static> {
    let emission = match classify(text) {
        Inbound::Ping => {
            conn.outbox.push(Utf8Bytes::from_static(PONG));
            if let Some(presence) = &ctx.presence {
                presence.refresh(conn);
            }
            None
        }
        Inbound::Heartbeat => {
            conn.outbox.push(Utf8Bytes::from_static(HEARTBEAT_ACK));
            if let Some(presence) = &ctx.presence {
                presence.refresh(conn);
            }
            None
        }
        Inbound::Forward(message) => forward(text, message, conn, ctx, bucket),
    };
    OptionFuture::from(emission)
}

/// The `message_received` emission for a client message, or `None` when the
/// token bucket refuses it.
fn forward(
    text: &str,
    message: Map<String, Value>,
    conn: &Arc<Connection>,
    ctx: &SessionContext,
    bucket: &mut TokenBucket,
) -> Option<impl Future<Output = ()> + Send + 'static> {
    if !bucket.allow(Instant::now()) {
        ctx.metrics.ws_rate_limited.inc();
        conn.outbox.push(Utf8Bytes::from_static(RATE_LIMITED));
        return None;
    }
    if let Some(presence) = &ctx.presence {
        presence.message(conn);
    }
    let mut ev = event(EventKind::MessageReceived, &conn.info);
    ev.traceparent = traceparent(&message);
    if let Some((key, strategy)) = ordering_key(&ctx.ordering, &message, &conn.info) {
        ev.ordering_key = Some(key);
        ev.ordering_strategy = Some(strategy.to_owned());
    }
    ev.raw = Some(text.to_owned());
    ev.message = Some(message);
    Some(ctx.events.emit(ev))
}

fn is_too_big(err: &axum::Error) -> bool {
    err.source()
        .and_then(|source| source.downcast_ref::<tungstenite::Error>())
        .is_some_and(|e| matches!(e, tungstenite::Error::Capacity(_)))
}

fn event(kind: EventKind, info: &ConnectionInfo) -> Event {
    Event {
        kind,
        connection_id: info.connection_id.clone(),
        user_id: info.user_id.clone(),
        subjects: info.subjects.clone(),
        connected_at: info.connected_at,
        message: None,
        raw: None,
        traceparent: None,
        ordering_key: None,
        ordering_strategy: None,
    }
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}
