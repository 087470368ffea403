//! The registry of live connections on this gateway, and fan-out to them.
//!
//! Locks are held only to read or change the maps, never while a frame is
//! written, so one slow client cannot hold up a publish to the others.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use axum::extract::ws::Utf8Bytes;
use snoke_ws_protocol::ConnectionInfo;
use tokio::sync::Notify;

use crate::config::BackpressureSettings;
use crate::metrics::Metrics;
use crate::presence::PresenceFilter;
use crate::ws::outbox::{GlobalBudget, Offer, Outbox};

/// One registered connection: its presence record and its send queue.
pub struct Connection {
    /// What presence reports about it.
    pub info: ConnectionInfo,
    /// Frames waiting to be written to it.
    pub outbox: Outbox,
    /// A Redis presence refresh is queued and not yet written: further
    /// refreshes until it is written add nothing, so they are not queued.
    pub presence_refresh_queued: AtomicBool,
}

#[derive(Default)]
struct Registry {
    by_id: HashMap<String, Arc<Connection>>,
    by_subject: HashMap<String, HashSet<String>>,
}

/// All connections of this gateway, indexed by id and by subject.
pub struct Hub {
    registry: RwLock<Registry>,
    closing: AtomicBool,
    emptied: Notify,
    backpressure: BackpressureSettings,
    global: Arc<GlobalBudget>,
    metrics: Arc<Metrics>,
}

impl Hub {
    /// An empty hub whose queues follow `backpressure`.
    pub fn new(backpressure: BackpressureSettings, metrics: Arc<Metrics>) -> Self {
        Self {
            registry: RwLock::new(Registry::default()),
            closing: AtomicBool::new(false),
            emptied: Notify::new(),
            global: Arc::new(GlobalBudget::new(backpressure.global_buffer)),
            backpressure,
            metrics,
        }
    }

    /// Registers a connection; `None` once shutdown has begun.
    pub fn register(&self, info: ConnectionInfo) -> Option<Arc<Connection>> {
        let conn = Arc::new(Connection {
            info,
            outbox: Outbox::new(self.backpressure, self.global.clone()),
            presence_refresh_queued: AtomicBool::new(false),
        });
        let mut reg = self
            .registry
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        // Checked under the lock so `close_all` cannot miss a late registration.
        if self.closing.load(Ordering::SeqCst) {
            return None;
        }
        for subject in &conn.info.subjects {
            reg.by_subject
                .entry(subject.clone())
                .or_default()
                .insert(conn.info.connection_id.clone());
        }
        reg.by_id
            .insert(conn.info.connection_id.clone(), conn.clone());
        Some(conn)
    }

    /// Removes a connection from presence and fan-out.
    pub fn unregister(&self, connection_id: &str) {
        let mut reg = self
            .registry
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(conn) = reg.by_id.remove(connection_id) {
            for subject in &conn.info.subjects {
                if let Some(ids) = reg.by_subject.get_mut(subject) {
                    ids.remove(connection_id);
                    if ids.is_empty() {
                        reg.by_subject.remove(subject);
                    }
                }
            }
        }
        if reg.by_id.is_empty() {
            self.emptied.notify_waiters();
        }
    }

    /// Queues `frame` once for every connection having any of `subjects`;
    /// returns how many connections it was queued for.
    pub fn publish(&self, subjects: &[String], frame: &Utf8Bytes) -> u64 {
        let targets: Vec<Arc<Connection>> = {
            let reg = self.registry.read().unwrap_or_else(PoisonError::into_inner);
            let ids = subjects
                .iter()
                .filter_map(|s| reg.by_subject.get(s))
                .flatten();
            if let [_] = subjects {
                // One subject: its ids are distinct already.
                ids.filter_map(|id| reg.by_id.get(id).cloned()).collect()
            } else {
                let mut seen = HashSet::new();
                ids.filter(|id| seen.insert(id.as_str()))
                    .filter_map(|id| reg.by_id.get(id).cloned())
                    .collect()
            }
        };
        let mut sent = 0;
        for conn in targets {
            let offer = conn.outbox.push(frame.clone());
            if offer.delivered() {
                sent += 1;
            }
            if !matches!(offer, Offer::Queued | Offer::Closed) {
                self.metrics.ws_backpressure.inc();
                tracing::debug!(connection_id = %conn.info.connection_id, ?offer, "send queue full");
            }
        }
        sent
    }

    /// Presence records matching `filter`.
    pub fn connections(&self, filter: &PresenceFilter) -> Vec<ConnectionInfo> {
        let reg = self.registry.read().unwrap_or_else(PoisonError::into_inner);
        reg.by_id
            .values()
            .filter(|c| filter.matches(&c.info))
            .map(|c| c.info.clone())
            .collect()
    }

    /// Number of registered connections.
    pub fn len(&self) -> usize {
        self.registry
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .by_id
            .len()
    }

    /// Whether no connection is registered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Refuses new connections and asks every open one to close with `code`.
    pub fn close_all(&self, code: u16, reason: &'static str) {
        let reg = self
            .registry
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        self.closing.store(true, Ordering::SeqCst);
        for conn in reg.by_id.values() {
            conn.outbox.close(code, reason);
        }
    }

    /// Waits until every connection has unregistered, at most `limit`; true if they all did.
    pub async fn wait_empty(&self, limit: Duration) -> bool {
        let wait = async {
            loop {
                let emptied = self.emptied.notified();
                if self.is_empty() {
                    return;
                }
                emptied.await;
            }
        };
        tokio::time::timeout(limit, wait).await.is_ok()
    }
}
