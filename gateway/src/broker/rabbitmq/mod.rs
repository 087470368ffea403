//! RabbitMQ in core mode: the event sink (durable direct exchanges
//! `ws.inbox` / `ws.events`, persistent messages, publisher confirms), the
//! outbox reader (one exclusive queue per gateway bound to `ws.outbox`) and
//! DLQ replay, each on a [`RabbitLink`] that reconnects with capped backoff
//! and re-declares its [`Topology`].

mod event_sink;
mod link;
mod outbox_reader;
mod replay;
mod topology;

pub use event_sink::RabbitEventSink;
pub use link::RabbitLink;
pub use outbox_reader::RabbitOutboxReader;
pub use replay::{replay_dead_letters, TARGET_EXCHANGE_HEADER, TARGET_ROUTING_KEY_HEADER};
pub use topology::Topology;
