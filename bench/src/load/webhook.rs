//! The webhook receiver the gateway posts to in `webhook_burst`: an axum
//! server on 127.0.0.1 that checks `X-Webhook-Signature` on every request
//! and records the bench messages it carries.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use super::receivers::now_us;
use crate::error::{Error, Result};
use crate::stats::Latencies;

/// What the receiver has seen so far.
#[derive(Debug, Default)]
pub struct Tally {
    /// Distinct bench message sequence numbers received.
    pub seqs: HashSet<u64>,
    /// `message_received` events received (duplicates included).
    pub messages: u64,
    /// Requests whose signature was missing or wrong (answered 401).
    pub bad_signatures: u64,
    /// Client send → webhook arrival.
    pub latencies: Latencies,
    /// Arrival of the last message, µs since the epoch.
    pub last_at_us: u64,
}

struct Shared {
    secret: String,
    tally: Mutex<Tally>,
}

/// A running receiver; stopped when dropped.
pub struct WebhookReceiver {
    addr: SocketAddr,
    shared: Arc<Shared>,
    task: JoinHandle<()>,
}

impl WebhookReceiver {
    /// Listens on a free 127.0.0.1 port, expecting HMAC-SHA256 with `secret`.
    pub async fn start(secret: &str) -> Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(|e| Error::io("binding the webhook receiver", e))?;
        let addr = listener
            .local_addr()
            .map_err(|e| Error::io("webhook receiver address", e))?;
        let shared = Arc::new(Shared {
            secret: secret.to_owned(),
            tally: Mutex::new(Tally::default()),
        });
        let app = Router::new()
            .route("/hook", post(receive))
            .with_state(shared.clone());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(Self { addr, shared, task })
    }

    /// The URL to give the gateway.
    pub fn url(&self) -> String {
        format!("http://{}/hook", self.addr)
    }

    /// Runs `f` on the tally.
    pub fn with_tally<T>(&self, f: impl FnOnce(&Tally) -> T) -> T {
        match self.shared.tally.lock() {
            Ok(t) => f(&t),
            Err(poisoned) => f(&poisoned.into_inner()),
        }
    }
}

impl Drop for WebhookReceiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Whether `header` is `sha256=<hex HMAC-SHA256 of body>` under `secret`.
pub fn signature_ok(secret: &str, body: &[u8], header: Option<&str>) -> bool {
    let Some(hex_sig) = header.and_then(|h| h.strip_prefix("sha256=")) else {
        return false;
    };
    let Ok(sig) = hex::decode(hex_sig) else {
        return false;
    };
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return false;
    };
    mac.update(body);
    mac.verify_slice(&sig).is_ok()
}

#[derive(Deserialize)]
struct Event {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    message: Option<BenchMessage>,
}

#[derive(Deserialize)]
struct BenchMessage {
    seq: u64,
    t: u64,
}

async fn receive(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let header = headers
        .get("x-webhook-signature")
        .and_then(|v| v.to_str().ok());
    let ok = signature_ok(&shared.secret, &body, header);
    let event: Option<Event> = serde_json::from_slice(&body).ok();
    let at = now_us();
    let Ok(mut tally) = shared.tally.lock() else {
        return StatusCode::INTERNAL_SERVER_ERROR;
    };
    if !ok {
        tally.bad_signatures += 1;
        return StatusCode::UNAUTHORIZED;
    }
    if let Some(Event {
        kind,
        message: Some(msg),
    }) = event
    {
        if kind == "message_received" {
            tally.messages += 1;
            tally.seqs.insert(msg.seq);
            tally.latencies.record_us(at.saturating_sub(msg.t));
            tally.last_at_us = tally.last_at_us.max(at);
        }
    }
    StatusCode::OK
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_are_checked_against_the_exact_body() {
        let mut mac = Hmac::<Sha256>::new_from_slice(b"s3cret").unwrap();
        mac.update(b"{\"a\":1}");
        let good = format!("sha256={}", hex::encode(mac.finalize().into_bytes()));
        assert!(signature_ok("s3cret", b"{\"a\":1}", Some(&good)));
        assert!(!signature_ok("s3cret", b"{\"a\":2}", Some(&good)));
        assert!(!signature_ok("other", b"{\"a\":1}", Some(&good)));
        assert!(!signature_ok("s3cret", b"{\"a\":1}", None));
        assert!(!signature_ok("s3cret", b"{\"a\":1}", Some("sha256=zz")));
    }
}
