//! Where connection events go: the [`EventSink`] trait, the ordered
//! [`EventDispatcher`] in front of the sinks, and the factory choosing sinks
//! from `EVENTS_MODE`.
//!
//! Sinks: the webhook ([`crate::webhook::WebhookSink`]), Redis streams
//! ([`RedisEventSink`], core mode), RabbitMQ exchanges ([`RabbitEventSink`],
//! core mode) and an in-memory recorder ([`MemorySink`]). [`redis`] also holds
//! the outbox reader and the presence writer; [`rabbitmq`] the outbox reader
//! and DLQ replay.

mod dispatch;
mod memory;
pub mod ordering;
mod pending;
mod push;
pub mod rabbitmq;
pub mod redis;

use std::sync::Arc;

use bytes::Bytes;
use futures_util::future::BoxFuture;
use snoke_ws_protocol::Event;

pub use dispatch::EventDispatcher;
pub use memory::MemorySink;
pub use rabbitmq::RabbitEventSink;
pub use redis::RedisEventSink;

use crate::config::Config;
use crate::metrics::Metrics;
use crate::webhook::WebhookSink;

/// An event together with its JSON body, serialised once for every sink.
#[derive(Debug, Clone)]
pub struct EncodedEvent {
    /// The event.
    pub event: Event,
    /// Its exact JSON body (what a webhook signature covers).
    pub body: Bytes,
}

/// A destination for connection events.
///
/// Ordering: the dispatcher calls `deliver` for one connection's events one at
/// a time, in the order they happened, and waits for each call to finish, so a
/// sink that delivers before returning keeps per-connection order. Events of
/// different connections may be delivered concurrently.
///
/// Delivery: `deliver` owns retries and failure accounting and never fails the
/// caller; an event it gives up on is logged and counted, not re-queued.
///
/// Batching: under load the dispatcher hands a sink several queued events at
/// once through [`EventSink::deliver_batch`] (oldest first). The default
/// delivers them one by one; a broker sink overrides it to send the whole batch
/// in one round trip (e.g. pipelined `XADD`s), keeping the batch's order.
pub trait EventSink: Send + Sync + 'static {
    /// Short name for logs and `/ready` (`webhook`, `redis`, ...).
    fn name(&self) -> &'static str;

    /// Delivers one event, retrying as the sink sees fit.
    fn deliver<'a>(&'a self, event: &'a EncodedEvent) -> BoxFuture<'a, ()>;

    /// Delivers `events` in order; by default one `deliver` after another.
    fn deliver_batch<'a>(&'a self, events: &'a [Arc<EncodedEvent>]) -> BoxFuture<'a, ()> {
        Box::pin(async move {
            for event in events {
                self.deliver(event).await;
            }
        })
    }

    /// Whether the sink can deliver right now (a broker sink: connected).
    /// `/ready` answers 503 while any sink is not ready.
    fn is_ready(&self) -> bool {
        true
    }

    /// Resolves once everything accepted so far has been delivered (or given
    /// up on); a sink that delivers before `deliver` returns has nothing to do.
    fn flush(&self) -> BoxFuture<'_, ()> {
        Box::pin(std::future::ready(()))
    }
}

/// The sinks `EVENTS_MODE` asks for (none when it is `none`, or when the
/// webhook URL is empty); `redis` / `rabbitmq` are the links of the broker
/// sinks, when broker events are on and that broker is configured (both
/// configured: both get every event).
pub fn build_event_sinks(
    config: &Config,
    http: &reqwest::Client,
    metrics: &Arc<Metrics>,
    redis: Option<Arc<redis::RedisLink>>,
    rabbitmq: Option<Arc<rabbitmq::RabbitLink>>,
) -> Vec<Arc<dyn EventSink>> {
    let mut sinks: Vec<Arc<dyn EventSink>> = Vec::new();
    if let (true, Some(link)) = (config.events_mode.broker(), redis) {
        sinks.push(Arc::new(RedisEventSink::start(
            link,
            &config.brokers,
            &config.ordering,
            metrics.clone(),
        )));
    }
    if let (true, Some(link)) = (config.events_mode.broker(), rabbitmq) {
        sinks.push(Arc::new(RabbitEventSink::start(
            link,
            &config.brokers,
            &config.ordering,
            metrics.clone(),
        )));
    }
    if config.events_mode.webhook() {
        match &config.webhook.url {
            Some(_) => sinks.push(Arc::new(WebhookSink::new(
                &config.webhook,
                http.clone(),
                metrics.clone(),
            ))),
            None => tracing::info!("SYMFONY_WEBHOOK_URL is empty: webhook events are skipped"),
        }
    }
    sinks
}
