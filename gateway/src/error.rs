//! The gateway's one error type.

use crate::config::ConfigErrors;

/// Everything that can go wrong in the gateway, naming the failing input and
/// keeping the cause; messages never contain secrets or tokens.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The environment is invalid; lists every mistake.
    #[error("{0}")]
    Config(#[from] ConfigErrors),
    /// A socket or file operation failed.
    #[error("{context}: {source}")]
    Io {
        /// What the gateway was doing.
        context: &'static str,
        /// The underlying failure.
        #[source]
        source: std::io::Error,
    },
    /// The shared HTTP client could not be built.
    #[error("cannot build the HTTP client: {0}")]
    HttpClient(#[source] reqwest::Error),
    /// A client's token was refused; the reason is for logs, never for the client.
    #[error("unauthorized: {0}")]
    Unauthorized(String),
    /// The JWKS document could not be fetched or read.
    #[error("JWKS from {url} unavailable: {reason}")]
    Jwks {
        /// The JWKS URL.
        url: String,
        /// Why it failed.
        reason: String,
    },
    /// A Redis setting or connection failed.
    #[error("{context}: {source}")]
    Redis {
        /// What the gateway was doing.
        context: &'static str,
        /// The underlying failure.
        #[source]
        source: redis::RedisError,
    },
    /// A RabbitMQ operation failed.
    #[error("{context}: {source}")]
    RabbitMq {
        /// What the gateway was doing.
        context: &'static str,
        /// The underlying failure.
        #[source]
        source: lapin::Error,
    },
    /// Prometheus metrics could not be registered or encoded.
    #[error("metrics: {0}")]
    Metrics(#[from] prometheus::Error),
}
