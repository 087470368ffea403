//! The one error type of the extension.
//!
//! Every variant maps to exactly one `SnokeWs\…` PHP exception class (see
//! [`crate::exceptions`]). Messages name the bad input or the peer, and never
//! carry an API key, a JWT key or a token.

/// Everything that can go wrong inside a `SnokeWs\…` call.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An argument was rejected before any I/O (`SnokeWs\InvalidArgumentException`).
    #[error("{argument}: {reason}")]
    InvalidArgument {
        /// Which argument, with a path into it when nested (`payload.items[2]`).
        argument: String,
        /// What is wrong with it.
        reason: String,
    },

    /// The gateway or a broker could not be reached or did not answer in
    /// time (`SnokeWs\ConnectionException`).
    #[error("{method} {url} failed: {reason}")]
    Connection {
        /// HTTP method of the call, or the Redis command.
        method: &'static str,
        /// The URL or broker address, without credentials or query.
        url: String,
        /// Refused, timed out, reset, … with the underlying cause.
        reason: String,
    },

    /// The gateway answered with an error status or an unreadable body
    /// (`SnokeWs\GatewayException`, code = HTTP status).
    #[error("{method} {url} answered HTTP {status}: {detail}")]
    Gateway {
        /// HTTP method of the call.
        method: &'static str,
        /// The URL, without credentials or query.
        url: String,
        /// HTTP status code of the answer.
        status: u16,
        /// The gateway's own error text, or what was wrong with the body.
        detail: String,
    },

    /// A broker (Redis) answered a command with an error reply
    /// (`SnokeWs\BrokerException`).
    #[error("{command} on {peer} failed: {detail}")]
    Broker {
        /// The command that was refused (`XADD`, `XGROUP CREATE`, …).
        command: &'static str,
        /// The broker, as `redis://host:port/db` (never with credentials).
        peer: String,
        /// The broker's error reply.
        detail: String,
    },

    /// A JWT could not be signed (`SnokeWs\JwtException`).
    #[error("cannot sign JWT: {0}")]
    Jwt(String),

    /// The per-process runtime could not be built (`SnokeWs\SnokeWsException`).
    #[error("cannot start the extension's I/O runtime: {0}")]
    Runtime(#[source] std::io::Error),

    /// The HTTP client could not be built (`SnokeWs\SnokeWsException`).
    #[error("cannot build the HTTP client: {0}")]
    HttpClient(#[source] reqwest::Error),

    /// A Rust panic caught at the boundary (`SnokeWs\InternalError`).
    #[error("internal error in snoke_ws: {0}")]
    Internal(String),
}

impl Error {
    /// Shorthand for [`Error::InvalidArgument`].
    pub fn invalid_argument(argument: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::InvalidArgument {
            argument: argument.into(),
            reason: reason.into(),
        }
    }
}

/// Result alias used throughout the extension.
pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_argument_message_names_the_argument_path() {
        let err = Error::invalid_argument("payload.items[2]", "objects are not accepted");
        assert_eq!(
            err.to_string(),
            "payload.items[2]: objects are not accepted"
        );
    }

    #[test]
    fn gateway_message_carries_status_and_detail() {
        let err = Error::Gateway {
            method: "POST",
            url: "http://127.0.0.1:8000/internal/publish".into(),
            status: 401,
            detail: "unauthorized".into(),
        };
        assert_eq!(
            err.to_string(),
            "POST http://127.0.0.1:8000/internal/publish answered HTTP 401: unauthorized"
        );
    }
}
