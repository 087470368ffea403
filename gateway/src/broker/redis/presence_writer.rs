//! Redis presence (SPEC §2): hash `<p>conn:<id>` and sets `<p>user:<uid>`,
//! `<p>subject:<s>`, written by a background task so the socket loop never
//! waits on Redis.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use snoke_ws_protocol::ConnectionInfo;
use tokio::sync::{mpsc, oneshot};

use super::link::RedisLink;
use crate::config::{PresenceSettings, PresenceStrategy};
use crate::hub::Connection;
use crate::metrics::Metrics;

/// Presence writes waiting for Redis.
const QUEUE: usize = 10_000;
/// Most writes in one pipeline.
const MAX_PIPELINE: usize = 256;
/// How long a session waits for its connect/disconnect write before emitting
/// the event anyway (Redis down must not hold clients up).
const ACK_WAIT: Duration = Duration::from_secs(1);

/// A change to one connection's presence.
#[derive(Clone)]
enum Write {
    /// Create (also re-creates keys that expired).
    Upsert(ConnectionInfo),
    /// Refresh a live connection, with the time the write is sent: it stands
    /// for every refresh asked since its `presence_refresh_queued` was set.
    Refresh(Arc<Connection>),
    /// Delete the connection's keys.
    Remove(ConnectionInfo),
}

/// Key names and expiry, from the settings.
#[derive(Debug, Clone)]
struct Layout {
    prefix: String,
    ttl_seconds: Option<u64>,
}

impl Layout {
    fn new(settings: &PresenceSettings) -> Self {
        let ttl_seconds = match settings.strategy {
            PresenceStrategy::Ttl => Some(settings.ttl_seconds),
            PresenceStrategy::Heartbeat => {
                Some(settings.heartbeat_seconds + settings.grace_seconds)
            }
            PresenceStrategy::Session => None,
        }
        .filter(|ttl| *ttl > 0);
        Self {
            prefix: settings.prefix.clone(),
            ttl_seconds,
        }
    }

    fn conn_key(&self, id: &str) -> String {
        format!("{}conn:{id}", self.prefix)
    }

    fn user_key(&self, user_id: &str) -> String {
        format!("{}user:{user_id}", self.prefix)
    }

    fn subject_key(&self, subject: &str) -> String {
        format!("{}subject:{subject}", self.prefix)
    }

    fn add(&self, pipe: &mut redis::Pipeline, write: &Write, now: i64) {
        match write {
            Write::Upsert(info) => self.upsert(pipe, info, now),
            Write::Refresh(conn) => self.upsert(pipe, &conn.info, now),
            Write::Remove(info) => {
                pipe.cmd("DEL")
                    .arg(self.conn_key(&info.connection_id))
                    .ignore();
                pipe.cmd("SREM")
                    .arg(self.user_key(&info.user_id))
                    .arg(&info.connection_id)
                    .ignore();
                for subject in &info.subjects {
                    pipe.cmd("SREM")
                        .arg(self.subject_key(subject))
                        .arg(&info.connection_id)
                        .ignore();
                }
            }
        }
    }

    fn upsert(&self, pipe: &mut redis::Pipeline, info: &ConnectionInfo, now: i64) {
        let conn_key = self.conn_key(&info.connection_id);
        let subjects = serde_json::to_string(&info.subjects).unwrap_or_else(|_| "[]".to_owned());
        pipe.cmd("HSET")
            .arg(&conn_key)
            .arg("connection_id")
            .arg(&info.connection_id)
            .arg("user_id")
            .arg(&info.user_id)
            .arg("subjects")
            .arg(subjects)
            .arg("connected_at")
            .arg(info.connected_at)
            .arg("last_seen_at")
            .arg(now)
            .ignore();
        let mut sets = vec![self.user_key(&info.user_id)];
        sets.extend(info.subjects.iter().map(|s| self.subject_key(s)));
        for set in &sets {
            pipe.cmd("SADD").arg(set).arg(&info.connection_id).ignore();
        }
        if let Some(ttl) = self.ttl_seconds {
            for key in std::iter::once(&conn_key).chain(&sets) {
                pipe.cmd("EXPIRE").arg(key).arg(ttl).ignore();
            }
        }
    }
}

/// Queues presence writes for the Redis writer task.
pub struct RedisPresence {
    queue: mpsc::Sender<(Write, Option<oneshot::Sender<()>>)>,
    refresh_on_message: bool,
    metrics: Arc<Metrics>,
}

impl RedisPresence {
    /// Starts the writer task on `link`.
    pub fn start(link: Arc<RedisLink>, settings: &PresenceSettings, metrics: Arc<Metrics>) -> Self {
        let (queue, rx) = mpsc::channel(QUEUE);
        tokio::spawn(write_loop(rx, link, Layout::new(settings)));
        Self {
            queue,
            refresh_on_message: settings.refresh_on_message,
            metrics,
        }
    }

    /// Records a new connection; returns once Redis has it (or after a
    /// short wait), so a `connected` event emitted next finds it there.
    pub async fn connected(&self, info: &ConnectionInfo) {
        self.send_and_wait(Write::Upsert(info.clone())).await;
    }

    /// Refreshes `last_seen_at` and the TTL (heartbeat or ping).
    ///
    /// While a refresh of `conn` is queued and not yet written, another one
    /// would add nothing (the queued one is written later, with the time it is
    /// sent), so it is not queued: a client sending a burst costs Redis one
    /// refresh per pipeline, not one per frame.
    pub fn refresh(&self, conn: &Arc<Connection>) {
        if conn.presence_refresh_queued.swap(true, Ordering::AcqRel) {
            return;
        }
        if !self.enqueue(Write::Refresh(conn.clone()), None) {
            conn.presence_refresh_queued.store(false, Ordering::Release);
        }
    }

    /// Refreshes on a forwarded message when `PRESENCE_REFRESH_ON_MESSAGE` is on.
    pub fn message(&self, conn: &Arc<Connection>) {
        if self.refresh_on_message {
            self.refresh(conn);
        }
    }

    /// Removes a closed connection; returns once Redis no longer lists it
    /// (or after a short wait).
    pub async fn disconnected(&self, info: &ConnectionInfo) {
        self.send_and_wait(Write::Remove(info.clone())).await;
    }

    async fn send_and_wait(&self, write: Write) {
        let (ack, written) = oneshot::channel();
        if self.enqueue(write, Some(ack)) && tokio::time::timeout(ACK_WAIT, written).await.is_err()
        {
            tracing::debug!("Redis presence write still pending; going on");
        }
    }

    fn enqueue(&self, write: Write, ack: Option<oneshot::Sender<()>>) -> bool {
        if self.queue.try_send((write, ack)).is_err() {
            self.metrics.presence_writes_dropped.inc();
            tracing::warn!("Redis presence queue full; write dropped");
            return false;
        }
        true
    }
}

async fn write_loop(
    mut rx: mpsc::Receiver<(Write, Option<oneshot::Sender<()>>)>,
    link: Arc<RedisLink>,
    layout: Layout,
) {
    link.connection().await;
    let mut batch = Vec::with_capacity(MAX_PIPELINE);
    while rx.recv_many(&mut batch, MAX_PIPELINE).await > 0 {
        loop {
            let mut pipe = redis::pipe();
            let now = unix_now();
            for (write, _) in &batch {
                if let Write::Refresh(conn) = write {
                    // Cleared before the write is sent: a refresh asked from
                    // now on is queued again rather than assumed covered.
                    conn.presence_refresh_queued.store(false, Ordering::Release);
                }
                layout.add(&mut pipe, write, now);
            }
            let mut conn = link.connection().await;
            match pipe.query_async::<()>(&mut conn).await {
                Ok(()) => break,
                Err(err) if link.lost(&err).await => {}
                Err(err) => {
                    tracing::error!(error = %err, "Redis refused presence writes");
                    break;
                }
            }
        }
        for (_, ack) in batch.drain(..) {
            if let Some(ack) = ack {
                let _ = ack.send(());
            }
        }
    }
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(strategy: PresenceStrategy) -> PresenceSettings {
        PresenceSettings {
            redis_dsn: None,
            prefix: "presence:".into(),
            strategy,
            ttl_seconds: 120,
            heartbeat_seconds: 30,
            grace_seconds: 15,
            refresh_on_message: true,
        }
    }

    #[test]
    fn expiry_follows_the_strategy() {
        assert_eq!(
            Layout::new(&settings(PresenceStrategy::Ttl)).ttl_seconds,
            Some(120)
        );
        assert_eq!(
            Layout::new(&settings(PresenceStrategy::Heartbeat)).ttl_seconds,
            Some(45)
        );
        assert_eq!(
            Layout::new(&settings(PresenceStrategy::Session)).ttl_seconds,
            None
        );
    }

    #[test]
    fn keys_use_the_prefix() {
        let layout = Layout::new(&settings(PresenceStrategy::Ttl));
        assert_eq!(layout.conn_key("c1"), "presence:conn:c1");
        assert_eq!(layout.user_key("42"), "presence:user:42");
        assert_eq!(layout.subject_key("user:42"), "presence:subject:user:42");
    }
}
