//! Presence readers: who is connected.
//!
//! Only the gateway-HTTP reader exists in terminator mode; the Redis reader
//! and writer of core mode slot in next to it.

pub mod http;

pub use http::HttpPresence;

/// Registers the presence classes.
pub fn build_module(
    module: ext_php_rs::builders::ModuleBuilder,
) -> ext_php_rs::builders::ModuleBuilder {
    module.class::<HttpPresence>()
}
