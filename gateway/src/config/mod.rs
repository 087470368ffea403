//! Gateway configuration: every SPEC §2 environment variable, parsed up front.
//!
//! [`Config::from_source`] reads all variables and reports every mistake at
//! once ([`ConfigErrors`]), so an operator fixes a deployment in one round.

mod brokers;
mod jwt;
pub mod names;
mod reader;
mod source;

use std::net::SocketAddr;
use std::time::Duration;

pub use brokers::{
    BrokerSettings, OrderingSettings, OrderingStrategy, PartitionMode, PresenceSettings,
    PresenceStrategy, ReplayStrategy, SubjectSource,
};
pub use jwt::{JwtKeySource, JwtSettings};
pub use reader::{ConfigErrors, ConfigIssue};
pub use source::{ConfigSource, Environment};

use jwt::read_jwt;
use names::*;
use reader::Reader;

/// Default per-connection send queue, used when `BACKPRESSURE_PER_CONN_BUFFER` is 0.
pub const DEFAULT_PER_CONN_BUFFER: usize = 256;

/// Everything the gateway needs to run.
#[derive(Clone)]
pub struct Config {
    /// Socket address to bind.
    pub listen: SocketAddr,
    /// Key required on `/internal/*`, when set.
    pub api_key: Option<String>,
    /// Token verification.
    pub jwt: JwtSettings,
    /// Client frame limits.
    pub ws: WsSettings,
    /// Per-connection send queues.
    pub backpressure: BackpressureSettings,
    /// Where connection events go.
    pub events_mode: EventsMode,
    /// Webhook delivery.
    pub webhook: WebhookSettings,
    /// Logging.
    pub log: LogSettings,
    /// How long SIGTERM waits for clients and pending events.
    pub shutdown_timeout: Duration,
    /// Broker settings: Redis and RabbitMQ, for core mode and broker events.
    pub brokers: BrokerSettings,
    /// Redis presence settings.
    pub presence: PresenceSettings,
    /// Ordering keys of `message_received` events.
    pub ordering: OrderingSettings,
}

/// Limits on client frames.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WsSettings {
    /// Token bucket refill per second; 0 disables the limit.
    pub rate_limit_per_sec: f64,
    /// Token bucket size; 0 disables the limit.
    pub rate_limit_burst: f64,
    /// Largest accepted message in bytes.
    pub max_message_bytes: usize,
}

/// What happens when a client's send queue is full.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackpressureStrategy {
    /// No special handling: frames over the bound are dropped (newest) and logged.
    None,
    /// Drop a frame (per [`DropPolicy`]); the client stays connected.
    Drop,
    /// Close the client with 1013.
    Close,
    /// Let a client exceed its own buffer while the global buffer has room,
    /// then drop per [`DropPolicy`].
    Buffer,
}

/// Which frame `drop`/`buffer` discard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DropPolicy {
    /// Discard the oldest queued frame to make room.
    Oldest,
    /// Discard the frame being published.
    Newest,
}

/// Send-queue limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackpressureSettings {
    /// Overflow behaviour.
    pub strategy: BackpressureStrategy,
    /// Frames queued per connection.
    pub per_conn_buffer: usize,
    /// Frames queued over all connections (0 = no global cap).
    pub global_buffer: usize,
    /// Concurrent publish fan-outs (0 = unlimited).
    pub max_inflight: usize,
    /// Which frame is discarded.
    pub drop_policy: DropPolicy,
}

/// Where connection events are sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventsMode {
    /// Signed HTTP webhook.
    Webhook,
    /// Broker streams/exchanges (core mode).
    Broker,
    /// Both.
    Both,
    /// Nowhere.
    None,
}

impl EventsMode {
    /// Whether events go to the webhook.
    pub fn webhook(self) -> bool {
        matches!(self, Self::Webhook | Self::Both)
    }

    /// Whether events go to a broker.
    pub fn broker(self) -> bool {
        matches!(self, Self::Broker | Self::Both)
    }
}

/// Webhook delivery settings.
#[derive(Clone)]
pub struct WebhookSettings {
    /// Target URL; `None` skips the webhook.
    pub url: Option<String>,
    /// HMAC secret for `X-Webhook-Signature`.
    pub secret: Option<String>,
    /// Retries after the first failed attempt.
    pub retry_attempts: u32,
    /// First backoff; doubled per retry.
    pub retry_base: Duration,
    /// Per-attempt timeout.
    pub timeout: Duration,
}

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// One JSON object per line.
    Json,
    /// Human-readable text.
    Text,
}

/// Logging settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogSettings {
    /// A `tracing` level directive (`info`, `debug`, ...).
    pub level: String,
    /// Output format.
    pub format: LogFormat,
}

impl Config {
    /// Reads and validates every variable from `source`, reporting all mistakes together.
    pub fn from_source(source: &dyn ConfigSource) -> Result<Self, ConfigErrors> {
        let mut r = Reader::new(source);
        let listen = r.parse(
            GATEWAY_LISTEN,
            SocketAddr::from(([0, 0, 0, 0], 8000)),
            "host:port such as 0.0.0.0:8000",
        );
        let api_key = r.optional(GATEWAY_API_KEY);
        let jwt = read_jwt(&mut r);
        let ws = read_ws(&mut r);
        let backpressure = read_backpressure(&mut r);
        let webhook = read_webhook(&mut r);
        let log = read_log(&mut r);
        let shutdown_timeout = Duration::from_secs_f64(r.seconds(SHUTDOWN_TIMEOUT_SECONDS, 10.0));
        let brokers = BrokerSettings::read(&mut r);
        let presence = PresenceSettings::read(&mut r, brokers.redis_dsn.as_deref());
        let ordering = OrderingSettings::read(&mut r);

        let core = r.choice(WS_MODE, false, &[("terminator", false), ("core", true)]);
        let default_mode = if core {
            EventsMode::Broker
        } else {
            EventsMode::Webhook
        };
        let events_mode = r.choice(
            EVENTS_MODE,
            default_mode,
            &[
                ("webhook", EventsMode::Webhook),
                ("broker", EventsMode::Broker),
                ("both", EventsMode::Both),
                ("none", EventsMode::None),
            ],
        );
        if events_mode.broker() && brokers.redis_dsn.is_none() && brokers.rabbitmq_dsn.is_none() {
            r.fail(
                EVENTS_MODE,
                "broker events need a broker: set REDIS_DSN and/or RABBITMQ_DSN, \
                 or use EVENTS_MODE=webhook or none",
            );
        }

        r.finish()?;
        Ok(Self {
            listen,
            api_key,
            jwt: jwt.ok_or_else(|| unreachable_issue(JWT_ALG))?,
            ws,
            backpressure,
            events_mode,
            webhook,
            log,
            shutdown_timeout,
            brokers,
            presence,
            ordering,
        })
    }
}

/// Only reached if a reader forgot to record why it returned nothing.
fn unreachable_issue(var: &'static str) -> ConfigErrors {
    ConfigErrors(vec![ConfigIssue {
        var,
        problem: "invalid".into(),
    }])
}

fn read_ws(r: &mut Reader<'_>) -> WsSettings {
    let rate_limit_per_sec = r.non_negative(WS_RATE_LIMIT_PER_SEC, 10.0, "frames per second");
    let rate_limit_burst = r.non_negative(WS_RATE_LIMIT_BURST, 20.0, "a number of frames");
    let max_message_bytes = r.parse(WS_MAX_MESSAGE_BYTES, 65_536usize, "a number of bytes");
    if max_message_bytes < 64 {
        r.fail(WS_MAX_MESSAGE_BYTES, "must be at least 64 bytes");
    }
    WsSettings {
        rate_limit_per_sec,
        rate_limit_burst,
        max_message_bytes,
    }
}

fn read_backpressure(r: &mut Reader<'_>) -> BackpressureSettings {
    let strategy = r.choice(
        BACKPRESSURE_STRATEGY,
        BackpressureStrategy::Close,
        &[
            ("none", BackpressureStrategy::None),
            ("drop", BackpressureStrategy::Drop),
            ("close", BackpressureStrategy::Close),
            ("buffer", BackpressureStrategy::Buffer),
        ],
    );
    let per_conn = r.parse(BACKPRESSURE_PER_CONN_BUFFER, 0usize, "a number of frames");
    let global_buffer = r.parse(BACKPRESSURE_GLOBAL_BUFFER, 0usize, "a number of frames");
    let max_inflight = r.parse(BACKPRESSURE_MAX_INFLIGHT, 0usize, "a number of publishes");
    let drop_policy = r.choice(
        BACKPRESSURE_DROP_POLICY,
        DropPolicy::Oldest,
        &[
            ("oldest", DropPolicy::Oldest),
            ("newest", DropPolicy::Newest),
        ],
    );
    BackpressureSettings {
        strategy,
        per_conn_buffer: if per_conn == 0 {
            DEFAULT_PER_CONN_BUFFER
        } else {
            per_conn
        },
        global_buffer,
        max_inflight,
        drop_policy,
    }
}

fn read_webhook(r: &mut Reader<'_>) -> WebhookSettings {
    let url = r.optional(SYMFONY_WEBHOOK_URL);
    if let Some(url) = &url {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            r.fail(SYMFONY_WEBHOOK_URL, "expected an http:// or https:// URL");
        }
    }
    let secret = r.optional_raw(SYMFONY_WEBHOOK_SECRET);
    let retry_attempts = r.parse(WEBHOOK_RETRY_ATTEMPTS, 3u32, "a whole number");
    let retry_base = Duration::from_secs_f64(r.seconds(WEBHOOK_RETRY_BASE_SECONDS, 0.5));
    let timeout_secs = r.seconds(WEBHOOK_TIMEOUT_SECONDS, 5.0);
    if timeout_secs == 0.0 {
        r.fail(WEBHOOK_TIMEOUT_SECONDS, "must be greater than 0");
    }
    WebhookSettings {
        url,
        secret,
        retry_attempts,
        retry_base,
        timeout: Duration::from_secs_f64(timeout_secs.max(0.001)),
    }
}

fn read_log(r: &mut Reader<'_>) -> LogSettings {
    let level = r.choice(
        LOG_LEVEL,
        "info",
        &[
            ("trace", "trace"),
            ("debug", "debug"),
            ("info", "info"),
            ("warn", "warn"),
            ("warning", "warn"),
            ("error", "error"),
            ("critical", "error"),
        ],
    );
    let format = r.choice(
        LOG_FORMAT,
        LogFormat::Json,
        &[("json", LogFormat::Json), ("text", LogFormat::Text)],
    );
    LogSettings {
        level: level.to_owned(),
        format,
    }
}

#[cfg(test)]
mod tests;
