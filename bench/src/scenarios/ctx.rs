//! What every scenario shares: sizes (full or `--quick`), paths and URLs,
//! and the gateway environment the bench sets on top of the defaults.

use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Sizes of the load, full or `--quick`.
#[derive(Debug, Clone)]
pub struct Sizes {
    /// Clients of `idle_memory_10k`.
    pub idle_conns: usize,
    /// Upper bound of clients of `idle_memory_max` (the fd limit lowers it).
    pub max_conns: usize,
    /// How long a throughput loop runs at most.
    pub window: Duration,
    /// Operations a throughput loop stops at, if the window is not over first.
    pub max_ops: u64,
    /// Clients of `broadcast_10k`.
    pub broadcast_conns: usize,
    /// Broadcast rounds per run.
    pub broadcast_rounds: usize,
    /// Entries of `redis_outbox`.
    pub outbox_entries: u64,
    /// Messages per client of `redis_inbox`.
    pub inbox_per_client: u64,
    /// Messages per client of `webhook_burst`.
    pub webhook_per_client: u64,
}

impl Sizes {
    /// The sizes of a full or a `--quick` run.
    pub fn new(quick: bool) -> Self {
        if quick {
            Self {
                idle_conns: 500,
                max_conns: 1_000,
                window: Duration::from_millis(1_000),
                max_ops: 20_000,
                broadcast_conns: 500,
                broadcast_rounds: 2,
                outbox_entries: 2_000,
                inbox_per_client: 20,
                webhook_per_client: 20,
            }
        } else {
            Self {
                idle_conns: 10_000,
                max_conns: 100_000,
                window: Duration::from_secs(5),
                max_ops: 2_000_000,
                broadcast_conns: 10_000,
                broadcast_rounds: 5,
                outbox_entries: 200_000,
                inbox_per_client: 2_000,
                webhook_per_client: 200,
            }
        }
    }
}

/// What every scenario needs.
pub struct Ctx {
    /// The gateway binary.
    pub gateway_bin: PathBuf,
    /// Tiny sizes, one run.
    pub quick: bool,
    /// Sizes of the load.
    pub sizes: Sizes,
    /// RS256 private key (tokens).
    pub rsa_private_key: PathBuf,
    /// RS256 public key (gateway).
    pub rsa_public_key: PathBuf,
    /// Redis URL for core mode.
    pub redis_url: String,
    /// Open-file limit of this process (and of the gateways it starts).
    pub nofile: u64,
}

impl Ctx {
    /// Environment every bench gateway gets: quiet logs, an API key, and rate
    /// limits raised out of the load's way.
    pub fn base_env(&self, api_key: &str) -> Vec<(String, String)> {
        [
            ("LOG_LEVEL", "error"),
            ("LOG_FORMAT", "text"),
            ("GATEWAY_API_KEY", api_key),
            ("WS_RATE_LIMIT_PER_SEC", RAISED_RATE_LIMIT),
            ("WS_RATE_LIMIT_BURST", RAISED_RATE_LIMIT),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
    }

    /// [`Ctx::base_env`] plus a per-connection send queue large enough that
    /// the bench's own receivers, sharing two cores with the gateway, are not
    /// closed with 1013 when the scheduler pauses them.
    pub fn throughput_env(&self, api_key: &str) -> Vec<(String, String)> {
        let mut env = self.base_env(api_key);
        env.push((
            "BACKPRESSURE_PER_CONN_BUFFER".into(),
            RAISED_CONN_BUFFER.into(),
        ));
        env
    }
}

/// Send queue per connection in throughput figures (default 256 frames).
pub const RAISED_CONN_BUFFER: &str = "65536";

/// Note for figures that raise the send queue.
pub const BUFFER_NOTE: &str =
    "BACKPRESSURE_PER_CONN_BUFFER=65536 (default 256; strategy stays close)";

/// Per-connection token bucket in the bench's gateways (the default 10/s,
/// burst 20, would throttle the load instead of measuring the gateway).
pub const RAISED_RATE_LIMIT: &str = "1000000";

/// Note for figures whose clients send messages.
pub const RATE_LIMIT_NOTE: &str =
    "WS_RATE_LIMIT_PER_SEC/BURST raised to 1000000 (defaults 10/20 would throttle the load)";

/// A name unique to this process and moment (Redis keys, secrets, users).
pub fn unique(prefix: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("{prefix}{}-{nanos:x}", std::process::id())
}

/// `"; n duplicates (at-least-once)"`, or nothing when there were none, so
/// notes stay the same from run to run unless something happened.
pub fn duplicates_note(n: u64) -> String {
    if n == 0 {
        String::new()
    } else {
        format!("; {n} duplicates (delivery is at-least-once)")
    }
}
