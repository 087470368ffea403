//! Reads the Redis outbox stream (`REDIS_STREAM`, `ws.outbox`) and pushes each
//! entry to this gateway's clients.
//!
//! Every gateway reads the whole stream with its own cursor (plain `XREAD`, no
//! consumer group), so every instance sees every push. The cursor starts at
//! the stream's last entry when the reader starts, so a restarted gateway does
//! not replay old pushes. An entry that is not a publish body goes to
//! `REDIS_DLQ_STREAM` with a reason; the reader carries on.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::Utf8Bytes;
use redis::streams::{StreamId, StreamReadReply};
use redis::{FromRedisValue, Value};
use snoke_ws_protocol::frame::event_frame;
use tokio::task::JoinHandle;

use super::link::RedisLink;
use crate::broker::push::parse_push;
use crate::hub::Hub;
use crate::metrics::Metrics;

/// How long one `XREAD` blocks (bounded so a lost connection is noticed).
pub const BLOCK: Duration = Duration::from_secs(1);
/// Entries read per `XREAD` (one round trip each: under load, larger reads
/// keep the reader ahead of the publishers).
const COUNT: usize = 1024;

/// The running reader task.
pub struct OutboxReader {
    task: JoinHandle<()>,
    link: Arc<RedisLink>,
    positioned: Arc<AtomicBool>,
}

impl OutboxReader {
    /// Starts reading `stream` on `link` (a connection of its own: a blocking
    /// read must not hold up other commands); bad entries go to `dlq`.
    pub fn start(
        link: Arc<RedisLink>,
        stream: String,
        dlq: String,
        hub: Arc<Hub>,
        metrics: Arc<Metrics>,
    ) -> Self {
        let positioned = Arc::new(AtomicBool::new(false));
        let reader = Reader {
            link: link.clone(),
            stream,
            dlq,
            hub,
            metrics,
            positioned: positioned.clone(),
        };
        Self {
            task: tokio::spawn(reader.run()),
            link,
            positioned,
        }
    }

    /// Whether the reader is connected and knows where it reads from (pushes
    /// added from now on reach this gateway's clients).
    pub fn is_ready(&self) -> bool {
        self.positioned.load(Ordering::SeqCst) && self.link.is_up()
    }

    /// The reader's name in `/ready`.
    pub fn name(&self) -> &'static str {
        self.link.name()
    }

    /// Stops reading.
    pub fn stop(&self) {
        self.task.abort();
    }
}

impl Drop for OutboxReader {
    fn drop(&mut self) {
        self.task.abort();
    }
}

struct Reader {
    link: Arc<RedisLink>,
    stream: String,
    dlq: String,
    hub: Arc<Hub>,
    metrics: Arc<Metrics>,
    positioned: Arc<AtomicBool>,
}

impl Reader {
    async fn run(self) {
        let mut cursor: Option<String> = None;
        loop {
            let mut conn = self.link.connection().await;
            let from = match &cursor {
                Some(id) => id.clone(),
                None => match self.tail(&mut conn).await {
                    Ok(id) => {
                        cursor = Some(id.clone());
                        self.positioned.store(true, Ordering::SeqCst);
                        id
                    }
                    Err(err) => {
                        self.failed(&err).await;
                        continue;
                    }
                },
            };
            let read: Result<Option<StreamReadReply>, _> = redis::cmd("XREAD")
                .arg("COUNT")
                .arg(COUNT)
                .arg("BLOCK")
                .arg(BLOCK.as_millis() as u64)
                .arg("STREAMS")
                .arg(&self.stream)
                .arg(&from)
                .query_async(&mut conn)
                .await;
            match read {
                Ok(Some(reply)) => {
                    for entry in reply.keys.into_iter().flat_map(|key| key.ids) {
                        cursor = Some(entry.id.clone());
                        self.handle(&mut conn, entry).await;
                    }
                }
                Ok(None) => {}
                Err(err) => self.failed(&err).await,
            }
        }
    }

    /// The id of the stream's newest entry (`0-0` when empty): reading starts
    /// after it.
    async fn tail(
        &self,
        conn: &mut redis::aio::MultiplexedConnection,
    ) -> Result<String, redis::RedisError> {
        let last: Vec<StreamId> = redis::cmd("XREVRANGE")
            .arg(&self.stream)
            .arg("+")
            .arg("-")
            .arg("COUNT")
            .arg(1)
            .query_async::<redis::streams::StreamRangeReply>(conn)
            .await?
            .ids;
        Ok(last
            .into_iter()
            .next()
            .map_or_else(|| "0-0".to_owned(), |entry| entry.id))
    }

    async fn failed(&self, err: &redis::RedisError) {
        if !self.link.lost(err).await {
            // A command error (e.g. the key holds another type): wait, retry.
            tracing::error!(stream = %self.stream, error = %err, "cannot read the outbox");
            tokio::time::sleep(BLOCK).await;
        }
    }

    async fn handle(&self, conn: &mut redis::aio::MultiplexedConnection, entry: StreamId) {
        let data = entry.map.get("data").map(Vec::<u8>::from_redis_value);
        let push = match data {
            Some(Ok(bytes)) => parse_push(&bytes).map_err(|reason| (reason, bytes)),
            Some(Err(_)) => Err(("field \"data\" is not a string".to_owned(), Vec::new())),
            None => Err(("entry has no \"data\" field".to_owned(), Vec::new())),
        };
        match push {
            Ok(push) => {
                let frame = Utf8Bytes::from(event_frame(push.payload.get()));
                let sent = self.hub.publish(&push.subjects, &frame);
                self.metrics.publish.inc();
                tracing::debug!(id = %entry.id, sent, "outbox push delivered");
            }
            Err((reason, data)) => self.dead_letter(conn, &entry.id, &reason, &data).await,
        }
    }

    async fn dead_letter(
        &self,
        conn: &mut redis::aio::MultiplexedConnection,
        id: &str,
        reason: &str,
        data: &[u8],
    ) {
        tracing::warn!(stream = %self.stream, id, reason, "outbox entry dead-lettered");
        self.metrics.outbox_dead_lettered.inc();
        let added: Result<Value, _> = redis::cmd("XADD")
            .arg(&self.dlq)
            .arg("*")
            .arg("data")
            .arg(data)
            .arg("reason")
            .arg(reason)
            .arg("source")
            .arg(&self.stream)
            .arg("id")
            .arg(id)
            .query_async(conn)
            .await;
        if let Err(err) = added {
            tracing::error!(dlq = %self.dlq, id, error = %err, "cannot write to the dead-letter stream");
        }
    }
}
