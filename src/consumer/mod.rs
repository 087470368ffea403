//! Consumers: the reading half of `ws:consume`, delivering the gateway's
//! events to PHP at least once.
//!
//! PHP drives the loop: each fetch returns a batch or nothing within its
//! block time, so signals and limits are honoured between calls. The Redis
//! stream consumer exists; the RabbitMQ one slots in next to it.

mod consumer_name;
mod entry;
mod interrupt;
pub mod redis_stream;

pub use redis_stream::RedisStreamConsumer;

/// Registers the consumer classes.
pub fn build_module(
    module: ext_php_rs::builders::ModuleBuilder,
) -> ext_php_rs::builders::ModuleBuilder {
    module.class::<RedisStreamConsumer>()
}
