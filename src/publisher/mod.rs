//! Publishers: push a payload to every connection of some subjects.
//!
//! HTTP (terminator mode) and Redis stream (core mode) publishers send the
//! same body; the RabbitMQ publisher (core mode) sends it with confirms.

pub mod http;
pub mod rabbitmq;
pub mod redis_stream;

pub use http::HttpPublisher;
pub use rabbitmq::RabbitMqPublisher;
pub use redis_stream::RedisStreamPublisher;

/// Registers the publisher classes.
pub fn build_module(
    module: ext_php_rs::builders::ModuleBuilder,
) -> ext_php_rs::builders::ModuleBuilder {
    module
        .class::<HttpPublisher>()
        .class::<RedisStreamPublisher>()
        .class::<RabbitMqPublisher>()
}
