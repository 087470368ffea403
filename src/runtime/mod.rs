//! Per-process I/O state: one tokio runtime and the HTTP clients, created on
//! first use and reused by every request the worker serves.
//!
//! PHP-FPM loads the extension in the master and forks workers afterwards, so
//! nothing is created at module start. The state remembers the pid that built
//! it; a forked child sees a different pid, *leaks* the inherited state (its
//! sockets and epoll instance are shared with the parent, closing or even
//! dropping them from the child would break the parent's connections) and
//! builds its own.

mod connect_counter;
mod stats;
mod timeouts;

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

pub use stats::Runtime;
pub use timeouts::Timeouts;

use crate::amqp_link::SharedAmqp;
use crate::error::{Error, Result};

/// The state of the process that built it.
pub struct ProcessRuntime {
    pid: u32,
    runtime: tokio::runtime::Runtime,
    clients: Mutex<HashMap<Timeouts, reqwest::Client>>,
    connections_opened: Arc<AtomicU64>,
    redis: Mutex<HashMap<String, SharedRedis>>,
    redis_connections_opened: AtomicU64,
    amqp: Mutex<HashMap<String, Arc<SharedAmqp>>>,
    amqp_connections_opened: AtomicU64,
}

/// A blocking Redis connection shared by every call of this process for one
/// DSN: PHP runs one request at a time per process, so a plain socket answers
/// a command without the task hand-offs of a multiplexed async connection.
pub type SharedRedis = Arc<Mutex<redis::Connection>>;

static CURRENT: Mutex<Option<Arc<ProcessRuntime>>> = Mutex::new(None);

/// The runtime of this process, built on first use (or first use after a fork).
pub fn current() -> Result<Arc<ProcessRuntime>> {
    let mut slot = lock(&CURRENT);
    let pid = std::process::id();
    if let Some(state) = slot.as_ref() {
        if state.pid == pid {
            return Ok(Arc::clone(state));
        }
    }
    if let Some(inherited) = slot.take() {
        // Deliberately never dropped: see the module documentation.
        std::mem::forget(inherited);
    }
    let state = Arc::new(ProcessRuntime::build(pid)?);
    *slot = Some(Arc::clone(&state));
    Ok(state)
}

/// TCP connections opened by this process's HTTP, Redis and AMQP clients,
/// without building anything.
fn connections_opened_here() -> (u64, u64, u64) {
    let slot = lock(&CURRENT);
    match slot.as_ref() {
        Some(state) if state.pid == std::process::id() => (
            state.connections_opened.load(Ordering::Relaxed),
            state.redis_connections_opened.load(Ordering::Relaxed),
            state.amqp_connections_opened.load(Ordering::Relaxed),
        ),
        _ => (0, 0, 0),
    }
}

impl ProcessRuntime {
    fn build(pid: u32) -> Result<Self> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()
            .map_err(Error::Runtime)?;
        Ok(Self {
            pid,
            runtime,
            clients: Mutex::new(HashMap::new()),
            connections_opened: Arc::new(AtomicU64::new(0)),
            redis: Mutex::new(HashMap::new()),
            redis_connections_opened: AtomicU64::new(0),
            amqp: Mutex::new(HashMap::new()),
            amqp_connections_opened: AtomicU64::new(0),
        })
    }

    /// Drives `future` to completion on this process's runtime.
    pub fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    /// The keep-alive client for these timeouts, built once per process.
    pub fn http_client(&self, timeouts: Timeouts) -> Result<reqwest::Client> {
        let mut clients = lock(&self.clients);
        if let Some(client) = clients.get(&timeouts) {
            return Ok(client.clone());
        }
        let _context = self.runtime.enter();
        let client = reqwest::Client::builder()
            .connect_timeout(timeouts.connect)
            .read_timeout(timeouts.read)
            .timeout(timeouts.total)
            // Below the idle timeout of common servers and proxies, so a
            // worker that sat idle does not write into a half-closed socket.
            .pool_idle_timeout(std::time::Duration::from_secs(15))
            .connector_layer(connect_counter::layer(Arc::clone(&self.connections_opened)))
            .build()
            .map_err(Error::HttpClient)?;
        clients.insert(timeouts, client.clone());
        Ok(client)
    }
}

impl ProcessRuntime {
    /// The shared Redis connection stored under `key`, if this process has one.
    pub fn redis_connection(&self, key: &str) -> Option<SharedRedis> {
        lock(&self.redis).get(key).cloned()
    }

    /// Keeps `connection` under `key` for later calls of this process.
    pub fn keep_redis_connection(&self, key: &str, connection: SharedRedis) {
        lock(&self.redis).insert(key.to_owned(), connection);
    }

    /// Drops the connection under `key` (it failed); the next call reconnects.
    pub fn forget_redis_connection(&self, key: &str) {
        lock(&self.redis).remove(key);
    }

    /// Counts a Redis connection this process opened (shared or dedicated).
    pub fn count_redis_connection(&self) {
        self.redis_connections_opened
            .fetch_add(1, Ordering::Relaxed);
    }

    /// The shared AMQP connection stored under `key`, if this process has one.
    pub fn amqp_link(&self, key: &str) -> Option<Arc<SharedAmqp>> {
        lock(&self.amqp).get(key).cloned()
    }

    /// Keeps `link` under `key` for later calls of this process.
    pub fn keep_amqp_link(&self, key: &str, link: Arc<SharedAmqp>) {
        lock(&self.amqp).insert(key.to_owned(), link);
    }

    /// Drops the AMQP connection under `key` (it failed); the next call reconnects.
    pub fn forget_amqp_link(&self, key: &str) {
        lock(&self.amqp).remove(key);
    }

    /// Counts an AMQP connection this process opened (shared or a consumer's).
    pub fn count_amqp_connection(&self) {
        self.amqp_connections_opened.fetch_add(1, Ordering::Relaxed);
    }

    /// Enters the runtime's context, so clients built now find its reactor.
    pub fn enter(&self) -> tokio::runtime::EnterGuard<'_> {
        self.runtime.enter()
    }

    /// The pid this runtime belongs to.
    pub fn pid(&self) -> u32 {
        self.pid
    }
}

/// A poisoned lock only means a panic was caught at the boundary while it was
/// held; the map or slot inside is still consistent, so keep using it.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Registers the `SnokeWs\Runtime` diagnostics class.
pub fn build_module(
    module: ext_php_rs::builders::ModuleBuilder,
) -> ext_php_rs::builders::ModuleBuilder {
    module.class::<Runtime>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_process_reuses_one_runtime() {
        let first = current().unwrap();
        let second = current().unwrap();
        assert!(Arc::ptr_eq(&first, &second));
        assert_eq!(first.pid, std::process::id());
    }

    #[test]
    fn clients_are_cached_per_timeouts() {
        let state = current().unwrap();
        let t = Timeouts::from_seconds("t", 1.0).unwrap();
        state.http_client(t).unwrap();
        let before = lock(&state.clients).len();
        state.http_client(t).unwrap();
        assert_eq!(lock(&state.clients).len(), before);
        assert!(lock(&state.clients).contains_key(&t));
    }
}
