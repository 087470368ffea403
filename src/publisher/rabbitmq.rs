//! `SnokeWs\RabbitMqPublisher`: persistent, confirmed publishes to the outbox
//! exchange the gateways read.

// Parameters of exported methods are camelCase: PHP callers pass them as
// named arguments (`timeoutSeconds: 2.0`), and ext-php-rs keeps Rust names.
#![allow(non_snake_case)]

use ext_php_rs::flags::ClassFlags;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendHashTable, Zval};
use lapin::options::{BasicPublishOptions, ExchangeDeclareOptions};
use lapin::publisher_confirm::{Confirmation, PublisherConfirm};
use lapin::types::FieldTable;
use lapin::ExchangeKind;

use super::http::subject_list;
use super::redis_stream::{batch_message, entry_body};
use crate::amqp_link::{AmqpTarget, Headers, SharedAmqp};
use crate::boundary::guard;
use crate::error::{Error, Result};
use crate::php_json;
use crate::runtime::{self, ProcessRuntime};

/// The outbox exchange and routing key of SPEC §2 (`RABBITMQ_EXCHANGE`, `RABBITMQ_ROUTING_KEY`).
pub const DEFAULT_EXCHANGE: &str = "ws.outbox";
/// See [`DEFAULT_EXCHANGE`].
pub const DEFAULT_ROUTING_KEY: &str = "ws.outbox";

/// Publishes outbox messages with publisher confirms over a per-process connection.
#[php_class]
#[php(name = "SnokeWs\\RabbitMqPublisher")]
#[php(flags = ClassFlags::Final)]
pub struct RabbitMqPublisher {
    amqp: AmqpTarget,
    exchange: String,
    routing_key: String,
}

#[php_impl]
impl RabbitMqPublisher {
    /// Validates the settings; no I/O happens here, the first publish connects.
    ///
    /// `$dsn` is `amqp://[user:password@]host[:port][/vhost]` (never shown in messages);
    /// `$exchange` a durable direct exchange (declared once per process); `$routingKey` the
    /// key every message is published with; `$timeoutSeconds` bounds each call, the
    /// broker's confirm included (connecting is capped at 2 s).
    ///
    /// @throws InvalidArgumentException when an argument is malformed (a bad DSN included)
    #[php(defaults(
        exchange = DEFAULT_EXCHANGE,
        routingKey = DEFAULT_ROUTING_KEY,
        timeoutSeconds = 5.0
    ))]
    pub fn __construct(
        dsn: String,
        exchange: String,
        routingKey: String,
        timeoutSeconds: f64,
    ) -> PhpResult<Self> {
        guard(|| {
            let amqp = AmqpTarget::new(&dsn, timeoutSeconds)?;
            if exchange.is_empty() {
                return Err(Error::invalid_argument(
                    "exchange",
                    "must not be empty (the default exchange cannot be declared)",
                ));
            }
            Ok(Self {
                amqp,
                exchange,
                routing_key: routingKey,
            })
        })
    }

    /// Publishes `{"subjects":[...],"payload":...,"traceparent"?}` (persistent,
    /// `application/json`) and returns once the broker has confirmed it.
    ///
    /// `$payload` follows the same rules as `HttpPublisher::publish()` (arrays and scalars).
    ///
    /// @phpstan-param list<string> $subjects
    /// @throws InvalidArgumentException for a non-string subject or an unsupported payload value
    /// @throws ConnectionException when RabbitMQ cannot be reached, or the confirm does not
    ///         arrive, within the timeout (the next call reconnects)
    /// @throws BrokerException when RabbitMQ refuses the message (nack) or the exchange
    pub fn publish(
        &self,
        subjects: &ZendHashTable,
        payload: &Zval,
        traceparent: Option<String>,
    ) -> PhpResult<()> {
        guard(|| {
            let body = entry_body(
                subject_list(subjects)?,
                php_json::encode("payload", payload)?,
                traceparent,
            )?;
            self.send(vec![body])
        })
    }

    /// Publishes every message, then waits for all their confirms.
    ///
    /// Each message is `['subjects' => [...], 'payload' => ..., 'traceparent' => ?string]`;
    /// all are validated before anything is sent.
    ///
    /// @phpstan-param list<array{subjects: list<string>, payload: mixed, traceparent?: string}> $messages
    /// @throws InvalidArgumentException naming the first malformed message (`messages[3].subjects`)
    /// @throws ConnectionException when RabbitMQ cannot be reached, or the confirms do not
    ///         arrive, within the timeout (the next call reconnects)
    /// @throws BrokerException when RabbitMQ refuses a message (nack) or the exchange
    pub fn publish_batch(&self, messages: &ZendHashTable) -> PhpResult<()> {
        guard(|| {
            let bodies = messages
                .values()
                .enumerate()
                .map(|(index, message)| batch_message(index, message))
                .collect::<Result<Vec<_>>>()?;
            if bodies.is_empty() {
                return Ok(());
            }
            self.send(bodies)
        })
    }
}

impl RabbitMqPublisher {
    /// Publishes `bodies` and awaits their confirms; any failure drops the
    /// shared connection, so the next call starts on a fresh one.
    fn send(&self, bodies: Vec<String>) -> Result<()> {
        let runtime = runtime::current()?;
        let shared = self.amqp.shared(&runtime)?;
        let result = self.declare_exchange(&runtime, &shared).and_then(|()| {
            confirm_all(
                &self.amqp,
                &runtime,
                &shared,
                &self.exchange,
                &self.routing_key,
                bodies,
            )
        });
        if result.is_err() {
            runtime.forget_amqp_link(self.amqp.key());
        }
        result
    }

    fn declare_exchange(&self, runtime: &ProcessRuntime, shared: &SharedAmqp) -> Result<()> {
        let declared = |set: &std::collections::HashSet<String>| set.contains(&self.exchange);
        if declared(&shared.declared.lock().unwrap_or_else(|p| p.into_inner())) {
            return Ok(());
        }
        self.amqp.run(
            runtime,
            "exchange.declare",
            shared.link.channel.exchange_declare(
                &self.exchange,
                ExchangeKind::Direct,
                ExchangeDeclareOptions {
                    durable: true,
                    ..ExchangeDeclareOptions::default()
                },
                FieldTable::default(),
            ),
        )?;
        shared
            .declared
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(self.exchange.clone());
        Ok(())
    }
}

/// Publishes every body (persistent JSON) to `exchange`/`routing_key`, then
/// waits for all confirms; a nack of any of them is an error.
pub fn confirm_all(
    amqp: &AmqpTarget,
    runtime: &ProcessRuntime,
    shared: &SharedAmqp,
    exchange: &str,
    routing_key: &str,
    bodies: Vec<String>,
) -> Result<()> {
    let channel = &shared.link.channel;
    let confirmations = amqp.run(runtime, "basic.publish", async {
        let mut pending: Vec<PublisherConfirm> = Vec::with_capacity(bodies.len());
        for body in &bodies {
            pending.push(
                channel
                    .basic_publish(
                        exchange,
                        routing_key,
                        BasicPublishOptions::default(),
                        body.as_bytes(),
                        Headers::default().into_properties(),
                    )
                    .await?,
            );
        }
        let mut confirmations = Vec::with_capacity(pending.len());
        for confirm in pending {
            confirmations.push(confirm.await?);
        }
        Ok(confirmations)
    })?;
    for (index, confirmation) in confirmations.iter().enumerate() {
        match confirmation {
            Confirmation::Ack(_) => {}
            Confirmation::Nack(_) => {
                return Err(amqp.broker_error(
                    "basic.publish",
                    format!("message {index} was not accepted (nack)"),
                ))
            }
            Confirmation::NotRequested => {
                return Err(Error::Internal(
                    "the publish channel is not in confirm mode".to_owned(),
                ))
            }
        }
    }
    Ok(())
}
