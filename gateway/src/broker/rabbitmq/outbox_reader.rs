//! Reads the RabbitMQ outbox and pushes each message to this gateway's
//! clients.
//!
//! Every gateway declares its own exclusive, auto-delete, server-named queue
//! bound to `RABBITMQ_EXCHANGE` with `RABBITMQ_ROUTING_KEY`, so every instance
//! receives every push; the queue dies with the connection, so a restarted
//! (or reconnected) gateway gets a new one and never replays old pushes. A
//! message that is not a publish body goes to the dead-letter exchange with a
//! reason header and is acked; the reader carries on.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::Utf8Bytes;
use futures_util::StreamExt;
use lapin::message::Delivery;
use lapin::options::{
    BasicAckOptions, BasicConsumeOptions, BasicPublishOptions, BasicQosOptions, QueueBindOptions,
    QueueDeclareOptions,
};
use lapin::types::{AMQPValue, FieldTable};
use lapin::{BasicProperties, Channel, Consumer};
use snoke_ws_protocol::frame::event_frame;
use tokio::task::JoinHandle;

use super::link::RabbitLink;
use super::replay::{target_headers, REASON_HEADER};
use crate::broker::push::parse_push;
use crate::config::BrokerSettings;
use crate::hub::Hub;
use crate::metrics::Metrics;

/// Unacked pushes the broker sends ahead.
const PREFETCH: u16 = 256;
/// How often a quiet reader checks that its channel is still open.
const CHECK_EVERY: Duration = Duration::from_secs(1);

/// The running reader task.
pub struct RabbitOutboxReader {
    task: JoinHandle<()>,
    link: Arc<RabbitLink>,
    bound: Arc<AtomicBool>,
}

impl RabbitOutboxReader {
    /// Starts reading on `link` (a connection of its own).
    pub fn start(
        link: Arc<RabbitLink>,
        brokers: &BrokerSettings,
        hub: Arc<Hub>,
        metrics: Arc<Metrics>,
    ) -> Self {
        let bound = Arc::new(AtomicBool::new(false));
        let reader = Reader {
            link: link.clone(),
            exchange: brokers.rabbitmq_outbox_exchange.clone(),
            routing_key: brokers.rabbitmq_outbox_routing_key.clone(),
            ttl_ms: brokers.rabbitmq_outbox_queue_ttl_ms,
            hub,
            metrics,
            bound: bound.clone(),
        };
        Self {
            task: tokio::spawn(reader.run()),
            link,
            bound,
        }
    }

    /// Whether this gateway's queue is bound and consumed (pushes published
    /// from now on reach its clients).
    pub fn is_ready(&self) -> bool {
        self.bound.load(Ordering::SeqCst) && self.link.is_up()
    }

    /// The reader's name in `/ready`.
    pub fn name(&self) -> &'static str {
        self.link.name()
    }

    /// The reader's link (DLQ replay borrows its connection).
    pub fn link(&self) -> &Arc<RabbitLink> {
        &self.link
    }

    /// Stops reading.
    pub fn stop(&self) {
        self.task.abort();
    }
}

impl Drop for RabbitOutboxReader {
    fn drop(&mut self) {
        self.task.abort();
    }
}

struct Reader {
    link: Arc<RabbitLink>,
    exchange: String,
    routing_key: String,
    ttl_ms: u64,
    hub: Arc<Hub>,
    metrics: Arc<Metrics>,
    bound: Arc<AtomicBool>,
}

impl Reader {
    async fn run(self) {
        loop {
            let channel = self.link.channel().await;
            match self.subscribe(&channel).await {
                Ok(consumer) => {
                    self.bound.store(true, Ordering::SeqCst);
                    let why = self.consume(&channel, consumer).await;
                    self.bound.store(false, Ordering::SeqCst);
                    self.link.lost(&why).await;
                }
                Err(err) => self.link.lost(&err).await,
            }
        }
    }

    /// Declares this gateway's queue, binds it and starts consuming.
    async fn subscribe(&self, channel: &Channel) -> Result<Consumer, lapin::Error> {
        channel
            .basic_qos(PREFETCH, BasicQosOptions::default())
            .await?;
        let mut args = FieldTable::default();
        if self.ttl_ms > 0 {
            args.insert(
                "x-message-ttl".into(),
                AMQPValue::LongLongInt(i64::try_from(self.ttl_ms).unwrap_or(i64::MAX)),
            );
        }
        let queue = channel
            .queue_declare(
                "",
                QueueDeclareOptions {
                    exclusive: true,
                    auto_delete: true,
                    ..Default::default()
                },
                args,
            )
            .await?;
        channel
            .queue_bind(
                queue.name().as_str(),
                &self.exchange,
                &self.routing_key,
                QueueBindOptions::default(),
                FieldTable::default(),
            )
            .await?;
        tracing::info!(queue = %queue.name(), exchange = %self.exchange, "RabbitMQ outbox bound");
        channel
            .basic_consume(
                queue.name().as_str(),
                "",
                BasicConsumeOptions::default(),
                FieldTable::default(),
            )
            .await
    }

    /// Handles deliveries until the channel fails; why it stopped.
    async fn consume(&self, channel: &Channel, mut consumer: Consumer) -> String {
        loop {
            match tokio::time::timeout(CHECK_EVERY, consumer.next()).await {
                Ok(Some(Ok(delivery))) => {
                    if let Err(err) = self.handle(channel, delivery).await {
                        return err.to_string();
                    }
                }
                Ok(Some(Err(err))) => return err.to_string(),
                Ok(None) => return "outbox consumer cancelled".to_owned(),
                Err(_) if !channel.status().connected() => return "channel closed".to_owned(),
                Err(_) => {}
            }
        }
    }

    async fn handle(&self, channel: &Channel, delivery: Delivery) -> Result<(), lapin::Error> {
        match parse_push(&delivery.data) {
            Ok(push) => {
                let frame = Utf8Bytes::from(event_frame(push.payload.get()));
                let sent = self.hub.publish(&push.subjects, &frame);
                self.metrics.publish.inc();
                tracing::debug!(sent, "outbox push delivered");
            }
            Err(reason) => self.dead_letter(channel, &delivery, &reason).await?,
        }
        delivery.ack(BasicAckOptions::default()).await
    }

    async fn dead_letter(
        &self,
        channel: &Channel,
        delivery: &Delivery,
        reason: &str,
    ) -> Result<(), lapin::Error> {
        tracing::warn!(exchange = %self.exchange, reason, "outbox message dead-lettered");
        self.metrics.outbox_dead_lettered.inc();
        let mut headers = target_headers(delivery.exchange.as_str(), delivery.routing_key.as_str());
        headers.insert(REASON_HEADER.into(), AMQPValue::LongString(reason.into()));
        let topology = self.link.topology();
        let confirm = channel
            .basic_publish(
                topology.dlq_exchange(),
                topology.dlq_queue(),
                BasicPublishOptions::default(),
                &delivery.data,
                BasicProperties::default()
                    .with_delivery_mode(2)
                    .with_headers(headers),
            )
            .await?
            .await?;
        if confirm.is_nack() {
            tracing::error!(reason, "RabbitMQ refused the dead letter");
        }
        Ok(())
    }
}
