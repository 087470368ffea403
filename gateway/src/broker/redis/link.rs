//! One Redis connection that reconnects itself with capped exponential backoff
//! and reports whether it is up (for `/ready`).

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBuilder};
use redis::aio::MultiplexedConnection;
use redis::{AsyncConnectionConfig, Client, RedisError};
use tokio::sync::Mutex;

use crate::Error;

/// First reconnect delay.
const RECONNECT_MIN: Duration = Duration::from_millis(100);
/// Longest reconnect delay.
const RECONNECT_MAX: Duration = Duration::from_secs(5);
/// How long opening a TCP connection may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);

/// A named, self-healing Redis connection.
pub struct RedisLink {
    name: &'static str,
    client: Client,
    config: AsyncConnectionConfig,
    connection: Mutex<Option<MultiplexedConnection>>,
    up: AtomicBool,
}

impl RedisLink {
    /// A link to `dsn` (not connected yet) whose commands time out after
    /// `response_timeout`; `name` appears in logs and `/ready`.
    pub fn new(name: &'static str, dsn: &str, response_timeout: Duration) -> Result<Self, Error> {
        let client = Client::open(dsn).map_err(|source| Error::Redis {
            context: "parsing the Redis DSN",
            source,
        })?;
        Ok(Self {
            name,
            client,
            config: AsyncConnectionConfig::new()
                .set_connection_timeout(CONNECT_TIMEOUT)
                .set_response_timeout(response_timeout),
            connection: Mutex::new(None),
            up: AtomicBool::new(false),
        })
    }

    /// The link's name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Whether the last command or connect succeeded.
    pub fn is_up(&self) -> bool {
        self.up.load(Ordering::SeqCst)
    }

    /// The live connection, reconnecting (with backoff, for as long as it
    /// takes) when there is none.
    pub async fn connection(&self) -> MultiplexedConnection {
        let mut slot = self.connection.lock().await;
        if let Some(conn) = slot.as_ref() {
            return conn.clone();
        }
        let mut delays = ExponentialBuilder::new()
            .with_min_delay(RECONNECT_MIN)
            .with_max_delay(RECONNECT_MAX)
            .without_max_times()
            .build();
        let conn = loop {
            match self
                .client
                .get_multiplexed_async_connection_with_config(&self.config)
                .await
            {
                Ok(conn) => break conn,
                Err(err) => {
                    let delay = delays.next().unwrap_or(RECONNECT_MAX);
                    tracing::warn!(link = self.name, error = %err, ?delay, "Redis unreachable; retrying");
                    tokio::time::sleep(delay).await;
                }
            }
        };
        tracing::info!(link = self.name, "Redis connected");
        self.up.store(true, Ordering::SeqCst);
        *slot = Some(conn.clone());
        conn
    }

    /// Forgets the connection after `err` if it says the connection is gone,
    /// so the next [`RedisLink::connection`] reconnects; true in that case.
    pub async fn lost(&self, err: &RedisError) -> bool {
        let gone = err.is_io_error()
            || err.is_connection_dropped()
            || err.is_connection_refusal()
            || err.is_timeout()
            || err.is_unrecoverable_error();
        if gone {
            if self.up.swap(false, Ordering::SeqCst) {
                tracing::warn!(link = self.name, error = %err, "Redis connection lost");
            }
            self.connection.lock().await.take();
        }
        gone
    }
}
