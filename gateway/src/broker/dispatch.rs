//! Ordered, concurrent event delivery.
//!
//! Events are sharded by connection id onto a fixed set of workers; each worker
//! delivers its events one after another, so one connection's events keep
//! their order while different connections proceed in parallel.

use std::future::Future;
use std::hash::{BuildHasher, RandomState};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::Duration;

use bytes::Bytes;
use snoke_ws_protocol::Event;
use tokio::sync::mpsc;
use tokio::sync::mpsc::error::TrySendError;
use tokio::task::JoinHandle;

use super::{EncodedEvent, EventSink};

/// Ordered delivery lanes.
const SHARDS: usize = 16;
/// Events waiting per lane before emitters wait (backpressure on the clients
/// producing them, never unbounded memory).
const LANE_CAPACITY: usize = 1024;
/// Most events handed to a sink in one `deliver_batch` call.
const MAX_BATCH: usize = 256;

/// Fans events out to the sinks, keeping per-connection order.
pub struct EventDispatcher {
    sinks: Arc<[Arc<dyn EventSink>]>,
    lanes: RwLock<Option<Vec<mpsc::Sender<Arc<EncodedEvent>>>>>,
    workers: Mutex<Vec<JoinHandle<()>>>,
    hasher: RandomState,
}

impl EventDispatcher {
    /// Starts the lane workers (none when there are no sinks).
    pub fn start(sinks: Vec<Arc<dyn EventSink>>) -> Self {
        let sinks: Arc<[Arc<dyn EventSink>]> = sinks.into();
        let mut lanes = Vec::new();
        let mut workers = Vec::new();
        if !sinks.is_empty() {
            for _ in 0..SHARDS {
                let (tx, rx) = mpsc::channel(LANE_CAPACITY);
                lanes.push(tx);
                workers.push(tokio::spawn(run_lane(rx, sinks.clone())));
            }
        }
        Self {
            sinks,
            lanes: RwLock::new(Some(lanes)),
            workers: Mutex::new(workers),
            hasher: RandomState::new(),
        }
    }

    /// Names of the sinks that cannot deliver right now.
    pub fn sinks_not_ready(&self) -> Vec<&'static str> {
        self.sinks
            .iter()
            .filter(|sink| !sink.is_ready())
            .map(|sink| sink.name())
            .collect()
    }

    /// Queues `event` behind earlier events of the same connection.
    ///
    /// Choosing the lane and serialising happen before the returned future is
    /// polled, so the future is small: it lives in every client session.
    pub fn emit(&self, event: Event) -> impl Future<Output = ()> + Send + 'static {
        let queued = self.encode(event);
        async move {
            let Some((lane, encoded)) = queued else {
                return;
            };
            let encoded = match lane.try_send(encoded) {
                Ok(()) => return,
                Err(TrySendError::Full(encoded)) => encoded,
                Err(TrySendError::Closed(_)) => {
                    tracing::warn!("event lane closed; event dropped");
                    return;
                }
            };
            if lane.send(encoded).await.is_err() {
                tracing::warn!("event lane closed; event dropped");
            }
        }
    }

    /// The lane of `event` and its encoded form; `None` when nothing is to be sent.
    fn encode(&self, event: Event) -> Option<(mpsc::Sender<Arc<EncodedEvent>>, Arc<EncodedEvent>)> {
        let lane = {
            let lanes = self.lanes.read().unwrap_or_else(PoisonError::into_inner);
            match lanes.as_deref() {
                Some([]) => return None,
                Some(lanes) => {
                    let index = self.hasher.hash_one(&event.connection_id) as usize % lanes.len();
                    lanes.get(index).cloned()
                }
                None => None,
            }
        };
        let Some(lane) = lane else {
            tracing::warn!(kind = ?event.kind, connection_id = %event.connection_id,
                "event emitted after shutdown; dropped");
            return None;
        };
        let body = match serde_json::to_vec(&event) {
            Ok(body) => Bytes::from(body),
            Err(err) => {
                tracing::error!(error = %err, "cannot serialise event");
                return None;
            }
        };
        Some((lane, Arc::new(EncodedEvent { event, body })))
    }

    /// Stops accepting events and waits up to `limit` for queued ones to be
    /// delivered; returns false if some were still pending.
    pub async fn close(&self, limit: Duration) -> bool {
        self.lanes
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        let workers: Vec<JoinHandle<()>> =
            std::mem::take(&mut *self.workers.lock().unwrap_or_else(PoisonError::into_inner));
        let aborts: Vec<_> = workers.iter().map(JoinHandle::abort_handle).collect();
        let sinks = self.sinks.clone();
        let all = async move {
            futures_util::future::join_all(workers).await;
            for sink in sinks.iter() {
                sink.flush().await;
            }
        };
        if tokio::time::timeout(limit, all).await.is_ok() {
            return true;
        }
        tracing::warn!("shutdown timeout: undelivered events dropped");
        aborts.iter().for_each(tokio::task::AbortHandle::abort);
        false
    }
}

async fn run_lane(mut rx: mpsc::Receiver<Arc<EncodedEvent>>, sinks: Arc<[Arc<dyn EventSink>]>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        for sink in sinks.iter() {
            sink.deliver_batch(&batch).await;
        }
        batch.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::broker::MemorySink;
    use snoke_ws_protocol::EventKind;

    fn event(kind: EventKind, conn: &str) -> Event {
        Event {
            kind,
            connection_id: conn.into(),
            user_id: "1".into(),
            subjects: vec!["user:1".into()],
            connected_at: 0,
            message: None,
            raw: None,
            traceparent: None,
            ordering_key: None,
            ordering_strategy: None,
        }
    }

    #[tokio::test]
    async fn delivers_one_connections_events_in_order_before_close_returns() {
        let sink = Arc::new(MemorySink::new());
        let dispatcher = EventDispatcher::start(vec![sink.clone()]);
        for kind in [
            EventKind::Connected,
            EventKind::MessageReceived,
            EventKind::Disconnected,
        ] {
            dispatcher.emit(event(kind, "c1")).await;
        }
        assert!(dispatcher.close(Duration::from_secs(5)).await);
        let kinds: Vec<EventKind> = sink.events().iter().map(|e| e.kind).collect();
        assert_eq!(
            kinds,
            [
                EventKind::Connected,
                EventKind::MessageReceived,
                EventKind::Disconnected
            ]
        );
    }

    #[tokio::test]
    async fn without_sinks_emitting_is_a_no_op() {
        let dispatcher = EventDispatcher::start(Vec::new());
        dispatcher.emit(event(EventKind::Connected, "c1")).await;
        assert!(dispatcher.close(Duration::from_millis(10)).await);
    }

    /// Records batch sizes; reports itself as down.
    #[derive(Default)]
    struct BatchingBroker {
        batches: Mutex<Vec<Vec<EventKind>>>,
    }

    impl EventSink for BatchingBroker {
        fn name(&self) -> &'static str {
            "broker"
        }

        fn deliver<'a>(&'a self, _: &'a EncodedEvent) -> futures_util::future::BoxFuture<'a, ()> {
            unreachable!("batches only")
        }

        fn deliver_batch<'a>(
            &'a self,
            events: &'a [Arc<EncodedEvent>],
        ) -> futures_util::future::BoxFuture<'a, ()> {
            let kinds = events.iter().map(|e| e.event.kind).collect();
            self.batches.lock().unwrap().push(kinds);
            Box::pin(std::future::ready(()))
        }

        fn is_ready(&self) -> bool {
            false
        }
    }

    #[tokio::test]
    async fn queued_events_reach_a_sink_as_ordered_batches() {
        let sink = Arc::new(BatchingBroker::default());
        let dispatcher = EventDispatcher::start(vec![sink.clone()]);
        for kind in [
            EventKind::Connected,
            EventKind::MessageReceived,
            EventKind::Disconnected,
        ] {
            dispatcher.emit(event(kind, "c1")).await;
        }
        assert!(dispatcher.close(Duration::from_secs(5)).await);
        let delivered: Vec<EventKind> = sink.batches.lock().unwrap().concat();
        assert_eq!(
            delivered,
            [
                EventKind::Connected,
                EventKind::MessageReceived,
                EventKind::Disconnected
            ]
        );
        assert_eq!(dispatcher.sinks_not_ready(), ["broker"]);
    }
}
