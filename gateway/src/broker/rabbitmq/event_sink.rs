//! Connection events to RabbitMQ: `message_received` to the inbox exchange,
//! `connected` / `disconnected` to the events exchange, as persistent JSON
//! messages whose publisher confirms are awaited per batch.
//!
//! `deliver_batch` only queues (bounded by `BROKER_OUTAGE_BUFFER`); one writer
//! task publishes the queue in batches, oldest first. While RabbitMQ is up but
//! slower than the clients, a full queue makes the lane wait (nothing is
//! lost). While RabbitMQ is down the writer holds its batch, reconnects with
//! backoff and publishes it again (at least once); clients do not wait, and
//! what does not fit in the queue meanwhile is dropped and counted in
//! `broker_events_dropped_total`.

use std::sync::Arc;

use futures_util::future::BoxFuture;
use lapin::options::BasicPublishOptions;
use lapin::{BasicProperties, Channel};
use snoke_ws_protocol::EventKind;
use tokio::sync::mpsc;

use super::link::RabbitLink;
use crate::broker::ordering::partitioned_name;
use crate::broker::pending::{BrokerQueue, Pending};
use crate::broker::{EncodedEvent, EventSink};
use crate::config::{BrokerSettings, OrderingSettings};
use crate::metrics::Metrics;

/// Most messages published before their confirms are awaited.
const MAX_BATCH: usize = 512;
/// AMQP `delivery_mode` of a message the broker writes to disk.
const PERSISTENT: u8 = 2;

/// Which exchange and routing key each event goes to.
#[derive(Debug, Clone)]
struct Routes {
    inbox_exchange: String,
    inbox_routing_key: String,
    events_exchange: String,
    events_routing_key: String,
    ordering: OrderingSettings,
}

impl Routes {
    fn new(brokers: &BrokerSettings, ordering: &OrderingSettings) -> Self {
        Self {
            inbox_exchange: brokers.rabbitmq_inbox_exchange.clone(),
            inbox_routing_key: brokers.rabbitmq_inbox_routing_key.clone(),
            events_exchange: brokers.rabbitmq_events_exchange.clone(),
            events_routing_key: brokers.rabbitmq_events_routing_key.clone(),
            ordering: ordering.clone(),
        }
    }

    /// The exchange and (partition-suffixed) routing key of `event`.
    fn target(&self, event: &EncodedEvent) -> (&str, String) {
        match event.event.kind {
            EventKind::MessageReceived => (
                &self.inbox_exchange,
                partitioned_name(
                    &self.inbox_routing_key,
                    event.event.ordering_key.as_deref(),
                    &self.ordering,
                ),
            ),
            EventKind::Connected | EventKind::Disconnected => {
                (&self.events_exchange, self.events_routing_key.clone())
            }
        }
    }
}

/// Queues events for the RabbitMQ writer task.
pub struct RabbitEventSink {
    buffer: BrokerQueue,
    link: Arc<RabbitLink>,
}

impl RabbitEventSink {
    /// Starts the writer task on `link` (and keeps the link connected).
    pub fn start(
        link: Arc<RabbitLink>,
        brokers: &BrokerSettings,
        ordering: &OrderingSettings,
        metrics: Arc<Metrics>,
    ) -> Self {
        let (buffer, rx, pending) =
            BrokerQueue::new(brokers.outage_buffer, link.name(), metrics.clone());
        link.keep_connected();
        tokio::spawn(write_loop(
            rx,
            link.clone(),
            Routes::new(brokers, ordering),
            pending,
            metrics,
        ));
        Self { buffer, link }
    }
}

impl EventSink for RabbitEventSink {
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
    link: Arc<RabbitLink>,
    routes: Routes,
    pending: Arc<Pending>,
    metrics: Arc<Metrics>,
) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        loop {
            let channel = link.channel().await;
            match publish_confirmed(&channel, &routes, &batch).await {
                Ok(nacked) => {
                    let acked = batch.len() - nacked;
                    metrics.broker_publish.inc_by(acked as u64);
                    if nacked > 0 {
                        // The broker refused them (an internal error on its
                        // side); resending the same messages cannot help.
                        metrics.broker_events_dropped.inc_by(nacked as u64);
                        tracing::error!(nacked, "RabbitMQ nacked events; dropped");
                    }
                    break;
                }
                Err(err) => link.lost(&err).await,
            }
        }
        pending.done(batch.len());
        batch.clear();
    }
}

/// Publishes `batch` in order and waits for every confirm; the number the
/// broker nacked.
async fn publish_confirmed(
    channel: &Channel,
    routes: &Routes,
    batch: &[Arc<EncodedEvent>],
) -> Result<usize, lapin::Error> {
    let mut confirms = Vec::with_capacity(batch.len());
    for event in batch {
        let (exchange, routing_key) = routes.target(event);
        let properties = BasicProperties::default()
            .with_delivery_mode(PERSISTENT)
            .with_content_type("application/json".into());
        confirms.push(
            channel
                .basic_publish(
                    exchange,
                    &routing_key,
                    BasicPublishOptions::default(),
                    &event.body,
                    properties,
                )
                .await?,
        );
    }
    let mut nacked = 0;
    for confirm in confirms {
        if confirm.await?.is_nack() {
            nacked += 1;
        }
    }
    Ok(nacked)
}
