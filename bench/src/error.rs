//! The one error type of the bench.

use std::path::PathBuf;

/// Everything that can stop a scenario or the report.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    File {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A socket, process or /proc operation failed.
    #[error("{what}: {source}")]
    Io {
        /// What was being done.
        what: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The gateway did not start, answer or stop as expected.
    #[error("gateway: {0}")]
    Gateway(String),
    /// A WebSocket client failed.
    #[error("websocket {what}: {source}")]
    Ws {
        /// What was being done.
        what: &'static str,
        /// The cause.
        source: Box<tokio_tungstenite::tungstenite::Error>,
    },
    /// An HTTP request failed.
    #[error("http {what}: {source}")]
    Http {
        /// What was being done.
        what: &'static str,
        /// The cause.
        source: hyper::Error,
    },
    /// Redis refused or failed a command.
    #[error("redis {what}: {source}")]
    Redis {
        /// What was being done.
        what: &'static str,
        /// The cause.
        source: redis::RedisError,
    },
    /// A token could not be minted.
    #[error("jwt: {0}")]
    Jwt(#[from] jsonwebtoken::errors::Error),
    /// JSON could not be encoded or decoded.
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
    /// A peer answered something the scenario did not expect.
    #[error("unexpected answer: {0}")]
    Protocol(String),
    /// A bounded wait ran out.
    #[error("timed out: {0}")]
    Timeout(String),
    /// Bad command-line input.
    #[error("{0}")]
    Usage(String),
}

impl Error {
    /// An I/O error with what was being done.
    pub fn io(what: impl Into<String>, source: std::io::Error) -> Self {
        Self::Io {
            what: what.into(),
            source,
        }
    }

    /// A WebSocket error with what was being done.
    pub fn ws(what: &'static str, source: tokio_tungstenite::tungstenite::Error) -> Self {
        Self::Ws {
            what,
            source: Box::new(source),
        }
    }

    /// A Redis error with the command that failed.
    pub fn redis(what: &'static str, source: redis::RedisError) -> Self {
        Self::Redis { what, source }
    }
}

/// The bench's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
