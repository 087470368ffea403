//! Redis in core mode: the event sink (`XADD` to `ws.inbox` / `ws.events`),
//! the outbox reader (`XREAD` on `ws.outbox`) and the presence writer, each on
//! a [`RedisLink`] that reconnects with capped backoff.

mod event_sink;
mod link;
mod outbox_reader;
mod presence_writer;

pub use event_sink::RedisEventSink;
pub use link::RedisLink;
pub use outbox_reader::{OutboxReader, BLOCK as OUTBOX_BLOCK};
pub use presence_writer::RedisPresence;
