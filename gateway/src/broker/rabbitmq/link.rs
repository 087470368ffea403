//! One RabbitMQ connection (and a confirm-mode channel on it) that reconnects
//! with capped exponential backoff, re-declares its [`Topology`] each time and
//! reports whether it is up (for `/ready`).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBuilder};
use lapin::options::ConfirmSelectOptions;
use lapin::{Channel, Connection, ConnectionProperties};
use tokio::sync::Mutex;

use super::topology::Topology;

/// First reconnect delay.
const RECONNECT_MIN: Duration = Duration::from_millis(100);
/// Longest reconnect delay.
const RECONNECT_MAX: Duration = Duration::from_secs(5);
/// How long connecting and declaring may take before it counts as a failure.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// The live connection and its confirm-mode channel.
struct Live {
    connection: Arc<Connection>,
    channel: Channel,
}

/// A named, self-healing RabbitMQ connection.
pub struct RabbitLink {
    name: &'static str,
    dsn: String,
    topology: Topology,
    live: Mutex<Option<Live>>,
    up: Arc<AtomicBool>,
    /// Which connection is current, so a late error of a replaced one does
    /// not mark the link down.
    generation: Arc<AtomicU64>,
}

impl RabbitLink {
    /// A link to `dsn` (not connected yet) declaring `topology`; `name`
    /// appears in logs and `/ready`.
    pub fn new(name: &'static str, dsn: &str, topology: Topology) -> Self {
        Self {
            name,
            dsn: dsn.to_owned(),
            topology,
            live: Mutex::new(None),
            up: Arc::new(AtomicBool::new(false)),
            generation: Arc::new(AtomicU64::new(0)),
        }
    }

    /// The link's name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// What the link declares.
    pub fn topology(&self) -> &Topology {
        &self.topology
    }

    /// Whether the connection is open.
    pub fn is_up(&self) -> bool {
        self.up.load(Ordering::SeqCst)
    }

    /// The live confirm-mode channel, reconnecting (with backoff, for as long
    /// as it takes) when there is none.
    pub async fn channel(&self) -> Channel {
        let mut slot = self.live.lock().await;
        if let Some(live) = slot.as_ref().filter(|live| live.usable()) {
            return live.channel.clone();
        }
        slot.take();
        let mut delays = ExponentialBuilder::new()
            .with_min_delay(RECONNECT_MIN)
            .with_max_delay(RECONNECT_MAX)
            .without_max_times()
            .build();
        let live = loop {
            match tokio::time::timeout(CONNECT_TIMEOUT, self.open()).await {
                Ok(Ok(live)) => break live,
                Ok(Err(err)) => {
                    let delay = delays.next().unwrap_or(RECONNECT_MAX);
                    tracing::warn!(link = self.name, error = %err, ?delay, "RabbitMQ unreachable; retrying");
                    tokio::time::sleep(delay).await;
                }
                Err(_) => {
                    let delay = delays.next().unwrap_or(RECONNECT_MAX);
                    tracing::warn!(
                        link = self.name,
                        ?delay,
                        "RabbitMQ connect timed out; retrying"
                    );
                    tokio::time::sleep(delay).await;
                }
            }
        };
        tracing::info!(link = self.name, "RabbitMQ connected");
        self.up.store(true, Ordering::SeqCst);
        let channel = live.channel.clone();
        *slot = Some(live);
        channel
    }

    /// The open connection, without waiting for a reconnect (replay asks;
    /// it must not hang while RabbitMQ is down).
    pub async fn connection_if_up(&self) -> Option<Arc<Connection>> {
        let slot = self.live.lock().await;
        slot.as_ref()
            .filter(|live| live.usable())
            .map(|live| live.connection.clone())
    }

    /// Forgets the connection after `err`, so the next
    /// [`RabbitLink::channel`] reconnects.
    pub async fn lost(&self, err: &(dyn std::fmt::Display + Sync)) {
        if self.up.swap(false, Ordering::SeqCst) {
            tracing::warn!(link = self.name, error = %err, "RabbitMQ connection lost");
        }
        if let Some(live) = self.live.lock().await.take() {
            // Best effort: the connection is usually gone already.
            let _ = live.connection.close(200, "reconnecting").await;
        }
    }

    async fn open(&self) -> Result<Live, lapin::Error> {
        let properties = ConnectionProperties::default()
            .with_executor(tokio_executor_trait::Tokio::current())
            .with_reactor(tokio_reactor_trait::Tokio);
        let connection = Connection::connect(&self.dsn, properties).await?;
        let up = self.up.clone();
        let generation = self.generation.clone();
        let mine = generation.fetch_add(1, Ordering::SeqCst) + 1;
        let name = self.name;
        connection.on_error(move |err| {
            if generation.load(Ordering::SeqCst) == mine && up.swap(false, Ordering::SeqCst) {
                tracing::warn!(link = name, error = %err, "RabbitMQ connection lost");
            }
        });
        let channel = connection.create_channel().await?;
        channel
            .confirm_select(ConfirmSelectOptions::default())
            .await?;
        self.topology.declare(&channel).await?;
        Ok(Live {
            connection: Arc::new(connection),
            channel,
        })
    }
}

impl Live {
    fn usable(&self) -> bool {
        self.connection.status().connected() && self.channel.status().connected()
    }
}

/// How often an idle link checks its connection.
const WATCH_EVERY: Duration = Duration::from_millis(500);

impl RabbitLink {
    /// Keeps the link connected even while nothing is sent, so `/ready`
    /// turns true again as soon as RabbitMQ is back.
    pub fn keep_connected(self: &Arc<Self>) -> tokio::task::JoinHandle<()> {
        let link = Arc::downgrade(self);
        tokio::spawn(async move {
            while let Some(link) = link.upgrade() {
                link.channel().await;
                drop(link);
                tokio::time::sleep(WATCH_EVERY).await;
            }
        })
    }
}
