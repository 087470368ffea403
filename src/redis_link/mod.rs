//! Connections to Redis, shared by the stream publisher, the presence
//! reader/writer and the stream consumer.
//!
//! The DSN is parsed by the `redis` crate; only `redis://host:port/db` (never
//! the credentials) appears in messages. Commands go over one multiplexed
//! connection per DSN and timeout, kept by this process's runtime (so a forked
//! child builds its own) and reused across requests. A connection that failed
//! is forgotten, and the next call reconnects.

use std::time::Duration;

use redis::aio::MultiplexedConnection;
use redis::{AsyncConnectionConfig, Client, Cmd, FromRedisValue, Pipeline, RedisError};

use crate::error::{Error, Result};
use crate::runtime::{self, ProcessRuntime, SharedRedis, Timeouts};

/// Parsed DSNs remembered by [`RedisTarget::new`]; past this many distinct
/// DSNs the memory starts over, so a process fed ever new DSNs stays small.
const PARSED_CAPACITY: usize = 32;

thread_local! {
    static PARSED: std::cell::RefCell<std::collections::HashMap<String, (f64, RedisTarget)>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// One Redis server as given to a PHP constructor.
#[derive(Clone)]
pub struct RedisTarget {
    client: Client,
    peer: String,
    timeouts: Timeouts,
    /// Identifies the shared connection in the runtime (DSN and timeouts;
    /// kept in memory only).
    key: String,
}

impl RedisTarget {
    /// Validates the DSN (`redis://[user:pass@]host[:port][/db]`, `unix:///path`)
    /// and the timeout; no I/O.
    ///
    /// A worker builds its services anew on every request, always from the same
    /// DSN, so the parsed target is remembered per DSN (a few per process) and
    /// cloned instead of parsing the URL again.
    pub fn new(dsn: &str, timeout_seconds: f64) -> Result<Self> {
        let cached = PARSED.with(|parsed| {
            parsed
                .borrow()
                .get(dsn)
                .filter(|(seconds, _)| seconds.to_bits() == timeout_seconds.to_bits())
                .map(|(_, target)| target.clone())
        });
        if let Some(target) = cached {
            return Ok(target);
        }
        let target = Self::parse(dsn, timeout_seconds)?;
        PARSED.with(|parsed| {
            let mut parsed = parsed.borrow_mut();
            if parsed.len() >= PARSED_CAPACITY {
                parsed.clear();
            }
            parsed.insert(dsn.to_owned(), (timeout_seconds, target.clone()));
        });
        Ok(target)
    }

    fn parse(dsn: &str, timeout_seconds: f64) -> Result<Self> {
        let timeouts = Timeouts::from_seconds("timeoutSeconds", timeout_seconds)?;
        let client = Client::open(dsn).map_err(|_| {
            Error::invalid_argument(
                "dsn",
                "is not a Redis DSN such as redis://[user:password@]host[:port][/db] (value not shown)",
            )
        })?;
        let info = client.get_connection_info();
        let peer = format!("redis://{}/{}", info.addr, info.redis.db);
        let key = format!("{dsn}\u{0}{:?}", timeouts.total);
        Ok(Self {
            client,
            peer,
            timeouts,
            key,
        })
    }

    /// `redis://host:port/db`, for messages.
    pub fn peer(&self) -> &str {
        &self.peer
    }

    /// The per-call timeouts.
    pub fn timeouts(&self) -> Timeouts {
        self.timeouts
    }

    /// Runs `cmd` on this process's shared connection.
    pub fn query<T: FromRedisValue>(&self, name: &'static str, cmd: &Cmd) -> Result<T> {
        self.run(name, Request::Command(cmd))
    }

    /// Sends `pipeline` in one round trip on the shared connection.
    pub fn query_pipeline<T: FromRedisValue>(
        &self,
        name: &'static str,
        pipeline: &Pipeline,
    ) -> Result<T> {
        self.run(name, Request::Pipeline(pipeline))
    }

    /// Sends `request`; when a connection kept from an earlier call turns out
    /// to be dead (Redis restarted, or closed it while the worker was idle),
    /// sends it once more on a new one, so a worker does not fail one request
    /// per Redis restart. A timeout is never retried.
    fn run<T: FromRedisValue>(&self, name: &'static str, request: Request<'_>) -> Result<T> {
        let runtime = runtime::current()?;
        let (connection, reused) = self.shared(&runtime, name)?;
        let sent = request.send::<T>(&mut runtime::lock(&connection));
        match sent {
            Ok(value) => Ok(value),
            Err(err) if reused && is_dead_connection(&err) => {
                runtime.forget_redis_connection(&self.key);
                let (connection, _) = self.shared(&runtime, name)?;
                let sent = request.send::<T>(&mut runtime::lock(&connection));
                sent.map_err(|err| self.failed(&runtime, name, err))
            }
            Err(err) => Err(self.failed(&runtime, name, err)),
        }
    }

    /// A new connection of its own, for blocking reads: its response timeout
    /// is `extra` longer than the normal one.
    pub fn dedicated(
        &self,
        runtime: &ProcessRuntime,
        extra: Duration,
    ) -> Result<MultiplexedConnection> {
        let config = AsyncConnectionConfig::new()
            .set_connection_timeout(self.timeouts.connect)
            .set_response_timeout(self.timeouts.total + extra);
        let connection = runtime
            .block_on(
                self.client
                    .get_multiplexed_async_connection_with_config(&config),
            )
            .map_err(|err| classify(&self.peer, "CONNECT", &err))?;
        runtime.count_redis_connection();
        Ok(connection)
    }

    /// Maps a failure of `name`, forgetting the shared connection when the
    /// failure was the connection's (the next call reconnects).
    pub fn failed(&self, runtime: &ProcessRuntime, name: &'static str, err: RedisError) -> Error {
        let error = classify(&self.peer, name, &err);
        if matches!(error, Error::Connection { .. }) {
            runtime.forget_redis_connection(&self.key);
        }
        error
    }

    /// The shared connection, and whether it was kept from an earlier call.
    fn shared(&self, runtime: &ProcessRuntime, name: &'static str) -> Result<(SharedRedis, bool)> {
        if let Some(connection) = runtime.redis_connection(&self.key) {
            return Ok((connection, true));
        }
        let connection = self
            .client
            .get_connection_with_timeout(self.timeouts.connect)
            .and_then(|connection| {
                connection.set_read_timeout(Some(self.timeouts.total))?;
                connection.set_write_timeout(Some(self.timeouts.total))?;
                Ok(connection)
            })
            .map_err(|err| classify(&self.peer, name, &err))?;
        runtime.count_redis_connection();
        let connection = std::sync::Arc::new(std::sync::Mutex::new(connection));
        runtime.keep_redis_connection(&self.key, std::sync::Arc::clone(&connection));
        Ok((connection, false))
    }
}

/// A command or a pipeline.
#[derive(Clone, Copy)]
enum Request<'a> {
    Command(&'a Cmd),
    Pipeline(&'a Pipeline),
}

impl Request<'_> {
    fn send<T: FromRedisValue>(self, connection: &mut redis::Connection) -> redis::RedisResult<T> {
        match self {
            Request::Command(cmd) => cmd.query(connection),
            Request::Pipeline(pipeline) => pipeline.query(connection),
        }
    }
}

/// The connection itself is gone (reset, closed, broken pipe), as opposed
/// to a slow answer or an error reply.
pub fn is_dead_connection(err: &RedisError) -> bool {
    !err.is_timeout() && (err.is_connection_dropped() || err.is_io_error())
}

/// No answer (refused, reset, timed out) is a [`Error::Connection`]; an
/// answer that is an error reply is a [`Error::Broker`].
pub fn classify(peer: &str, name: &'static str, err: &RedisError) -> Error {
    let unreachable = err.is_io_error()
        || err.is_timeout()
        || err.is_connection_refusal()
        || err.is_connection_dropped();
    if unreachable {
        let reason = if err.is_timeout() {
            "no answer within the timeout".to_owned()
        } else {
            format!("cannot reach Redis: {err}")
        };
        Error::Connection {
            method: name,
            url: peer.to_owned(),
            reason,
        }
    } else {
        Error::Broker {
            command: name,
            peer: peer.to_owned(),
            detail: err.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dsn_errors_never_show_the_dsn() {
        for bad in [
            "http://u:s3cret@host",
            "redis://u:s3cret@:notaport",
            "not a dsn s3cret",
        ] {
            let message = RedisTarget::new(bad, 1.0).err().unwrap().to_string();
            assert!(message.starts_with("dsn: "), "{message}");
            assert!(!message.contains("s3cret"), "{message}");
        }
    }

    #[test]
    fn peer_names_host_port_and_db_without_credentials() {
        let target = RedisTarget::new("redis://user:s3cret@127.0.0.1:6390/2", 1.0).unwrap();
        assert_eq!(target.peer(), "redis://127.0.0.1:6390/2");
    }
}
