//! The session loop driven through channels instead of a socket.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::ws::{Message, Utf8Bytes};
use futures_util::future::BoxFuture;
use futures_util::Sink;
use snoke_ws_protocol::EventKind;
use tokio::sync::mpsc;

use super::session::{serve, SessionContext};
use crate::auth::Identity;
use crate::broker::{EncodedEvent, EventDispatcher, EventSink};
use crate::config::{
    BackpressureSettings, BackpressureStrategy, DropPolicy, OrderingSettings, OrderingStrategy,
    PartitionMode, SubjectSource, WsSettings,
};
use crate::hub::Hub;
use crate::metrics::Metrics;
use crate::presence::PresenceFilter;

/// Records each event with the number of registered connections at delivery time.
struct PresenceProbe {
    hub: Arc<Hub>,
    seen: Mutex<Vec<(EventKind, usize)>>,
}

impl EventSink for PresenceProbe {
    fn name(&self) -> &'static str {
        "probe"
    }

    fn deliver<'a>(&'a self, event: &'a EncodedEvent) -> BoxFuture<'a, ()> {
        let registered = self.hub.connections(&PresenceFilter::default()).len();
        self.seen
            .lock()
            .unwrap()
            .push((event.event.kind, registered));
        Box::pin(std::future::ready(()))
    }
}

struct Harness {
    to_session: mpsc::UnboundedSender<Result<Message, axum::Error>>,
    from_session: mpsc::UnboundedReceiver<Message>,
    probe: Arc<PresenceProbe>,
    ctx: Arc<SessionContext>,
    done: tokio::task::JoinHandle<()>,
}

fn start(max_message_bytes: usize) -> Harness {
    let metrics = Arc::new(Metrics::new().unwrap());
    let backpressure = BackpressureSettings {
        strategy: BackpressureStrategy::Close,
        per_conn_buffer: 16,
        global_buffer: 0,
        max_inflight: 0,
        drop_policy: DropPolicy::Oldest,
    };
    let hub = Arc::new(Hub::new(backpressure, metrics.clone()));
    let probe = Arc::new(PresenceProbe {
        hub: hub.clone(),
        seen: Mutex::new(Vec::new()),
    });
    let ctx = Arc::new(SessionContext {
        hub,
        events: Arc::new(EventDispatcher::start(vec![probe.clone()])),
        metrics,
        ws: WsSettings {
            rate_limit_per_sec: 0.0,
            rate_limit_burst: 0.0,
            max_message_bytes,
        },
        ordering: OrderingSettings {
            strategy: OrderingStrategy::None,
            topic_field: "topic".into(),
            subject_source: SubjectSource::User,
            partition_mode: PartitionMode::None,
            partition_max_len: 64,
        },
        presence: None,
        live: Default::default(),
    });
    let (to_session, mut inbound) = mpsc::unbounded_channel();
    let (outbound, from_session) = mpsc::unbounded_channel();
    let stream = futures_util::stream::poll_fn(move |cx| inbound.poll_recv(cx));
    let sink = channel_sink(outbound);
    let identity = Identity {
        user_id: "7".into(),
    };
    let done = tokio::spawn(serve(sink, stream, identity, ctx.clone()));
    Harness {
        to_session,
        from_session,
        probe,
        ctx,
        done,
    }
}

fn channel_sink(tx: mpsc::UnboundedSender<Message>) -> impl Sink<Message> + Unpin + Send {
    Box::pin(futures_util::sink::unfold(
        tx,
        |tx, msg: Message| async move {
            tx.send(msg).map_err(|_| axum::Error::new("closed"))?;
            Ok::<_, axum::Error>(tx)
        },
    ))
}

async fn recv(h: &mut Harness) -> Message {
    tokio::time::timeout(Duration::from_secs(5), h.from_session.recv())
        .await
        .unwrap()
        .unwrap()
}

fn text(s: &str) -> Result<Message, axum::Error> {
    Ok(Message::Text(Utf8Bytes::from(s.to_owned())))
}

fn close_code_of(msg: Message) -> u16 {
    match msg {
        Message::Close(Some(frame)) => frame.code,
        other => panic!("expected a close frame, got {other:?}"),
    }
}

#[tokio::test]
async fn answers_ping_through_the_outbox() {
    let mut h = start(1024);
    h.to_session.send(text(r#"{"type":"ping"}"#)).unwrap();
    assert_eq!(
        recv(&mut h).await,
        Message::Text(Utf8Bytes::from_static(r#"{"type":"pong"}"#))
    );
}

#[tokio::test]
async fn registers_before_connected_and_unregisters_before_disconnected() {
    let h = start(1024);
    let connected_delivered = async {
        while h.probe.seen.lock().unwrap().is_empty() {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(5), connected_delivered)
        .await
        .unwrap();
    h.to_session.send(Ok(Message::Close(None))).unwrap();
    tokio::time::timeout(Duration::from_secs(5), h.done)
        .await
        .unwrap()
        .unwrap();
    h.ctx.events.close(Duration::from_secs(5)).await;
    let seen = h.probe.seen.lock().unwrap().clone();
    assert_eq!(
        seen,
        [(EventKind::Connected, 1), (EventKind::Disconnected, 0)]
    );
}

#[tokio::test]
async fn binary_frame_closes_with_1003() {
    let mut h = start(1024);
    h.to_session
        .send(Ok(Message::Binary(vec![1u8].into())))
        .unwrap();
    assert_eq!(close_code_of(recv(&mut h).await), 1003);
}

#[tokio::test]
async fn text_over_the_limit_closes_with_1009() {
    let mut h = start(64);
    h.to_session.send(text(&"x".repeat(65))).unwrap();
    assert_eq!(close_code_of(recv(&mut h).await), 1009);
}

#[tokio::test]
async fn shutdown_close_reaches_the_client_as_1001() {
    let mut h = start(1024);
    h.to_session.send(text(r#"{"type":"ping"}"#)).unwrap();
    recv(&mut h).await;
    h.ctx.hub.close_all(1001, "server shutting down");
    assert_eq!(close_code_of(recv(&mut h).await), 1001);
}
