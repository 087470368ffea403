//! Connection events to Redis streams: `XADD <stream> * data <json>`.
//!
//! `deliver_batch` only queues (bounded); one writer task sends the queue as
//! pipelined `XADD`s, oldest first. While Redis is up but slower than the
//! clients, a full queue makes the lane wait (nothing is lost). While Redis is
//! down the writer holds its batch and reconnects with backoff, then sends it;
//! clients do not wait, and what does not fit in the queue meanwhile is
//! dropped and counted in `broker_events_dropped_total`.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures_util::future::BoxFuture;
use snoke_ws_protocol::EventKind;
use tokio::sync::mpsc;

use super::link::RedisLink;
use crate::broker::ordering::partitioned_name;
use crate::broker::pending::{BrokerQueue, Pending};
use crate::broker::{EncodedEvent, EventSink};
use crate::config::{BrokerSettings, OrderingSettings, ReplayStrategy};
use crate::metrics::Metrics;

/// Most `XADD`s in one pipeline.
const MAX_PIPELINE: usize = 512;

/// Where events go and how streams are trimmed.
#[derive(Debug, Clone)]
struct Streams {
    inbox: String,
    events: String,
    maxlen: Option<u64>,
    retention: Option<Duration>,
    ordering: OrderingSettings,
}

impl Streams {
    fn new(brokers: &BrokerSettings, ordering: &OrderingSettings) -> Self {
        // `durable` keeps everything; otherwise the configured caps apply.
        let trims = brokers.replay_strategy != ReplayStrategy::Durable;
        Self {
            inbox: brokers.redis_inbox_stream.clone(),
            events: brokers.redis_events_stream.clone(),
            maxlen: (trims && brokers.replay_maxlen > 0).then_some(brokers.replay_maxlen),
            retention: (trims && brokers.replay_retention_seconds > 0)
                .then(|| Duration::from_secs(brokers.replay_retention_seconds)),
            ordering: ordering.clone(),
        }
    }

    fn stream_for(&self, event: &EncodedEvent) -> String {
        match event.event.kind {
            EventKind::MessageReceived => partitioned_name(
                &self.inbox,
                event.event.ordering_key.as_deref(),
                &self.ordering,
            ),
            EventKind::Connected | EventKind::Disconnected => self.events.clone(),
        }
    }

    /// The pipelined commands for `batch`: one `XADD` each (with `MAXLEN ~`),
    /// then one `XTRIM MINID ~` per touched stream when a retention is set.
    fn pipeline(&self, batch: &[Arc<EncodedEvent>]) -> redis::Pipeline {
        let mut pipe = redis::pipe();
        let mut touched: Vec<String> = Vec::new();
        for event in batch {
            let stream = self.stream_for(event);
            let cmd = pipe.cmd("XADD").arg(&stream);
            if let Some(maxlen) = self.maxlen {
                cmd.arg("MAXLEN").arg("~").arg(maxlen);
            }
            cmd.arg("*").arg("data").arg(event.body.as_ref()).ignore();
            if !touched.contains(&stream) {
                touched.push(stream);
            }
        }
        if let Some(retention) = self.retention {
            let now = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap_or_default();
            let min_ms = now.saturating_sub(retention).as_millis();
            for stream in touched {
                pipe.cmd("XTRIM")
                    .arg(stream)
                    .arg("MINID")
                    .arg("~")
                    .arg(format!("{min_ms}-0"))
                    .ignore();
            }
        }
        pipe
    }
}

/// Queues events for the Redis writer task.
pub struct RedisEventSink {
    buffer: BrokerQueue,
    link: Arc<RedisLink>,
}

impl RedisEventSink {
    /// Starts the writer task on `link`.
    pub fn start(
        link: Arc<RedisLink>,
        brokers: &BrokerSettings,
        ordering: &OrderingSettings,
        metrics: Arc<Metrics>,
    ) -> Self {
        let (buffer, rx, pending) =
            BrokerQueue::new(brokers.outage_buffer, link.name(), metrics.clone());
        tokio::spawn(write_loop(
            rx,
            link.clone(),
            Streams::new(brokers, ordering),
            pending,
            metrics,
        ));
        Self { buffer, link }
    }
}

impl EventSink for RedisEventSink {
    fn name(&self) -> &'static str {
        self.link.name()
    }

    fn deliver<'a>(&'a self, event: &'a EncodedEvent) -> BoxFuture<'a, ()> {
        let one = [Arc::new(event.clone())];
        Box::pin(async move { self.deliver_batch(&one).await })
    }

    fn deliver_batch<'a>(&'a self, events: &'a [Arc<EncodedEvent>]) -> BoxFuture<'a, ()> {
        Box::pin(self.buffer.push(events, || self.link.is_up()))
    }

    fn is_ready(&self) -> bool {
        self.link.is_up()
    }

    fn flush(&self) -> BoxFuture<'_, ()> {
        Box::pin(self.buffer.drained())
    }
}

async fn write_loop(
    mut rx: mpsc::Receiver<Arc<EncodedEvent>>,
    link: Arc<RedisLink>,
    streams: Streams,
    pending: Arc<Pending>,
    metrics: Arc<Metrics>,
) {
    // Connect up front so `/ready` reflects Redis before the first event.
    link.connection().await;
    let mut batch = Vec::with_capacity(MAX_PIPELINE);
    while rx.recv_many(&mut batch, MAX_PIPELINE).await > 0 {
        let pipe = streams.pipeline(&batch);
        loop {
            let mut conn = link.connection().await;
            match pipe.query_async::<()>(&mut conn).await {
                Ok(()) => {
                    metrics.broker_publish.inc_by(batch.len() as u64);
                    break;
                }
                Err(err) => {
                    if link.lost(&err).await {
                        continue;
                    }
                    // Redis refused the commands (e.g. a key of another type):
                    // retrying cannot help.
                    metrics.broker_events_dropped.inc_by(batch.len() as u64);
                    tracing::error!(error = %err, events = batch.len(), "Redis refused events; dropped");
                    break;
                }
            }
        }
        pending.done(batch.len());
        batch.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, PartitionMode};
    use std::collections::HashMap;

    fn brokers(vars: &[(&str, &str)]) -> (BrokerSettings, OrderingSettings) {
        let mut map: HashMap<&str, &str> =
            HashMap::from([("JWT_ALG", "HS256"), ("JWT_PUBLIC_KEY", "s")]);
        map.extend(vars.iter().copied());
        let config = Config::from_source(&map).unwrap();
        (config.brokers, config.ordering)
    }

    #[test]
    fn durable_replay_never_trims_and_other_strategies_apply_the_caps() {
        let caps = [("REPLAY_MAXLEN", "100"), ("REPLAY_RETENTION_SECONDS", "60")];
        for (strategy, trims) in [("none", true), ("bounded", true), ("durable", false)] {
            let mut vars = caps.to_vec();
            vars.push(("REPLAY_STRATEGY", strategy));
            let (b, o) = brokers(&vars);
            let streams = Streams::new(&b, &o);
            assert_eq!(streams.maxlen.is_some(), trims, "{strategy}");
            assert_eq!(streams.retention.is_some(), trims, "{strategy}");
        }
        let (b, o) = brokers(&[("REPLAY_STRATEGY", "bounded")]);
        let streams = Streams::new(&b, &o);
        assert_eq!((streams.maxlen, streams.retention), (None, None));
    }

    #[test]
    fn only_client_messages_are_partitioned() {
        let (b, o) = brokers(&[
            ("ORDERING_STRATEGY", "topic"),
            ("ORDERING_PARTITION_MODE", "suffix"),
        ]);
        assert_eq!(o.partition_mode, PartitionMode::Suffix);
        let streams = Streams::new(&b, &o);
        let mut event = snoke_ws_protocol::Event {
            kind: EventKind::MessageReceived,
            connection_id: "c".into(),
            user_id: "1".into(),
            subjects: vec![],
            connected_at: 0,
            message: None,
            raw: None,
            traceparent: None,
            ordering_key: Some("room 1".into()),
            ordering_strategy: Some("topic".into()),
        };
        let encoded = |event: &snoke_ws_protocol::Event| EncodedEvent {
            event: event.clone(),
            body: bytes::Bytes::new(),
        };
        assert_eq!(streams.stream_for(&encoded(&event)), "ws.inbox.room_1");
        event.kind = EventKind::Connected;
        assert_eq!(streams.stream_for(&encoded(&event)), "ws.events");
    }
}
