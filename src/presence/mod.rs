//! Presence readers: who is connected.
//!
//! The gateway-HTTP reader serves terminator mode; core mode reads and writes
//! the gateway's Redis keys directly.

pub mod http;
pub mod redis;
pub mod redis_keys;

pub use http::HttpPresence;
pub use redis::RedisPresence;

/// Registers the presence classes.
pub fn build_module(
    module: ext_php_rs::builders::ModuleBuilder,
) -> ext_php_rs::builders::ModuleBuilder {
    module.class::<HttpPresence>().class::<RedisPresence>()
}
