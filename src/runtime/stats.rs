//! `SnokeWs\Runtime`: what this worker process has opened.

use ext_php_rs::boxed::ZBox;
use ext_php_rs::flags::ClassFlags;
use ext_php_rs::prelude::*;
use ext_php_rs::types::ZendHashTable;

use crate::boundary::guard;
use crate::error::Error;

/// Diagnostics of the per-process runtime (what this worker has opened).
#[php_class]
#[php(name = "SnokeWs\\Runtime")]
#[php(flags = ClassFlags::Final)]
pub struct Runtime;

#[php_impl]
impl Runtime {
    /// What this process has opened: `pid` (this process), `http_connections_opened`
    /// (TCP connections made by this process's HTTP clients; keep-alive keeps it low) and
    /// `redis_connections_opened` (Redis connections: one shared per DSN and timeout, plus
    /// one per consumer for its blocking reads) and `amqp_connections_opened` (RabbitMQ
    /// connections: one shared per DSN and timeout, plus one per consumer). A forked child
    /// starts again from 0.
    ///
    /// @phpstan-return array{pid: int, http_connections_opened: int, redis_connections_opened: int, amqp_connections_opened: int}
    pub fn stats() -> PhpResult<ZBox<ZendHashTable>> {
        guard(|| {
            let (http, redis, amqp) = super::connections_opened_here();
            let count = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
            let mut stats = ZendHashTable::new();
            for (key, value) in [
                ("pid", i64::from(std::process::id())),
                ("http_connections_opened", count(http)),
                ("redis_connections_opened", count(redis)),
                ("amqp_connections_opened", count(amqp)),
            ] {
                stats
                    .insert(key, value)
                    .map_err(|e| Error::Internal(format!("building stats array: {e}")))?;
            }
            Ok(stats)
        })
    }
}
