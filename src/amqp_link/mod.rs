//! Connections to RabbitMQ, shared by the RabbitMQ publisher and consumer.
//!
//! The DSN is parsed by lapin's `AMQPUri`; only `amqp://host:port/vhost`
//! (never the credentials) appears in messages. lapin runs on this process's
//! tokio runtime (executor and reactor traits), so its I/O advances only
//! while a call is being driven: heartbeats are therefore off unless the DSN
//! asks for them (`?heartbeat=…`), or an idle PHP worker would be
//! disconnected for missing them.
//!
//! lapin keeps a send and a receive buffer of 32 frames each, filled in
//! up front; at RabbitMQ's default `frame_max` of 128 KiB that is 8 MiB
//! resident per connection in every PHP worker. The frame size is therefore
//! capped at [`DEFAULT_FRAME_MAX`] unless the DSN asks for another
//! (`?frame_max=…`); larger messages simply travel in several frames.

mod headers;

use std::future::Future;
use std::str::FromStr;
use std::time::Duration;

use lapin::options::ConfirmSelectOptions;
use lapin::uri::{AMQPScheme, AMQPUri};
use lapin::{Channel, Connection, ConnectionProperties};

pub use headers::{header_int, header_text, Headers};

use crate::error::{Error, Result};
use crate::runtime::{ProcessRuntime, Timeouts};

/// The frame size asked of the broker when the DSN does not set one: 32 of
/// them per buffer keep a connection's buffers near 1 MiB.
pub const DEFAULT_FRAME_MAX: u32 = 16 * 1024;

/// One RabbitMQ server as given to a PHP constructor.
#[derive(Clone)]
pub struct AmqpTarget {
    uri: AMQPUri,
    peer: String,
    timeouts: Timeouts,
    /// Identifies the shared connection in the runtime (DSN and timeouts;
    /// kept in memory only).
    key: String,
}

/// A connection and its confirm-mode channel.
pub struct AmqpLink {
    /// Kept so the connection lives as long as the channel.
    pub connection: Connection,
    /// In confirm mode: every publish is acked or nacked by the broker.
    pub channel: Channel,
}

/// A publisher connection kept by the runtime, with the exchanges already
/// declared on it (declared once per process, not per publish).
pub struct SharedAmqp {
    /// The connection and its confirm-mode channel.
    pub link: AmqpLink,
    /// Exchanges declared on this connection.
    pub declared: std::sync::Mutex<std::collections::HashSet<String>>,
}

impl AmqpTarget {
    /// Validates the DSN (`amqp://[user:password@]host[:port][/vhost][?query]`) and the
    /// timeout; no I/O.
    pub fn new(dsn: &str, timeout_seconds: f64) -> Result<Self> {
        let timeouts = Timeouts::from_seconds("timeoutSeconds", timeout_seconds)?;
        let bad_dsn = || {
            Error::invalid_argument(
                "dsn",
                "is not an AMQP DSN such as amqp://[user:password@]host[:port][/vhost] (value not shown)",
            )
        };
        if !dsn.starts_with("amqp://") && !dsn.starts_with("amqps://") {
            return Err(bad_dsn());
        }
        let mut uri = AMQPUri::from_str(dsn).map_err(|_| bad_dsn())?;
        if uri.scheme == AMQPScheme::AMQPS {
            return Err(Error::invalid_argument(
                "dsn",
                "amqps:// is not supported by this build (use amqp:// on a trusted network)",
            ));
        }
        if uri.authority.host.is_empty() {
            return Err(bad_dsn());
        }
        uri.query.heartbeat.get_or_insert(0);
        uri.query.frame_max.get_or_insert(DEFAULT_FRAME_MAX);
        let vhost =
            percent_encoding::utf8_percent_encode(&uri.vhost, percent_encoding::NON_ALPHANUMERIC);
        let peer = format!(
            "amqp://{}:{}/{vhost}",
            uri.authority.host, uri.authority.port
        );
        let key = format!("{dsn}\u{0}{:?}", timeouts.total);
        Ok(Self {
            uri,
            peer,
            timeouts,
            key,
        })
    }

    /// `amqp://host:port/vhost`, for messages.
    pub fn peer(&self) -> &str {
        &self.peer
    }

    /// Identifies this DSN and timeout among the process's connections.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The per-call timeouts.
    pub fn timeouts(&self) -> Timeouts {
        self.timeouts
    }

    /// Opens a new connection with one confirm-mode channel.
    pub fn connect(&self, runtime: &ProcessRuntime) -> Result<AmqpLink> {
        let _context = runtime.enter();
        let properties = ConnectionProperties::default()
            .with_executor(tokio_executor_trait::Tokio::current())
            .with_reactor(tokio_reactor_trait::Tokio);
        let uri = self.uri.clone();
        let link = self.within(runtime, "CONNECT", self.timeouts.connect, async move {
            let connection = Connection::connect_uri(uri, properties).await?;
            let channel = connection.create_channel().await?;
            channel
                .confirm_select(ConfirmSelectOptions::default())
                .await?;
            Ok(AmqpLink {
                connection,
                channel,
            })
        })?;
        runtime.count_amqp_connection();
        Ok(link)
    }

    /// This process's shared connection for this DSN, opened on first use.
    pub fn shared(&self, runtime: &ProcessRuntime) -> Result<std::sync::Arc<SharedAmqp>> {
        if let Some(shared) = runtime.amqp_link(&self.key) {
            if shared.link.channel.status().connected() {
                return Ok(shared);
            }
            runtime.forget_amqp_link(&self.key);
        }
        let shared = std::sync::Arc::new(SharedAmqp {
            link: self.connect(runtime)?,
            declared: std::sync::Mutex::new(std::collections::HashSet::new()),
        });
        runtime.keep_amqp_link(&self.key, std::sync::Arc::clone(&shared));
        Ok(shared)
    }

    /// Drives `future` on the runtime, bounded by the call timeout.
    pub fn run<T>(
        &self,
        runtime: &ProcessRuntime,
        operation: &'static str,
        future: impl Future<Output = std::result::Result<T, lapin::Error>>,
    ) -> Result<T> {
        self.within(runtime, operation, self.timeouts.total, future)
    }

    fn within<T>(
        &self,
        runtime: &ProcessRuntime,
        operation: &'static str,
        limit: Duration,
        future: impl Future<Output = std::result::Result<T, lapin::Error>>,
    ) -> Result<T> {
        match runtime.block_on(async { tokio::time::timeout(limit, future).await }) {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(err)) => Err(classify(&self.peer, operation, &err)),
            Err(_) => Err(Error::Connection {
                method: operation,
                url: self.peer.clone(),
                reason: format!("no answer within {limit:?}"),
            }),
        }
    }

    /// A failure of `operation` the broker did not explain (nack, lost confirm).
    pub fn broker_error(&self, operation: &'static str, detail: impl Into<String>) -> Error {
        Error::Broker {
            command: operation,
            peer: self.peer.clone(),
            detail: detail.into(),
        }
    }
}

/// A refusal by the broker (`PRECONDITION_FAILED`, `NOT_FOUND`, …) is a
/// [`Error::Broker`]; everything else (refused, reset, closed) is a
/// [`Error::Connection`].
pub fn classify(peer: &str, operation: &'static str, err: &lapin::Error) -> Error {
    match err {
        lapin::Error::ProtocolError(amqp) => Error::Broker {
            command: operation,
            peer: peer.to_owned(),
            detail: amqp.to_string(),
        },
        other => Error::Connection {
            method: operation,
            url: peer.to_owned(),
            reason: other.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peer_names_host_port_and_vhost_but_not_the_password() {
        let target = AmqpTarget::new("amqp://guest:s3cret@127.0.0.1:5672/%2f", 5.0).unwrap();
        assert_eq!(target.peer(), "amqp://127.0.0.1:5672/%2F");
        assert!(!target.peer().contains("s3cret"));
    }

    #[test]
    fn heartbeats_are_off_unless_the_dsn_asks() {
        let off = AmqpTarget::new("amqp://127.0.0.1", 5.0).unwrap();
        assert_eq!(off.uri.query.heartbeat, Some(0));
        let on = AmqpTarget::new("amqp://127.0.0.1?heartbeat=30", 5.0).unwrap();
        assert_eq!(on.uri.query.heartbeat, Some(30));
    }

    #[test]
    fn frame_size_is_capped_unless_the_dsn_asks() {
        let capped = AmqpTarget::new("amqp://127.0.0.1", 5.0).unwrap();
        assert_eq!(capped.uri.query.frame_max, Some(DEFAULT_FRAME_MAX));
        let asked = AmqpTarget::new("amqp://127.0.0.1?frame_max=131072", 5.0).unwrap();
        assert_eq!(asked.uri.query.frame_max, Some(131_072));
    }

    #[test]
    fn rejects_malformed_dsns_without_echoing_them() {
        for bad in [
            "",
            "redis://127.0.0.1",
            "amqp://u:secret@127.0.0.1:notaport/",
        ] {
            let err = AmqpTarget::new(bad, 5.0).err().unwrap();
            assert!(err.to_string().starts_with("dsn: "), "{err}");
            assert!(!err.to_string().contains("secret"), "{err}");
        }
        assert!(AmqpTarget::new("amqps://127.0.0.1", 5.0).is_err());
    }
}
