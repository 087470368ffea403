//! The exchanges and queues a RabbitMQ link declares after every (re)connect.

use lapin::options::{ExchangeDeclareOptions, QueueBindOptions, QueueDeclareOptions};
use lapin::types::{AMQPValue, FieldTable};
use lapin::{Channel, ExchangeKind};

use crate::config::BrokerSettings;

/// A durable queue bound to an exchange, dead-lettering to the DLQ.
#[derive(Debug, Clone, PartialEq, Eq)]
struct BoundQueue {
    name: String,
    exchange: String,
    routing_key: String,
    ttl_ms: u64,
}

/// What one link declares: durable direct exchanges, optional bound queues
/// and the dead-letter exchange with its queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topology {
    exchanges: Vec<String>,
    queues: Vec<BoundQueue>,
    dlq_exchange: String,
    dlq_queue: String,
}

impl Topology {
    /// The event sink's: inbox and events exchanges, and the queues
    /// `RABBITMQ_INBOX_QUEUE` / `RABBITMQ_EVENTS_QUEUE` when set.
    pub fn events(brokers: &BrokerSettings) -> Self {
        let mut queues = Vec::new();
        let optional = [
            (
                &brokers.rabbitmq_inbox_queue,
                &brokers.rabbitmq_inbox_exchange,
                &brokers.rabbitmq_inbox_routing_key,
                brokers.rabbitmq_inbox_queue_ttl_ms,
            ),
            (
                &brokers.rabbitmq_events_queue,
                &brokers.rabbitmq_events_exchange,
                &brokers.rabbitmq_events_routing_key,
                brokers.rabbitmq_events_queue_ttl_ms,
            ),
        ];
        for (queue, exchange, routing_key, ttl_ms) in optional {
            if let Some(name) = queue {
                queues.push(BoundQueue {
                    name: name.clone(),
                    exchange: exchange.clone(),
                    routing_key: routing_key.clone(),
                    ttl_ms,
                });
            }
        }
        Self {
            exchanges: vec![
                brokers.rabbitmq_inbox_exchange.clone(),
                brokers.rabbitmq_events_exchange.clone(),
            ],
            queues,
            dlq_exchange: brokers.rabbitmq_dlq_exchange.clone(),
            dlq_queue: brokers.rabbitmq_dlq_queue.clone(),
        }
    }

    /// The outbox reader's: the outbox exchange (each gateway's own queue is
    /// declared by the reader, since it dies with the connection).
    pub fn outbox(brokers: &BrokerSettings) -> Self {
        Self {
            exchanges: vec![brokers.rabbitmq_outbox_exchange.clone()],
            queues: Vec::new(),
            dlq_exchange: brokers.rabbitmq_dlq_exchange.clone(),
            dlq_queue: brokers.rabbitmq_dlq_queue.clone(),
        }
    }

    /// The dead-letter exchange.
    pub fn dlq_exchange(&self) -> &str {
        &self.dlq_exchange
    }

    /// The dead-letter queue, also the routing key dead letters carry.
    pub fn dlq_queue(&self) -> &str {
        &self.dlq_queue
    }

    /// Arguments of a queue whose messages expire after `ttl_ms` (0: never)
    /// and dead-letter to the DLQ. The consumer side must declare the same
    /// queues with the same arguments.
    pub fn queue_arguments(&self, ttl_ms: u64) -> FieldTable {
        let mut args = FieldTable::default();
        if ttl_ms > 0 {
            args.insert(
                "x-message-ttl".into(),
                AMQPValue::LongLongInt(i64::try_from(ttl_ms).unwrap_or(i64::MAX)),
            );
        }
        args.insert(
            "x-dead-letter-exchange".into(),
            AMQPValue::LongString(self.dlq_exchange.clone().into()),
        );
        args.insert(
            "x-dead-letter-routing-key".into(),
            AMQPValue::LongString(self.dlq_queue.clone().into()),
        );
        args
    }

    /// Declares everything on `channel` (idempotent).
    pub async fn declare(&self, channel: &Channel) -> Result<(), lapin::Error> {
        let durable = ExchangeDeclareOptions {
            durable: true,
            ..Default::default()
        };
        for exchange in self.exchanges.iter().chain([&self.dlq_exchange]) {
            channel
                .exchange_declare(
                    exchange,
                    ExchangeKind::Direct,
                    durable,
                    FieldTable::default(),
                )
                .await?;
        }
        let durable_queue = QueueDeclareOptions {
            durable: true,
            ..Default::default()
        };
        channel
            .queue_declare(&self.dlq_queue, durable_queue, FieldTable::default())
            .await?;
        channel
            .queue_bind(
                &self.dlq_queue,
                &self.dlq_exchange,
                &self.dlq_queue,
                QueueBindOptions::default(),
                FieldTable::default(),
            )
            .await?;
        for queue in &self.queues {
            channel
                .queue_declare(
                    &queue.name,
                    durable_queue,
                    self.queue_arguments(queue.ttl_ms),
                )
                .await?;
            channel
                .queue_bind(
                    &queue.name,
                    &queue.exchange,
                    &queue.routing_key,
                    QueueBindOptions::default(),
                    FieldTable::default(),
                )
                .await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use std::collections::HashMap;

    fn brokers(vars: &[(&str, &str)]) -> BrokerSettings {
        let mut map: HashMap<&str, &str> =
            HashMap::from([("JWT_ALG", "HS256"), ("JWT_PUBLIC_KEY", "s")]);
        map.extend(vars.iter().copied());
        Config::from_source(&map).unwrap().brokers
    }

    #[test]
    fn queues_are_declared_only_when_named_and_dead_letter_to_the_dlq() {
        assert!(Topology::events(&brokers(&[])).queues.is_empty());
        let topology = Topology::events(&brokers(&[
            ("RABBITMQ_INBOX_QUEUE", "in"),
            ("RABBITMQ_INBOX_QUEUE_TTL_MS", "500"),
        ]));
        assert_eq!(topology.queues.len(), 1);
        let args = topology.queue_arguments(500);
        assert_eq!(
            args.inner().get("x-message-ttl"),
            Some(&AMQPValue::LongLongInt(500))
        );
        assert_eq!(
            args.inner().get("x-dead-letter-exchange"),
            Some(&AMQPValue::LongString("ws.dlq".into()))
        );
        assert!(!topology.queue_arguments(0).contains_key("x-message-ttl"));
    }
}
