//! Receivers: one task per connected client that reports every pushed event
//! carrying a [`Stamp`], so a scenario can count deliveries and their latency.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use tokio::sync::mpsc;
use tokio::task::JoinSet;
use tokio_tungstenite::tungstenite::Message;

use super::ws::Ws;
use crate::error::{Error, Result};
use crate::stats::Latencies;

/// What the bench puts in every payload it pushes or sends: a sequence number
/// and the wall-clock time of sending, in µs since the Unix epoch (wall clock,
/// because Redis stamps stream entries with it too).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    /// Sequence number of the message within its scenario.
    pub seq: u64,
    /// Send time, µs since the Unix epoch.
    pub t: u64,
}

/// How long a wait for deliveries goes on without any arriving.
pub const STALL: Duration = Duration::from_secs(10);

/// Wall clock in µs since the Unix epoch.
pub fn now_us() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_micros() as u64)
        .unwrap_or_default()
}

#[derive(Deserialize)]
struct EventFrame {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    payload: Option<Stamp>,
}

/// The stamp of a `{"type":"event","payload":{"seq":…,"t":…}}` frame.
pub fn stamp_of(frame: &str) -> Option<Stamp> {
    let parsed: EventFrame = serde_json::from_str(frame).ok()?;
    (parsed.kind == "event").then_some(parsed.payload).flatten()
}

/// What a receiver saw.
#[derive(Debug)]
pub enum Seen {
    /// An event arrived at client `conn`.
    Delivery {
        /// The stamp it carried.
        stamp: Stamp,
        /// When it arrived (µs since the epoch).
        at_us: u64,
    },
    /// Client `conn` was closed or failed.
    Closed {
        /// Index of the client.
        conn: usize,
        /// Close code or error.
        why: String,
    },
}

/// Receiver tasks over a set of clients; aborted when dropped.
pub struct Receivers {
    tasks: JoinSet<()>,
    rx: mpsc::UnboundedReceiver<Seen>,
}

impl Receivers {
    /// Starts one reading task per client.
    pub fn spawn(clients: Vec<Ws>) -> Self {
        let (tx, rx) = mpsc::unbounded_channel();
        let mut tasks = JoinSet::new();
        for (conn, mut ws) in clients.into_iter().enumerate() {
            let tx = tx.clone();
            tasks.spawn(async move {
                let why = loop {
                    match ws.next().await {
                        Some(Ok(Message::Text(text))) => {
                            if let Some(stamp) = stamp_of(text.as_str()) {
                                let at_us = now_us();
                                let _ = tx.send(Seen::Delivery { stamp, at_us });
                            }
                        }
                        Some(Ok(Message::Close(frame))) => {
                            break format!("closed {:?}", frame.map(|f| f.code));
                        }
                        Some(Ok(_)) => {}
                        Some(Err(e)) => break e.to_string(),
                        None => break "ended".to_owned(),
                    }
                };
                let _ = tx.send(Seen::Closed { conn, why });
            });
        }
        Self { tasks, rx }
    }

    /// Waits until `expected` deliveries arrived, or `timeout` passed, or
    /// nothing arrived for [`STALL`], or a client was closed. Latency is
    /// arrival minus the stamp's send time. `progress`, when given, follows
    /// the count (a windowed producer waits on it).
    pub async fn collect(
        &mut self,
        expected: u64,
        timeout: Duration,
        progress: Option<&AtomicU64>,
    ) -> Collected {
        let mut got = Collected::default();
        let deadline = tokio::time::Instant::now() + timeout;
        while got.deliveries < expected {
            let wait = deadline.min(tokio::time::Instant::now() + STALL);
            match tokio::time::timeout_at(wait, self.rx.recv()).await {
                Ok(Some(Seen::Delivery { stamp, at_us })) => {
                    got.deliveries += 1;
                    if let Some(p) = progress {
                        p.store(got.deliveries, Ordering::Release);
                    }
                    got.latencies.record_us(at_us.saturating_sub(stamp.t));
                    got.last_at_us = got.last_at_us.max(at_us);
                }
                Ok(Some(Seen::Closed { conn, why })) => {
                    got.closed.push(format!("client {conn}: {why}"));
                    break;
                }
                Ok(None) | Err(_) => break,
            }
        }
        got
    }

    /// Stops the tasks (closing nothing politely: the gateway is stopped next).
    pub fn abort(mut self) {
        self.tasks.abort_all();
    }
}

/// Deliveries counted by [`Receivers::collect`].
#[derive(Debug, Default)]
pub struct Collected {
    /// Events that arrived.
    pub deliveries: u64,
    /// Send → arrival latencies.
    pub latencies: Latencies,
    /// When the last one arrived (µs since the epoch).
    pub last_at_us: u64,
    /// Clients that were closed while waiting.
    pub closed: Vec<String>,
}

impl Collected {
    /// An error naming what is missing, if anything is.
    pub fn check(&self, expected: u64) -> Result<()> {
        if let Some(first) = self.closed.first() {
            return Err(Error::Protocol(format!(
                "a receiver was closed ({first}) after {} of {expected} deliveries",
                self.deliveries
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_are_read_from_event_frames_only() {
        assert_eq!(
            stamp_of(r#"{"type":"event","payload":{"seq":7,"t":123}}"#),
            Some(Stamp { seq: 7, t: 123 })
        );
        assert_eq!(stamp_of(r#"{"type":"pong"}"#), None);
        assert_eq!(stamp_of(r#"{"type":"event","payload":{"x":1}}"#), None);
    }
}
