//! Real-RabbitMQ helpers: the test broker's URL, a client connection, unique
//! names (deleted at the end), test queues and polling reads.

use std::time::Duration;

use lapin::message::Delivery;
use lapin::options::{
    BasicAckOptions, BasicGetOptions, BasicPublishOptions, ExchangeDeleteOptions, QueueBindOptions,
    QueueDeclareOptions, QueueDeleteOptions,
};
use lapin::types::FieldTable;
use lapin::{BasicProperties, Channel, Connection, ConnectionProperties};

use super::WAIT;

/// `SNOKE_WS_TEST_AMQP_URL`, default `amqp://guest:guest@127.0.0.1:5672/%2f`.
pub fn amqp_url() -> String {
    std::env::var("SNOKE_WS_TEST_AMQP_URL")
        .unwrap_or_else(|_| "amqp://guest:guest@127.0.0.1:5672/%2f".into())
}

/// A client of the test broker; panics (fails the test) when it is down.
pub struct Rabbit {
    pub connection: Connection,
    pub channel: Channel,
    exchanges: Vec<String>,
    queues: Vec<String>,
}

impl Rabbit {
    pub async fn connect() -> Self {
        let url = amqp_url();
        let properties = ConnectionProperties::default()
            .with_executor(tokio_executor_trait::Tokio::current())
            .with_reactor(tokio_reactor_trait::Tokio);
        let connection = tokio::time::timeout(WAIT, Connection::connect(&url, properties))
            .await
            .unwrap_or_else(|_| panic!("RabbitMQ at {url} did not answer"))
            .unwrap_or_else(|e| panic!("RabbitMQ at {url} is required for this test: {e}"));
        let channel = connection.create_channel().await.unwrap();
        Self {
            connection,
            channel,
            exchanges: Vec::new(),
            queues: Vec::new(),
        }
    }

    /// A unique exchange name, deleted by [`Rabbit::cleanup`].
    pub fn exchange(&mut self, base: &str) -> String {
        let name = unique(base);
        self.exchanges.push(name.clone());
        name
    }

    /// A unique queue name, deleted by [`Rabbit::cleanup`].
    pub fn queue(&mut self, base: &str) -> String {
        let name = unique(base);
        self.queues.push(name.clone());
        name
    }

    /// A server-named exclusive queue bound to `exchange` with `routing_key`.
    pub async fn bind_probe(&self, exchange: &str, routing_key: &str) -> String {
        let queue = self
            .channel
            .queue_declare(
                "",
                QueueDeclareOptions {
                    exclusive: true,
                    auto_delete: true,
                    ..Default::default()
                },
                FieldTable::default(),
            )
            .await
            .unwrap();
        self.channel
            .queue_bind(
                queue.name().as_str(),
                exchange,
                routing_key,
                QueueBindOptions::default(),
                FieldTable::default(),
            )
            .await
            .unwrap();
        queue.name().to_string()
    }

    /// The next message of `queue` (acked), waiting up to [`WAIT`].
    pub async fn next(&self, queue: &str) -> Delivery {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            if let Some(message) = self.try_next(queue).await {
                return message;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "nothing arrived in {queue}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// The next message of `queue` (acked), if there is one.
    pub async fn try_next(&self, queue: &str) -> Option<Delivery> {
        let message = self
            .channel
            .basic_get(queue, BasicGetOptions::default())
            .await
            .unwrap()?;
        let delivery = message.delivery;
        delivery.ack(BasicAckOptions::default()).await.unwrap();
        Some(delivery)
    }

    /// How many messages `queue` holds.
    pub async fn count(&self, queue: &str) -> u32 {
        self.channel
            .queue_declare(
                queue,
                QueueDeclareOptions {
                    passive: true,
                    ..Default::default()
                },
                FieldTable::default(),
            )
            .await
            .unwrap()
            .message_count()
    }

    /// Publishes `body` (confirmed delivery is not needed: the tests read
    /// the effect).
    pub async fn publish(&self, exchange: &str, routing_key: &str, body: &[u8]) {
        self.publish_with(exchange, routing_key, body, BasicProperties::default())
            .await;
    }

    pub async fn publish_with(
        &self,
        exchange: &str,
        routing_key: &str,
        body: &[u8],
        properties: BasicProperties,
    ) {
        self.channel
            .basic_publish(
                exchange,
                routing_key,
                BasicPublishOptions::default(),
                body,
                properties,
            )
            .await
            .unwrap();
    }

    /// Deletes every exchange and queue named through this client.
    pub async fn cleanup(&self) {
        for queue in &self.queues {
            self.channel
                .queue_delete(queue, QueueDeleteOptions::default())
                .await
                .unwrap();
        }
        for exchange in &self.exchanges {
            self.channel
                .exchange_delete(exchange, ExchangeDeleteOptions::default())
                .await
                .unwrap();
        }
    }
}

/// A name no other test (or earlier run) uses.
pub fn unique(base: &str) -> String {
    format!("{base}.test-{}", uuid::Uuid::new_v4().simple())
}
