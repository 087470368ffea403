//! Core-mode settings (brokers, Redis presence, ordering, retention).
//!
//! Read by the Redis and RabbitMQ sinks, outbox readers and presence writer.

use super::names::*;
use super::reader::Reader;

/// How long broker streams keep entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplayStrategy {
    /// No trimming.
    None,
    /// Trim by `REPLAY_MAXLEN` / `REPLAY_RETENTION_SECONDS`.
    Bounded,
    /// Keep everything.
    Durable,
}

/// Redis and RabbitMQ names and connections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokerSettings {
    /// `REDIS_DSN`.
    pub redis_dsn: Option<String>,
    /// `BROKER_OUTAGE_BUFFER`: events held while the broker is unreachable.
    pub outage_buffer: usize,
    /// `REDIS_STREAM` (outbox).
    pub redis_outbox_stream: String,
    /// `REDIS_INBOX_STREAM`.
    pub redis_inbox_stream: String,
    /// `REDIS_EVENTS_STREAM`.
    pub redis_events_stream: String,
    /// `REDIS_DLQ_STREAM`.
    pub redis_dlq_stream: String,
    /// `RABBITMQ_DSN`.
    pub rabbitmq_dsn: Option<String>,
    /// `RABBITMQ_EXCHANGE` (outbox).
    pub rabbitmq_outbox_exchange: String,
    /// `RABBITMQ_ROUTING_KEY` (outbox).
    pub rabbitmq_outbox_routing_key: String,
    /// `RABBITMQ_QUEUE` (outbox): read for compatibility, not used — each gateway binds its own queue.
    pub rabbitmq_outbox_queue: String,
    /// `RABBITMQ_QUEUE_TTL_MS`.
    pub rabbitmq_outbox_queue_ttl_ms: u64,
    /// `RABBITMQ_INBOX_EXCHANGE`.
    pub rabbitmq_inbox_exchange: String,
    /// `RABBITMQ_INBOX_ROUTING_KEY`.
    pub rabbitmq_inbox_routing_key: String,
    /// `RABBITMQ_INBOX_QUEUE`.
    pub rabbitmq_inbox_queue: Option<String>,
    /// `RABBITMQ_INBOX_QUEUE_TTL_MS`.
    pub rabbitmq_inbox_queue_ttl_ms: u64,
    /// `RABBITMQ_EVENTS_EXCHANGE`.
    pub rabbitmq_events_exchange: String,
    /// `RABBITMQ_EVENTS_ROUTING_KEY`.
    pub rabbitmq_events_routing_key: String,
    /// `RABBITMQ_EVENTS_QUEUE`.
    pub rabbitmq_events_queue: Option<String>,
    /// `RABBITMQ_EVENTS_QUEUE_TTL_MS`.
    pub rabbitmq_events_queue_ttl_ms: u64,
    /// `RABBITMQ_DLQ_EXCHANGE`.
    pub rabbitmq_dlq_exchange: String,
    /// `RABBITMQ_DLQ_QUEUE`.
    pub rabbitmq_dlq_queue: String,
    /// `REPLAY_STRATEGY`.
    pub replay_strategy: ReplayStrategy,
    /// `REPLAY_MAXLEN` (0 = none).
    pub replay_maxlen: u64,
    /// `REPLAY_RETENTION_SECONDS` (0 = none).
    pub replay_retention_seconds: u64,
}

/// Why a Redis DSN can't be used, if it can't. TLS is refused here rather than
/// at connect time: this build has no TLS, and a config error (exit 2) names
/// the variable where a failed connect would not.
fn redis_dsn_problem(dsn: &str) -> Option<&'static str> {
    if dsn.starts_with("rediss://") {
        Some("rediss:// (TLS) is not supported by this build; use redis:// on a private network or a TLS tunnel")
    } else if !dsn.starts_with("redis://") {
        Some("expected a redis://host:port DSN")
    } else {
        None
    }
}

/// Why an AMQP DSN can't be used, if it can't. `amqps://` must fail loudly: the
/// AMQP client is built without TLS and would otherwise connect in plain text,
/// sending the password in clear.
fn amqp_dsn_problem(dsn: &str) -> Option<&'static str> {
    if dsn.starts_with("amqps://") {
        Some("amqps:// (TLS) is not supported by this build; use amqp:// on a private network or a TLS tunnel")
    } else if !dsn.starts_with("amqp://") {
        Some("expected an amqp://user:pass@host:port/vhost DSN")
    } else {
        None
    }
}

impl BrokerSettings {
    pub(super) fn read(r: &mut Reader<'_>) -> Self {
        let redis_dsn = r.optional_raw(REDIS_DSN).map(|v| v.trim().to_owned());
        if let Some(dsn) = &redis_dsn {
            if let Some(problem) = redis_dsn_problem(dsn) {
                r.fail(REDIS_DSN, problem);
            }
        }
        let rabbitmq_dsn = r.optional_raw(RABBITMQ_DSN).map(|v| v.trim().to_owned());
        if let Some(dsn) = &rabbitmq_dsn {
            if let Some(problem) = amqp_dsn_problem(dsn) {
                r.fail(RABBITMQ_DSN, problem);
            }
        }
        let outage_buffer = r.parse(BROKER_OUTAGE_BUFFER, 10_000usize, "a number of events");
        if outage_buffer == 0 {
            r.fail(BROKER_OUTAGE_BUFFER, "must be at least 1");
        }
        Self {
            redis_dsn,
            outage_buffer,
            redis_outbox_stream: r.string(REDIS_STREAM, "ws.outbox"),
            redis_inbox_stream: r.string(REDIS_INBOX_STREAM, "ws.inbox"),
            redis_events_stream: r.string(REDIS_EVENTS_STREAM, "ws.events"),
            redis_dlq_stream: r.string(REDIS_DLQ_STREAM, "ws.dlq"),
            rabbitmq_dsn,
            rabbitmq_outbox_exchange: r.string(RABBITMQ_EXCHANGE, "ws.outbox"),
            rabbitmq_outbox_routing_key: r.string(RABBITMQ_ROUTING_KEY, "ws.outbox"),
            rabbitmq_outbox_queue: r.string(RABBITMQ_QUEUE, "ws.outbox"),
            rabbitmq_outbox_queue_ttl_ms: r.parse(RABBITMQ_QUEUE_TTL_MS, 0, "milliseconds"),
            rabbitmq_inbox_exchange: r.string(RABBITMQ_INBOX_EXCHANGE, "ws.inbox"),
            rabbitmq_inbox_routing_key: r.string(RABBITMQ_INBOX_ROUTING_KEY, "ws.inbox"),
            rabbitmq_inbox_queue: r.optional(RABBITMQ_INBOX_QUEUE),
            rabbitmq_inbox_queue_ttl_ms: r.parse(RABBITMQ_INBOX_QUEUE_TTL_MS, 0, "milliseconds"),
            rabbitmq_events_exchange: r.string(RABBITMQ_EVENTS_EXCHANGE, "ws.events"),
            rabbitmq_events_routing_key: r.string(RABBITMQ_EVENTS_ROUTING_KEY, "ws.events"),
            rabbitmq_events_queue: r.optional(RABBITMQ_EVENTS_QUEUE),
            rabbitmq_events_queue_ttl_ms: r.parse(RABBITMQ_EVENTS_QUEUE_TTL_MS, 0, "milliseconds"),
            rabbitmq_dlq_exchange: r.string(RABBITMQ_DLQ_EXCHANGE, "ws.dlq"),
            rabbitmq_dlq_queue: r.string(RABBITMQ_DLQ_QUEUE, "ws.dlq"),
            replay_strategy: r.choice(
                REPLAY_STRATEGY,
                ReplayStrategy::None,
                &[
                    ("none", ReplayStrategy::None),
                    ("bounded", ReplayStrategy::Bounded),
                    ("durable", ReplayStrategy::Durable),
                ],
            ),
            replay_maxlen: r.parse(REPLAY_MAXLEN, 0, "a whole number of entries"),
            replay_retention_seconds: r.parse(REPLAY_RETENTION_SECONDS, 0, "whole seconds"),
        }
    }
}

/// How presence entries expire in Redis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PresenceStrategy {
    /// Keys expire after `PRESENCE_TTL_SECONDS`.
    Ttl,
    /// Keys expire after heartbeat + grace.
    Heartbeat,
    /// Keys live as long as the session.
    Session,
}

/// Redis presence settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresenceSettings {
    /// `PRESENCE_REDIS_DSN` (default `REDIS_DSN`).
    pub redis_dsn: Option<String>,
    /// `PRESENCE_REDIS_PREFIX`.
    pub prefix: String,
    /// `PRESENCE_STRATEGY`.
    pub strategy: PresenceStrategy,
    /// `PRESENCE_TTL_SECONDS`.
    pub ttl_seconds: u64,
    /// `PRESENCE_HEARTBEAT_SECONDS`.
    pub heartbeat_seconds: u64,
    /// `PRESENCE_GRACE_SECONDS`.
    pub grace_seconds: u64,
    /// `PRESENCE_REFRESH_ON_MESSAGE`.
    pub refresh_on_message: bool,
}

impl PresenceSettings {
    pub(super) fn read(r: &mut Reader<'_>, redis_dsn: Option<&str>) -> Self {
        let dsn = r
            .optional_raw(PRESENCE_REDIS_DSN)
            .map(|v| v.trim().to_owned())
            .or_else(|| redis_dsn.map(str::to_owned));
        if let Some(dsn) = &dsn {
            if let Some(problem) = redis_dsn_problem(dsn) {
                r.fail(PRESENCE_REDIS_DSN, problem);
            }
        }
        Self {
            redis_dsn: dsn,
            prefix: r.string(PRESENCE_REDIS_PREFIX, "presence:"),
            strategy: r.choice(
                PRESENCE_STRATEGY,
                PresenceStrategy::Ttl,
                &[
                    ("ttl", PresenceStrategy::Ttl),
                    ("heartbeat", PresenceStrategy::Heartbeat),
                    ("session", PresenceStrategy::Session),
                ],
            ),
            ttl_seconds: r.parse(PRESENCE_TTL_SECONDS, 120, "whole seconds"),
            heartbeat_seconds: r.parse(PRESENCE_HEARTBEAT_SECONDS, 30, "whole seconds"),
            grace_seconds: r.parse(PRESENCE_GRACE_SECONDS, 15, "whole seconds"),
            refresh_on_message: r.flag(PRESENCE_REFRESH_ON_MESSAGE, true),
        }
    }
}

/// `ORDERING_STRATEGY`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderingStrategy {
    /// No ordering key.
    None,
    /// Key from the message's topic field.
    Topic,
    /// Key from the message's subject or the connection.
    Subject,
}

/// `ORDERING_SUBJECT_SOURCE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubjectSource {
    /// Fall back to the connection's user id.
    User,
    /// Fall back to the connection's first subject.
    Subject,
}

/// `ORDERING_PARTITION_MODE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartitionMode {
    /// One stream / routing key.
    None,
    /// Append the ordering key to the stream name / routing key.
    Suffix,
}

/// Ordering-key settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderingSettings {
    /// `ORDERING_STRATEGY`.
    pub strategy: OrderingStrategy,
    /// `ORDERING_TOPIC_FIELD`.
    pub topic_field: String,
    /// `ORDERING_SUBJECT_SOURCE`.
    pub subject_source: SubjectSource,
    /// `ORDERING_PARTITION_MODE`.
    pub partition_mode: PartitionMode,
    /// `ORDERING_PARTITION_MAX_LEN`.
    pub partition_max_len: usize,
}

impl OrderingSettings {
    pub(super) fn read(r: &mut Reader<'_>) -> Self {
        Self {
            strategy: r.choice(
                ORDERING_STRATEGY,
                OrderingStrategy::None,
                &[
                    ("none", OrderingStrategy::None),
                    ("topic", OrderingStrategy::Topic),
                    ("subject", OrderingStrategy::Subject),
                ],
            ),
            topic_field: r.string(ORDERING_TOPIC_FIELD, "topic"),
            subject_source: r.choice(
                ORDERING_SUBJECT_SOURCE,
                SubjectSource::User,
                &[
                    ("user", SubjectSource::User),
                    ("subject", SubjectSource::Subject),
                ],
            ),
            partition_mode: r.choice(
                ORDERING_PARTITION_MODE,
                PartitionMode::None,
                &[
                    ("none", PartitionMode::None),
                    ("suffix", PartitionMode::Suffix),
                ],
            ),
            partition_max_len: r.parse(ORDERING_PARTITION_MAX_LEN, 64, "a whole number"),
        }
    }
}
