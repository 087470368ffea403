//! Consumers: the reading half of `ws:consume`, delivering the gateway's
//! events to PHP at least once.
//!
//! PHP drives the loop: each fetch returns a batch or nothing within its
//! block time, so signals and limits are honoured between calls. The Redis
//! stream consumer and the RabbitMQ queue consumer offer the same shape.

mod consumer_name;
mod entry;
mod fetch_limits;
mod interrupt;
pub mod rabbitmq;
pub mod redis_stream;

pub use rabbitmq::RabbitMqConsumer;
pub use redis_stream::RedisStreamConsumer;

/// Registers the consumer classes.
pub fn build_module(
    module: ext_php_rs::builders::ModuleBuilder,
) -> ext_php_rs::builders::ModuleBuilder {
    module
        .class::<RedisStreamConsumer>()
        .class::<RabbitMqConsumer>()
}
