//! `snoke_ws`: the PHP extension of snoke-ws, written with ext-php-rs.
//!
//! Layout (each feature module registers its own classes through
//! `build_module`):
//!
//! - [`exceptions`] — the `SnokeWs\…` exception classes; [`error`] is the one
//!   Rust error type they are raised from.
//! - [`boundary`] — the panic guard every exported method runs in.
//! - [`runtime`] — the per-process (fork-safe) tokio runtime and HTTP clients,
//!   and `SnokeWs\Runtime::stats()`.
//! - [`gateway_http`] — calls to the gateway's `/internal/*` API.
//! - [`redis_link`] — the per-process Redis connections.
//! - [`amqp_link`] — the per-process RabbitMQ connections.
//! - [`publisher`] — `SnokeWs\HttpPublisher`, `SnokeWs\RedisStreamPublisher`,
//!   `SnokeWs\RabbitMqPublisher`.
//! - [`presence`] — `SnokeWs\HttpPresence`, `SnokeWs\RedisPresence`.
//! - [`consumer`] — `SnokeWs\RedisStreamConsumer`, `SnokeWs\RabbitMqConsumer`.
//! - [`jwt`] — `SnokeWs\Jwt`.
//! - [`php_json`] — PHP values → JSON, in PHP's key order.
//! - [`php_array`] — string lists in, arrays out.
//!
//! Module start (MINIT) only registers classes: no runtime, socket or thread
//! exists until a method is called, so PHP-FPM can fork workers safely.

#![cfg_attr(windows, feature(abi_vectorcall))]

pub mod amqp_link;
pub mod boundary;
pub mod consumer;
pub mod error;
pub mod exceptions;
pub mod gateway_http;
pub mod jwt;
pub mod php_array;
pub mod php_json;
pub mod presence;
pub mod publisher;
pub mod redis_link;
pub mod runtime;

use ext_php_rs::prelude::*;
use ext_php_rs::zend::ModuleEntry;
use ext_php_rs::{info_table_end, info_table_row, info_table_start};

pub use error::{Error, Result};

/// `php --ri snoke_ws` / `phpinfo()` section: what this build is and how it
/// was made (the build details come from `build.rs`), so a bug report can
/// say exactly which extension was loaded.
extern "C" fn module_info(_module: *mut ModuleEntry) {
    info_table_start!();
    info_table_row!("snoke_ws support", "enabled");
    info_table_row!("version", env!("CARGO_PKG_VERSION"));
    info_table_row!("transports", "http, redis, amqp");
    info_table_row!("git revision", env!("SNOKE_WS_BUILD_GIT_REVISION"));
    info_table_row!("rustc", env!("SNOKE_WS_BUILD_RUSTC"));
    info_table_row!("cargo profile", env!("SNOKE_WS_BUILD_PROFILE"));
    info_table_row!("opt-level", env!("SNOKE_WS_BUILD_OPT_LEVEL"));
    info_table_row!("target", env!("SNOKE_WS_BUILD_TARGET"));
    info_table_row!("cargo features", env!("SNOKE_WS_BUILD_FEATURES"));
    info_table_row!(
        "thread safety",
        if ext_php_rs::PHP_ZTS { "ZTS" } else { "NTS" }
    );
    info_table_end!();
}

/// The module: every feature adds its classes.
#[php_module]
pub fn get_module(module: ModuleBuilder) -> ModuleBuilder {
    let module = exceptions::build_module(module);
    let module = runtime::build_module(module);
    let module = publisher::build_module(module);
    let module = presence::build_module(module);
    let module = consumer::build_module(module);
    let module = jwt::build_module(module);
    module.info_function(module_info)
}
