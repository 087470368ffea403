//! Every environment variable the gateway reads, by name.
//!
//! SPEC §2 names come first; the few the gateway adds are marked "(gateway
//! extension)" and documented with their default in `README`/the report.

/// Address to listen on (`0.0.0.0:8000`).
pub const GATEWAY_LISTEN: &str = "GATEWAY_LISTEN";
/// API key every `/internal/*` route requires when set.
pub const GATEWAY_API_KEY: &str = "GATEWAY_API_KEY";
/// `terminator` (default) or `core`; picks the default of `EVENTS_MODE`.
pub const WS_MODE: &str = "WS_MODE";
/// `webhook|broker|both|none`: where connection events go.
pub const EVENTS_MODE: &str = "EVENTS_MODE";

/// Pinned JWT algorithm (`RS256`).
pub const JWT_ALG: &str = "JWT_ALG";
/// PEM public key, or the shared secret for HS*.
pub const JWT_PUBLIC_KEY: &str = "JWT_PUBLIC_KEY";
/// File holding what `JWT_PUBLIC_KEY` would hold.
pub const JWT_PUBLIC_KEY_FILE: &str = "JWT_PUBLIC_KEY_FILE";
/// JWKS document URL (keys looked up by `kid`).
pub const JWT_JWKS_URL: &str = "JWT_JWKS_URL";
/// Required `iss`, when set.
pub const JWT_ISSUER: &str = "JWT_ISSUER";
/// Required `aud`, when set.
pub const JWT_AUDIENCE: &str = "JWT_AUDIENCE";
/// Clock skew allowed on `exp`/`nbf`, seconds.
pub const JWT_LEEWAY: &str = "JWT_LEEWAY";
/// Claim holding the user id (`user_id`).
pub const JWT_USER_ID_CLAIM: &str = "JWT_USER_ID_CLAIM";
/// (gateway extension) Seconds a fetched JWKS is trusted before it is refetched (300).
pub const JWT_JWKS_CACHE_SECONDS: &str = "JWT_JWKS_CACHE_SECONDS";
/// (gateway extension) Minimum seconds between two JWKS fetches caused by an unknown `kid` (10).
pub const JWT_JWKS_MIN_REFRESH_SECONDS: &str = "JWT_JWKS_MIN_REFRESH_SECONDS";

/// Token bucket refill rate per connection (10; 0 disables).
pub const WS_RATE_LIMIT_PER_SEC: &str = "WS_RATE_LIMIT_PER_SEC";
/// Token bucket size per connection (20; 0 disables).
pub const WS_RATE_LIMIT_BURST: &str = "WS_RATE_LIMIT_BURST";
/// (gateway extension) Largest accepted client frame/message in bytes (65536).
pub const WS_MAX_MESSAGE_BYTES: &str = "WS_MAX_MESSAGE_BYTES";

/// Webhook target; empty skips the webhook.
pub const SYMFONY_WEBHOOK_URL: &str = "SYMFONY_WEBHOOK_URL";
/// HMAC-SHA256 secret for `X-Webhook-Signature`.
pub const SYMFONY_WEBHOOK_SECRET: &str = "SYMFONY_WEBHOOK_SECRET";
/// Retries after the first failed attempt (3).
pub const WEBHOOK_RETRY_ATTEMPTS: &str = "WEBHOOK_RETRY_ATTEMPTS";
/// First backoff, doubled per retry (0.5 s).
pub const WEBHOOK_RETRY_BASE_SECONDS: &str = "WEBHOOK_RETRY_BASE_SECONDS";
/// Per-attempt timeout (5 s).
pub const WEBHOOK_TIMEOUT_SECONDS: &str = "WEBHOOK_TIMEOUT_SECONDS";

/// `none|drop|close|buffer` (close).
pub const BACKPRESSURE_STRATEGY: &str = "BACKPRESSURE_STRATEGY";
/// Frames queued per connection (256; 0 means the default).
pub const BACKPRESSURE_PER_CONN_BUFFER: &str = "BACKPRESSURE_PER_CONN_BUFFER";
/// Frames queued over all connections (0 = no global cap).
pub const BACKPRESSURE_GLOBAL_BUFFER: &str = "BACKPRESSURE_GLOBAL_BUFFER";
/// Concurrent publish fan-outs (0 = unlimited).
pub const BACKPRESSURE_MAX_INFLIGHT: &str = "BACKPRESSURE_MAX_INFLIGHT";
/// `oldest|newest`: which frame `drop`/`buffer` discard (oldest).
pub const BACKPRESSURE_DROP_POLICY: &str = "BACKPRESSURE_DROP_POLICY";

/// `LOG_LEVEL` (info): trace, debug, info, warn(ing), error, critical.
pub const LOG_LEVEL: &str = "LOG_LEVEL";
/// `json|text` (json).
pub const LOG_FORMAT: &str = "LOG_FORMAT";
/// (gateway extension) Seconds SIGTERM waits for clients to close and events to flush (10).
pub const SHUTDOWN_TIMEOUT_SECONDS: &str = "SHUTDOWN_TIMEOUT_SECONDS";

/// Redis DSN for the outbox/inbox/events streams.
pub const REDIS_DSN: &str = "REDIS_DSN";
/// (gateway extension) Events held for the broker while it is unreachable
/// (10000); more are dropped and counted in `broker_events_dropped_total`.
pub const BROKER_OUTAGE_BUFFER: &str = "BROKER_OUTAGE_BUFFER";
/// Outbox stream (`ws.outbox`).
pub const REDIS_STREAM: &str = "REDIS_STREAM";
/// Inbox stream (`ws.inbox`).
pub const REDIS_INBOX_STREAM: &str = "REDIS_INBOX_STREAM";
/// Events stream (`ws.events`).
pub const REDIS_EVENTS_STREAM: &str = "REDIS_EVENTS_STREAM";
/// Dead-letter stream (`ws.dlq`).
pub const REDIS_DLQ_STREAM: &str = "REDIS_DLQ_STREAM";
/// RabbitMQ DSN (`amqp://user:pass@host:port/vhost`).
pub const RABBITMQ_DSN: &str = "RABBITMQ_DSN";
/// Outbox exchange (`ws.outbox`).
pub const RABBITMQ_EXCHANGE: &str = "RABBITMQ_EXCHANGE";
/// Outbox routing key (`ws.outbox`).
pub const RABBITMQ_ROUTING_KEY: &str = "RABBITMQ_ROUTING_KEY";
/// Old stack's shared outbox queue (`ws.outbox`): read, not used (each gateway binds its own queue).
pub const RABBITMQ_QUEUE: &str = "RABBITMQ_QUEUE";
/// Outbox queue message TTL in ms (0 = none).
pub const RABBITMQ_QUEUE_TTL_MS: &str = "RABBITMQ_QUEUE_TTL_MS";
/// Inbox exchange (`ws.inbox`).
pub const RABBITMQ_INBOX_EXCHANGE: &str = "RABBITMQ_INBOX_EXCHANGE";
/// Inbox routing key (`ws.inbox`).
pub const RABBITMQ_INBOX_ROUTING_KEY: &str = "RABBITMQ_INBOX_ROUTING_KEY";
/// Optional inbox queue.
pub const RABBITMQ_INBOX_QUEUE: &str = "RABBITMQ_INBOX_QUEUE";
/// Inbox queue message TTL in ms (0 = none).
pub const RABBITMQ_INBOX_QUEUE_TTL_MS: &str = "RABBITMQ_INBOX_QUEUE_TTL_MS";
/// Events exchange (`ws.events`).
pub const RABBITMQ_EVENTS_EXCHANGE: &str = "RABBITMQ_EVENTS_EXCHANGE";
/// Events routing key (`ws.events`).
pub const RABBITMQ_EVENTS_ROUTING_KEY: &str = "RABBITMQ_EVENTS_ROUTING_KEY";
/// Optional events queue.
pub const RABBITMQ_EVENTS_QUEUE: &str = "RABBITMQ_EVENTS_QUEUE";
/// Events queue message TTL in ms (0 = none).
pub const RABBITMQ_EVENTS_QUEUE_TTL_MS: &str = "RABBITMQ_EVENTS_QUEUE_TTL_MS";
/// Dead-letter exchange (`ws.dlq`).
pub const RABBITMQ_DLQ_EXCHANGE: &str = "RABBITMQ_DLQ_EXCHANGE";
/// Dead-letter queue (`ws.dlq`).
pub const RABBITMQ_DLQ_QUEUE: &str = "RABBITMQ_DLQ_QUEUE";

/// `none|bounded|durable` (none).
pub const REPLAY_STRATEGY: &str = "REPLAY_STRATEGY";
/// Stream length cap (0 = none).
pub const REPLAY_MAXLEN: &str = "REPLAY_MAXLEN";
/// Stream age cap in seconds (0 = none).
pub const REPLAY_RETENTION_SECONDS: &str = "REPLAY_RETENTION_SECONDS";

/// `none|topic|subject` (none).
pub const ORDERING_STRATEGY: &str = "ORDERING_STRATEGY";
/// Message field naming the topic (`topic`).
pub const ORDERING_TOPIC_FIELD: &str = "ORDERING_TOPIC_FIELD";
/// `user|subject` (user).
pub const ORDERING_SUBJECT_SOURCE: &str = "ORDERING_SUBJECT_SOURCE";
/// `none|suffix` (none).
pub const ORDERING_PARTITION_MODE: &str = "ORDERING_PARTITION_MODE";
/// Longest partition suffix before it is hashed (64).
pub const ORDERING_PARTITION_MAX_LEN: &str = "ORDERING_PARTITION_MAX_LEN";

/// Redis DSN for presence keys (default: `REDIS_DSN`).
pub const PRESENCE_REDIS_DSN: &str = "PRESENCE_REDIS_DSN";
/// Presence key prefix (`presence:`).
pub const PRESENCE_REDIS_PREFIX: &str = "PRESENCE_REDIS_PREFIX";
/// `ttl|heartbeat|session` (ttl).
pub const PRESENCE_STRATEGY: &str = "PRESENCE_STRATEGY";
/// TTL of presence keys (120).
pub const PRESENCE_TTL_SECONDS: &str = "PRESENCE_TTL_SECONDS";
/// Expected heartbeat interval (30).
pub const PRESENCE_HEARTBEAT_SECONDS: &str = "PRESENCE_HEARTBEAT_SECONDS";
/// Grace on top of the heartbeat interval (15).
pub const PRESENCE_GRACE_SECONDS: &str = "PRESENCE_GRACE_SECONDS";
/// Refresh presence on every message (1).
pub const PRESENCE_REFRESH_ON_MESSAGE: &str = "PRESENCE_REFRESH_ON_MESSAGE";
