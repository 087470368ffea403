//! Publishers: push a payload to every connection of some subjects.
//!
//! Only the HTTP publisher exists in terminator mode; the Redis stream and
//! RabbitMQ publishers of core mode slot in next to it.

pub mod http;

pub use http::HttpPublisher;

/// Registers the publisher classes.
pub fn build_module(
    module: ext_php_rs::builders::ModuleBuilder,
) -> ext_php_rs::builders::ModuleBuilder {
    module.class::<HttpPublisher>()
}
