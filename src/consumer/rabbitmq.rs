//! `SnokeWs\RabbitMqConsumer`: at-least-once reading of the `ws.inbox` /
//! `ws.events` exchanges through a durable queue.
//!
//! Delivery: messages are consumed with manual ack and `basic.qos(prefetch)`;
//! a message stays unacked until PHP acks it, and the broker redelivers the
//! unacked messages of a consumer that died. RabbitMQ classic queues do not
//! count deliveries, so a failed message is republished (confirmed) to the
//! back of the queue with its count in `x-snoke-deliveries`, and the original
//! acked; after `maxDeliveries` it is published to the dead-letter exchange
//! with the error (`x-snoke-error`) and its target exchange and routing key
//! (`x-snoke-target-*`, for the gateway's replay endpoint). Each process has
//! its own connection and consumer tag; a forked child leaves the parent's
//! alone.

// Parameters of exported methods are camelCase: PHP callers pass them as
// named arguments (`blockMs: 500`), and ext-php-rs keeps Rust names.
#![allow(non_snake_case)]

use std::cell::RefCell;
use std::collections::HashMap;
use std::pin::Pin;
use std::time::{Duration, Instant};

use ext_php_rs::boxed::ZBox;
use ext_php_rs::flags::ClassFlags;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendCallable, ZendHashTable};
use lapin::message::Delivery;
use lapin::options::{
    BasicAckOptions, BasicConsumeOptions, BasicPublishOptions, BasicQosOptions,
    ExchangeDeclareOptions, QueueBindOptions, QueueDeclareOptions,
};
use lapin::publisher_confirm::Confirmation;
use lapin::types::{AMQPValue, FieldTable, LongString, ShortString};
use lapin::{Channel, Consumer, ExchangeKind};

use super::consumer_name;
use super::fetch_limits::fetch_limits;
use super::interrupt;
use crate::amqp_link::{header_int, header_text, AmqpLink, AmqpTarget, Headers};
use crate::boundary::guard;
use crate::error::{Error, Result};
use crate::php_array;
use crate::runtime::{self, ProcessRuntime};

/// Times the message was delivered before this copy was published.
pub const DELIVERIES_HEADER: &str = "x-snoke-deliveries";
/// The handler's error, on a dead-lettered message.
pub const ERROR_HEADER: &str = "x-snoke-error";
/// The same text under the name the gateway's own dead letters use.
pub const REASON_HEADER: &str = "x-snoke-reason";
/// The exchange the message was first published to.
pub const TARGET_EXCHANGE_HEADER: &str = "x-snoke-target-exchange";
/// The routing key it was first published with.
pub const TARGET_ROUTING_KEY_HEADER: &str = "x-snoke-target-routing-key";

/// The queue `ws:consume` workers share.
pub const DEFAULT_QUEUE: &str = "ws.inbox";
/// The gateway's `RABBITMQ_DLQ_EXCHANGE` / `RABBITMQ_DLQ_QUEUE` default.
pub const DEFAULT_DEAD_LETTER: &str = "ws.dlq";

/// One wait lasts at most this long before the interrupt flag is checked again.
const BLOCK_SLICE: Duration = Duration::from_millis(100);

/// Reads the gateway's event exchanges through a durable queue, at least once.
#[php_class]
#[php(name = "SnokeWs\\RabbitMqConsumer")]
#[php(flags = ClassFlags::Final)]
pub struct RabbitMqConsumer {
    amqp: AmqpTarget,
    queue: String,
    bindings: Vec<(String, String)>,
    prefetch: u16,
    max_deliveries: u64,
    dead_letter_exchange: String,
    dead_letter_queue: String,
    message_ttl_ms: u64,
    session: RefCell<Option<Session>>,
}

/// What one process consumes with: its consumer tag and, once connected, its link.
struct Session {
    pid: u32,
    name: String,
    generation: u64,
    live: Option<Live>,
}

/// A connected consumer and the deliveries handed to PHP but not yet acked.
struct Live {
    link: AmqpLink,
    consumer: Consumer,
    held: HashMap<String, Held>,
}

/// A delivery PHP holds, with what `fail()` needs to retry or dead-letter it.
struct Held {
    delivery: Delivery,
    deliveries: u64,
    target_exchange: String,
    target_routing_key: String,
}

#[php_impl]
impl RabbitMqConsumer {
    /// Validates the settings; no I/O happens here, the first fetch connects and declares.
    ///
    /// `$dsn` is `amqp://[user:password@]host[:port][/vhost]` (never shown in messages);
    /// `$queue` the durable queue, bound to each binding's durable direct `exchange` with its
    /// `routing_key`; `$prefetch` the unacked messages the broker sends ahead; a message whose
    /// handler failed on its `$maxDeliveries`th delivery goes to `$deadLetterExchange` (durable
    /// direct) and from there to `$deadLetterQueue` (both declared, and set as the queue's
    /// dead-letter target); `$timeoutSeconds` bounds each call; `$messageTtlMs` > 0 declares
    /// the queue with that `x-message-ttl` (expired messages are dead-lettered too) and must
    /// match the gateway's `RABBITMQ_*_QUEUE` TTL when both declare the same queue.
    ///
    /// @phpstan-param list<array{exchange: string, routing_key: string}> $bindings
    /// @throws InvalidArgumentException when an argument is malformed (a bad DSN included)
    #[php(defaults(
        queue = DEFAULT_QUEUE,
        bindings = default_bindings(),
        prefetch = 100,
        maxDeliveries = 5,
        deadLetterExchange = DEFAULT_DEAD_LETTER,
        deadLetterQueue = DEFAULT_DEAD_LETTER,
        timeoutSeconds = 5.0,
        messageTtlMs = 0
    ))]
    #[allow(clippy::too_many_arguments)]
    pub fn __construct(
        dsn: String,
        queue: String,
        bindings: Vec<HashMap<String, String>>,
        prefetch: i64,
        maxDeliveries: i64,
        deadLetterExchange: String,
        deadLetterQueue: String,
        timeoutSeconds: f64,
        messageTtlMs: i64,
    ) -> PhpResult<Self> {
        guard(|| {
            let amqp = AmqpTarget::new(&dsn, timeoutSeconds)?;
            non_empty("queue", &queue)?;
            non_empty("deadLetterExchange", &deadLetterExchange)?;
            non_empty("deadLetterQueue", &deadLetterQueue)?;
            if deadLetterQueue == queue {
                return Err(Error::invalid_argument(
                    "deadLetterQueue",
                    "must not be the queue read",
                ));
            }
            let bindings = binding_list(bindings)?;
            if bindings
                .iter()
                .any(|(exchange, _)| *exchange == deadLetterExchange)
            {
                return Err(Error::invalid_argument(
                    "deadLetterExchange",
                    "must not be one of the bound exchanges",
                ));
            }
            let prefetch = u16::try_from(prefetch)
                .ok()
                .filter(|p| *p > 0)
                .ok_or_else(|| {
                    Error::invalid_argument(
                        "prefetch",
                        format!("must be 1..{}, got {prefetch}", u16::MAX),
                    )
                })?;
            let max_deliveries = u64::try_from(maxDeliveries)
                .ok()
                .filter(|v| *v > 0)
                .ok_or_else(|| {
                    Error::invalid_argument(
                        "maxDeliveries",
                        format!("must be 1 or more, got {maxDeliveries}"),
                    )
                })?;
            let message_ttl_ms = u64::try_from(messageTtlMs).map_err(|_| {
                Error::invalid_argument(
                    "messageTtlMs",
                    format!("must be 0 (no expiry) or more, got {messageTtlMs}"),
                )
            })?;
            Ok(Self {
                amqp,
                queue,
                bindings,
                prefetch,
                max_deliveries,
                dead_letter_exchange: deadLetterExchange,
                dead_letter_queue: deadLetterQueue,
                message_ttl_ms,
                session: RefCell::new(None),
            })
        })
    }

    /// Up to `$count` deliveries, or `[]` when nothing arrived within `$blockMs` (at most
    /// 1000); returns early when PHP has a pending interrupt (a signal caught with
    /// `pcntl_async_signals(true)`). `stream` is the exchange the message was published to,
    /// `id` an opaque delivery id for `ack()`/`fail()`, `event` the decoded JSON body,
    /// `deliveries` how often it was delivered (a broker redelivery counts). A body that is
    /// not a JSON object goes straight to the dead-letter exchange and is not returned.
    /// `headers` (an addition to the Redis consumer's shape) holds the message's text and
    /// integer headers.
    ///
    /// @phpstan-return list<array{stream: string, id: string, event: array, deliveries: int, headers: array<string, string|int>}>
    /// @throws InvalidArgumentException when `$count` is not 1..10000 or `$blockMs` not 0..1000
    /// @throws ConnectionException when RabbitMQ cannot be reached within the timeout (the
    ///         next fetch reconnects; unacked deliveries are redelivered by the broker)
    /// @throws BrokerException when RabbitMQ refuses the topology (e.g. a queue declared
    ///         elsewhere with other arguments)
    #[php(defaults(count = 100, blockMs = 1000))]
    pub fn fetch(&self, count: i64, blockMs: i64) -> PhpResult<ZBox<ZendHashTable>> {
        guard(|| {
            let (count, block) = fetch_limits(count, blockMs)?;
            let runtime = runtime::current()?;
            let deliveries = self.with_live(&runtime, |live, _| {
                receive(&self.amqp, &runtime, &mut live.consumer, count, block)
            })?;
            let mut batch = ZendHashTable::new();
            for delivery in deliveries {
                let held = self.hold(delivery);
                if let Some(reason) = unusable(&held.delivery.data) {
                    self.dead_letter(&runtime, &held, &reason)?;
                    continue;
                }
                let generation = self.with_session(|session| Ok(session.generation))?;
                let id = format!("{generation}.{}", held.delivery.delivery_tag);
                let array = delivery_array(&held, &id)?;
                self.with_live(&runtime, |live, _| {
                    live.held.insert(id, held);
                    Ok(())
                })?;
                batch
                    .push(array)
                    .map_err(|e| Error::Internal(format!("building the batch: {e}")))?;
            }
            Ok(batch)
        })
    }

    /// Acknowledges a delivery: it will not be delivered again. An unknown id (already
    /// acked, or from before a reconnect, when the broker redelivers it anyway) is ignored.
    ///
    /// @throws ConnectionException when RabbitMQ cannot be reached within the timeout
    pub fn ack(&self, stream: String, id: String) -> PhpResult<()> {
        // The id alone names the delivery; `$stream` keeps the RedisStreamConsumer shape.
        let _ = stream;
        guard(|| {
            let runtime = runtime::current()?;
            let Some(held) = self.release(&id) else {
                return Ok(());
            };
            self.ack_delivery(&runtime, &held)
        })
    }

    /// The handler failed for a delivery. Before its `maxDeliveries`th delivery a copy
    /// counting this delivery is published (confirmed) to the back of the queue and the
    /// delivery acked (`false`); on it, the message is published to the dead-letter exchange
    /// with `x-snoke-error`, `x-snoke-deliveries` and `x-snoke-target-exchange` /
    /// `x-snoke-target-routing-key`, then acked (`true`). An unknown id returns `false`.
    ///
    /// @throws ConnectionException when RabbitMQ cannot be reached within the timeout (the
    ///         delivery is then redelivered by the broker)
    /// @throws BrokerException when RabbitMQ refuses the copy (nack)
    pub fn fail(&self, stream: String, id: String, error: String) -> PhpResult<bool> {
        // The id alone names the delivery; `$stream` keeps the RedisStreamConsumer shape.
        let _ = stream;
        guard(|| {
            let runtime = runtime::current()?;
            let Some(held) = self.release(&id) else {
                return Ok(false);
            };
            if held.deliveries >= self.max_deliveries {
                self.dead_letter(&runtime, &held, &error)?;
                return Ok(true);
            }
            let headers = Headers::from_properties(&held.delivery.properties)
                .int(
                    DELIVERIES_HEADER,
                    i64::try_from(held.deliveries).unwrap_or(i64::MAX),
                )
                .text(TARGET_EXCHANGE_HEADER, &held.target_exchange)
                .text(TARGET_ROUTING_KEY_HEADER, &held.target_routing_key);
            // The default exchange routes by queue name: straight back to this queue.
            self.publish_confirmed(&runtime, "", &self.queue, &held, headers)?;
            self.ack_delivery(&runtime, &held)?;
            Ok(false)
        })
    }

    /// This process's consumer tag.
    pub fn consumer_name(&self) -> PhpResult<String> {
        guard(|| self.with_session(|session| Ok(session.name.clone())))
    }
}

impl RabbitMqConsumer {
    /// Runs `body` with this process's session; a forked child gets a new tag
    /// and connection, and leaves the parent's alone.
    fn with_session<T>(&self, body: impl FnOnce(&mut Session) -> Result<T>) -> Result<T> {
        let mut slot = self.session.borrow_mut();
        let pid = std::process::id();
        if slot.as_ref().is_some_and(|session| session.pid != pid) {
            if let Some(inherited) = slot.take() {
                // Shared with the parent: see `crate::runtime`.
                std::mem::forget(inherited);
            }
        }
        let session = slot.get_or_insert_with(|| Session {
            pid,
            name: consumer_name::for_this_process(),
            generation: 0,
            live: None,
        });
        body(session)
    }

    /// Runs `body` on the connected consumer, connecting (and declaring) first
    /// when needed; a connection failure drops the link so the next call
    /// reconnects.
    fn with_live<T>(
        &self,
        runtime: &ProcessRuntime,
        body: impl FnOnce(&mut Live, u64) -> Result<T>,
    ) -> Result<T> {
        self.on_link(Some(runtime), body)
    }

    /// Runs `body` on the link the held deliveries came from; never
    /// reconnects, since their tags mean nothing on another channel.
    fn with_current<T>(&self, body: impl FnOnce(&mut Live, u64) -> Result<T>) -> Result<T> {
        self.on_link(None, body)
    }

    fn on_link<T>(
        &self,
        connect: Option<&ProcessRuntime>,
        body: impl FnOnce(&mut Live, u64) -> Result<T>,
    ) -> Result<T> {
        self.with_session(|session| {
            if session
                .live
                .as_ref()
                .is_some_and(|live| !live.link.channel.status().connected())
            {
                session.live = None;
            }
            if session.live.is_none() {
                let Some(runtime) = connect else {
                    return Err(Error::Connection {
                        method: "basic.ack",
                        url: self.amqp.peer().to_owned(),
                        reason: "the connection the delivery came over is gone; the broker redelivers it".to_owned(),
                    });
                };
                session.live = Some(self.start(runtime, &session.name)?);
                session.generation += 1;
            }
            let generation = session.generation;
            let Some(live) = session.live.as_mut() else {
                return Err(Error::Internal("consumer link vanished".to_owned()));
            };
            let result = body(live, generation);
            if matches!(result, Err(Error::Connection { .. })) {
                session.live = None;
            }
            result
        })
    }

    /// Connects, declares the topology, sets the prefetch and starts consuming.
    fn start(&self, runtime: &ProcessRuntime, tag: &str) -> Result<Live> {
        let link = self.amqp.connect(runtime)?;
        let channel = link.channel.clone();
        let consumer = self.amqp.run(runtime, "queue.declare", async {
            declare_exchange(&channel, &self.dead_letter_exchange).await?;
            channel
                .queue_declare(
                    &self.dead_letter_queue,
                    durable_queue(),
                    FieldTable::default(),
                )
                .await?;
            channel
                .queue_bind(
                    &self.dead_letter_queue,
                    &self.dead_letter_exchange,
                    &self.dead_letter_queue,
                    QueueBindOptions::default(),
                    FieldTable::default(),
                )
                .await?;
            let mut arguments = FieldTable::default();
            if self.message_ttl_ms > 0 {
                arguments.insert(
                    ShortString::from("x-message-ttl"),
                    AMQPValue::LongLongInt(i64::try_from(self.message_ttl_ms).unwrap_or(i64::MAX)),
                );
            }
            arguments.insert(
                ShortString::from("x-dead-letter-exchange"),
                AMQPValue::LongString(LongString::from(self.dead_letter_exchange.as_str())),
            );
            arguments.insert(
                ShortString::from("x-dead-letter-routing-key"),
                AMQPValue::LongString(LongString::from(self.dead_letter_queue.as_str())),
            );
            channel
                .queue_declare(&self.queue, durable_queue(), arguments)
                .await?;
            for (exchange, routing_key) in &self.bindings {
                declare_exchange(&channel, exchange).await?;
                channel
                    .queue_bind(
                        &self.queue,
                        exchange,
                        routing_key,
                        QueueBindOptions::default(),
                        FieldTable::default(),
                    )
                    .await?;
            }
            channel
                .basic_qos(self.prefetch, BasicQosOptions::default())
                .await?;
            channel
                .basic_consume(
                    &self.queue,
                    tag,
                    BasicConsumeOptions::default(),
                    FieldTable::default(),
                )
                .await
        })?;
        Ok(Live {
            link,
            consumer,
            held: HashMap::new(),
        })
    }

    /// What PHP is told about a delivery, and what `fail()` needs later.
    fn hold(&self, delivery: Delivery) -> Held {
        let properties = &delivery.properties;
        let before = header_int(properties, DELIVERIES_HEADER)
            .and_then(|n| u64::try_from(n).ok())
            .unwrap_or(0);
        let deliveries = before + 1 + u64::from(delivery.redelivered);
        let target_exchange = header_text(properties, TARGET_EXCHANGE_HEADER)
            .unwrap_or_else(|| delivery.exchange.as_str().to_owned());
        let target_routing_key = header_text(properties, TARGET_ROUTING_KEY_HEADER)
            .unwrap_or_else(|| delivery.routing_key.as_str().to_owned());
        Held {
            delivery,
            deliveries,
            target_exchange,
            target_routing_key,
        }
    }

    /// Takes the delivery `id` out of the held ones (of this process's current link).
    fn release(&self, id: &str) -> Option<Held> {
        self.with_session(|session| Ok(session.live.as_mut().and_then(|live| live.held.remove(id))))
            .ok()
            .flatten()
    }

    fn ack_delivery(&self, runtime: &ProcessRuntime, held: &Held) -> Result<()> {
        let tag = held.delivery.delivery_tag;
        self.with_current(|live, _| {
            self.amqp.run(
                runtime,
                "basic.ack",
                live.link.channel.basic_ack(tag, BasicAckOptions::default()),
            )
        })
    }

    /// Publishes the message to the dead-letter exchange with `reason`, then acks it.
    fn dead_letter(&self, runtime: &ProcessRuntime, held: &Held, reason: &str) -> Result<()> {
        let headers = Headers::from_properties(&held.delivery.properties)
            .int(
                DELIVERIES_HEADER,
                i64::try_from(held.deliveries).unwrap_or(i64::MAX),
            )
            .text(ERROR_HEADER, reason)
            .text(REASON_HEADER, reason)
            .text(TARGET_EXCHANGE_HEADER, &held.target_exchange)
            .text(TARGET_ROUTING_KEY_HEADER, &held.target_routing_key);
        self.publish_confirmed(
            runtime,
            &self.dead_letter_exchange,
            &self.dead_letter_queue,
            held,
            headers,
        )?;
        self.ack_delivery(runtime, held)
    }

    /// Publishes a persistent copy of the held message and waits for the broker's confirm.
    fn publish_confirmed(
        &self,
        runtime: &ProcessRuntime,
        exchange: &str,
        routing_key: &str,
        held: &Held,
        headers: Headers,
    ) -> Result<()> {
        let confirmation = self.with_current(|live, _| {
            let channel = live.link.channel.clone();
            self.amqp.run(runtime, "basic.publish", async move {
                channel
                    .basic_publish(
                        exchange,
                        routing_key,
                        BasicPublishOptions::default(),
                        &held.delivery.data,
                        headers.into_properties(),
                    )
                    .await?
                    .await
            })
        })?;
        match confirmation {
            Confirmation::Ack(_) => Ok(()),
            Confirmation::Nack(_) => Err(self
                .amqp
                .broker_error("basic.publish", "the copy was not accepted (nack)")),
            Confirmation::NotRequested => Err(Error::Internal(
                "the consumer channel is not in confirm mode".to_owned(),
            )),
        }
    }
}

/// Waits up to `block` (in slices, watching for a PHP interrupt) for a first
/// delivery, then takes whatever else is already buffered, up to `count`.
fn receive(
    amqp: &AmqpTarget,
    runtime: &ProcessRuntime,
    consumer: &mut Consumer,
    count: usize,
    block: Duration,
) -> Result<Vec<Delivery>> {
    let deadline = Instant::now() + block;
    let mut deliveries = Vec::new();
    loop {
        let slice = deadline
            .saturating_duration_since(Instant::now())
            .min(BLOCK_SLICE);
        let first =
            runtime.block_on(async { tokio::time::timeout(slice, next_delivery(consumer)).await });
        match first {
            Ok(delivery) => {
                deliveries.push(delivery.map_err(|err| closed(amqp, err))?);
                break;
            }
            Err(_) if slice.is_zero() || interrupt::pending() => return Ok(deliveries),
            Err(_) => {}
        }
    }
    while deliveries.len() < count {
        let more = runtime.block_on(async {
            tokio::time::timeout(Duration::ZERO, next_delivery(consumer)).await
        });
        match more {
            Ok(delivery) => deliveries.push(delivery.map_err(|err| closed(amqp, err))?),
            Err(_) => break,
        }
    }
    Ok(deliveries)
}

/// The next delivery; the stream ending means the channel or connection closed.
async fn next_delivery(
    consumer: &mut Consumer,
) -> std::result::Result<Delivery, Option<lapin::Error>> {
    let next =
        std::future::poll_fn(|cx| futures_core::Stream::poll_next(Pin::new(&mut *consumer), cx))
            .await;
    match next {
        Some(Ok(delivery)) => Ok(delivery),
        Some(Err(err)) => Err(Some(err)),
        None => Err(None),
    }
}

fn closed(amqp: &AmqpTarget, err: Option<lapin::Error>) -> Error {
    Error::Connection {
        method: "basic.consume",
        url: amqp.peer().to_owned(),
        reason: err.map_or_else(
            || "the consumer was cancelled or its channel closed".to_owned(),
            |e| e.to_string(),
        ),
    }
}

async fn declare_exchange(
    channel: &Channel,
    exchange: &str,
) -> std::result::Result<(), lapin::Error> {
    channel
        .exchange_declare(
            exchange,
            ExchangeKind::Direct,
            ExchangeDeclareOptions {
                durable: true,
                ..ExchangeDeclareOptions::default()
            },
            FieldTable::default(),
        )
        .await
}

fn durable_queue() -> QueueDeclareOptions {
    QueueDeclareOptions {
        durable: true,
        ..QueueDeclareOptions::default()
    }
}

/// Why a body cannot be handed to PHP as an event, if it cannot: it must be a JSON object.
fn unusable(body: &[u8]) -> Option<String> {
    match serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(body) {
        Ok(_) => None,
        Err(e) => Some(format!("body is not a JSON object: {e}")),
    }
}

/// `['stream' => exchange, 'id' => …, 'event' => json_decode(body, true), 'deliveries' => n]`.
fn delivery_array(held: &Held, id: &str) -> Result<ZBox<ZendHashTable>> {
    // PHP's own decoder, so the event is exactly what `json_decode($body, true)` gives.
    let json_decode = ZendCallable::try_from_name("json_decode")
        .map_err(|e| Error::Internal(format!("json_decode is not callable: {e}")))?;
    let body = String::from_utf8_lossy(&held.delivery.data).into_owned();
    let event = json_decode
        .try_call(vec![&body, &true])
        .map_err(|e| Error::Internal(format!("json_decode failed: {e}")))?;
    let mut array = ZendHashTable::with_capacity(4);
    php_array::insert(&mut array, "stream", held.target_exchange.clone())?;
    php_array::insert(&mut array, "id", id.to_owned())?;
    php_array::insert(&mut array, "event", event)?;
    php_array::insert(
        &mut array,
        "deliveries",
        i64::try_from(held.deliveries).unwrap_or(i64::MAX),
    )?;
    php_array::insert(&mut array, "headers", header_array(&held.delivery)?)?;
    Ok(array)
}

/// The message's text and integer headers (`x-snoke-error`, `x-snoke-target-exchange`, …).
fn header_array(delivery: &Delivery) -> Result<ZBox<ZendHashTable>> {
    let mut array = ZendHashTable::new();
    let Some(headers) = delivery.properties.headers() else {
        return Ok(array);
    };
    let properties = &delivery.properties;
    for name in headers.inner().keys() {
        let name = name.as_str();
        if let Some(text) = header_text(properties, name) {
            php_array::insert(&mut array, name, text)?;
        } else if let Some(number) = header_int(properties, name) {
            php_array::insert(&mut array, name, number)?;
        }
    }
    Ok(array)
}

/// The contract's default: the gateway's inbox and events exchanges.
fn default_bindings() -> Vec<HashMap<String, String>> {
    ["ws.inbox", "ws.events"]
        .into_iter()
        .map(|name| {
            HashMap::from([
                ("exchange".to_owned(), name.to_owned()),
                ("routing_key".to_owned(), name.to_owned()),
            ])
        })
        .collect()
}

/// `[exchange, routing_key]` pairs, each checked by its index.
fn binding_list(bindings: Vec<HashMap<String, String>>) -> Result<Vec<(String, String)>> {
    if bindings.is_empty() {
        return Err(Error::invalid_argument(
            "bindings",
            "must name at least one exchange",
        ));
    }
    bindings
        .into_iter()
        .enumerate()
        .map(|(index, binding)| {
            let exchange = binding.get("exchange").filter(|e| !e.is_empty());
            match (exchange, binding.get("routing_key")) {
                (Some(exchange), Some(key)) => Ok((exchange.clone(), key.clone())),
                _ => Err(Error::invalid_argument(
                    format!("bindings[{index}]"),
                    "must be ['exchange' => non-empty string, 'routing_key' => string]",
                )),
            }
        })
        .collect()
}

fn non_empty(argument: &str, value: &str) -> Result<()> {
    if value.is_empty() {
        return Err(Error::invalid_argument(argument, "must not be empty"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bindings_need_an_exchange_and_a_routing_key() {
        assert_eq!(
            binding_list(default_bindings()).unwrap(),
            vec![
                ("ws.inbox".to_owned(), "ws.inbox".to_owned()),
                ("ws.events".to_owned(), "ws.events".to_owned())
            ]
        );
        let missing_key = vec![HashMap::from([("exchange".to_owned(), "x".to_owned())])];
        assert_eq!(
            binding_list(missing_key).unwrap_err().to_string(),
            "bindings[0]: must be ['exchange' => non-empty string, 'routing_key' => string]"
        );
        assert!(binding_list(Vec::new()).is_err());
    }

    #[test]
    fn only_json_objects_are_usable_bodies() {
        assert_eq!(unusable(br#"{"type":"connected"}"#), None);
        assert!(unusable(b"[1]").unwrap().contains("not a JSON object"));
        assert!(unusable(b"").unwrap().contains("not a JSON object"));
    }
}
