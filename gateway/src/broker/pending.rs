//! The front half every broker sink shares: a bounded queue to its writer
//! task, and a count of events accepted but not finished with, so shutdown can
//! wait for them.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use std::time::Duration;

use tokio::sync::mpsc::error::TrySendError;
use tokio::sync::{mpsc, Notify};

use crate::broker::EncodedEvent;
use crate::metrics::Metrics;

/// How often a push waiting for room re-checks that the broker is still up.
const OUTAGE_RECHECK: Duration = Duration::from_millis(100);

/// Hands events to a broker's writer task. While the broker is up a full
/// queue slows the caller down; while it is away, past `capacity` (the outage
/// buffer) an event is dropped and counted.
pub(crate) struct BrokerQueue {
    queue: mpsc::Sender<Arc<EncodedEvent>>,
    pending: Arc<Pending>,
    metrics: Arc<Metrics>,
    broker: &'static str,
}

impl BrokerQueue {
    /// The queue, plus the receiving end and the pending count for the writer.
    pub(crate) fn new(
        capacity: usize,
        broker: &'static str,
        metrics: Arc<Metrics>,
    ) -> (Self, mpsc::Receiver<Arc<EncodedEvent>>, Arc<Pending>) {
        let (queue, rx) = mpsc::channel(capacity.max(1));
        let pending = Arc::new(Pending::default());
        let this = Self {
            queue,
            pending: pending.clone(),
            metrics,
            broker,
        };
        (this, rx, pending)
    }

    /// Queues each event. While `broker_up()` says the broker is reachable, a
    /// full queue means the broker is only slower than the clients: the call
    /// waits for room, so the lane (and through it the clients' sockets) slows
    /// down instead of losing events. During an outage what does not fit is
    /// dropped and counted, so clients never wait on a broker that is away.
    pub(crate) async fn push(&self, events: &[Arc<EncodedEvent>], broker_up: impl Fn() -> bool) {
        for event in events {
            self.pending.add();
            let Err(full) = self.queue.try_send(event.clone()) else {
                continue;
            };
            let event = match full {
                TrySendError::Full(event) => event,
                TrySendError::Closed(event) => {
                    self.dropped(&event);
                    continue;
                }
            };
            loop {
                if !broker_up() {
                    self.dropped(&event);
                    break;
                }
                // Bounded, so an outage that starts meanwhile is noticed.
                match tokio::time::timeout(OUTAGE_RECHECK, self.queue.reserve()).await {
                    Ok(Ok(permit)) => {
                        permit.send(event);
                        break;
                    }
                    Ok(Err(_closed)) => {
                        self.dropped(&event);
                        break;
                    }
                    Err(_elapsed) => {}
                }
            }
        }
    }

    fn dropped(&self, event: &EncodedEvent) {
        self.pending.done(1);
        self.metrics.broker_events_dropped.inc();
        tracing::warn!(connection_id = %event.event.connection_id, kind = ?event.event.kind,
            broker = self.broker, "broker event buffer full; event dropped");
    }

    /// Resolves once every queued event was delivered or given up on.
    pub(crate) async fn drained(&self) {
        self.pending.drained().await;
    }
}

/// Events queued or in flight.
#[derive(Default)]
pub(crate) struct Pending {
    count: AtomicUsize,
    drained: Notify,
}

impl Pending {
    /// One more event accepted.
    pub(crate) fn add(&self) {
        self.count.fetch_add(1, Ordering::SeqCst);
    }

    /// `n` events finished (delivered or given up on).
    pub(crate) fn done(&self, n: usize) {
        if self.count.fetch_sub(n, Ordering::SeqCst) == n {
            self.drained.notify_waiters();
        }
    }

    /// Resolves once nothing is pending.
    pub(crate) async fn drained(&self) {
        loop {
            let drained = self.drained.notified();
            if self.count.load(Ordering::SeqCst) == 0 {
                return;
            }
            drained.await;
        }
    }
}
