//! Delivery of events to Symfony by signed HTTP webhook.

use std::sync::Arc;
use std::time::Duration;

use backon::{ExponentialBuilder, Retryable};
use futures_util::future::BoxFuture;
use hmac::{Hmac, Mac};
use reqwest::header::CONTENT_TYPE;
use sha2::Sha256;

use crate::broker::{EncodedEvent, EventSink};
use crate::config::WebhookSettings;
use crate::metrics::Metrics;

/// Header carrying `sha256=<hex HMAC-SHA256 of the body>`.
pub const SIGNATURE_HEADER: &str = "X-Webhook-Signature";

/// `sha256=<hex>` of the HMAC-SHA256 of `body` under `secret`.
pub fn signature(secret: &str, body: &[u8]) -> String {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret.as_bytes()) {
        Ok(mac) => mac,
        Err(_) => return String::new(),
    };
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// POSTs each event as JSON to `SYMFONY_WEBHOOK_URL`.
///
/// A connection error, timeout or 5xx answer is retried `retry_attempts` times
/// after the first attempt, waiting `retry_base`, then twice that, and so on.
/// Any other answer ends delivery: 2xx counts as delivered, 4xx as failed
/// (retrying a refusal would not change it).
pub struct WebhookSink {
    http: reqwest::Client,
    url: String,
    secret: Option<String>,
    retry_attempts: u32,
    retry_base: Duration,
    timeout: Duration,
    metrics: Arc<Metrics>,
}

/// Why one delivery attempt did not succeed.
enum Failure {
    /// A 4xx (or other non-2xx, non-5xx) answer: retrying would not change it.
    Refused(reqwest::StatusCode),
    /// Connection error, timeout or 5xx: worth another attempt.
    Transient(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Refused(status) => write!(f, "refused with status {status}"),
            Self::Transient(problem) => write!(f, "{problem}"),
        }
    }
}

impl WebhookSink {
    /// A sink for `settings.url` (callers skip the webhook when it is empty).
    pub fn new(settings: &WebhookSettings, http: reqwest::Client, metrics: Arc<Metrics>) -> Self {
        Self {
            http,
            url: settings.url.clone().unwrap_or_default(),
            secret: settings.secret.clone(),
            retry_attempts: settings.retry_attempts,
            retry_base: settings.retry_base,
            timeout: settings.timeout,
            metrics,
        }
    }

    async fn post(&self, event: &EncodedEvent) {
        let signature = self.secret.as_deref().map(|s| signature(s, &event.body));
        let backoff = ExponentialBuilder::new()
            .with_min_delay(self.retry_base)
            .with_factor(2.0)
            .without_max_delay()
            .with_max_times(self.retry_attempts as usize);
        let outcome = (|| self.attempt(event, signature.as_deref()))
            .retry(backoff)
            .sleep(tokio::time::sleep)
            .when(|failure| matches!(failure, Failure::Transient(_)))
            .notify(|failure, wait| {
                tracing::debug!(%failure, ?wait, "webhook attempt failed; retrying");
            })
            .await;
        match outcome {
            Ok(()) => self.metrics.webhook_publish.inc(),
            Err(failure) => {
                self.metrics.webhook_publish_failed.inc();
                tracing::warn!(%failure, kind = ?event.event.kind,
                    connection_id = %event.event.connection_id, "webhook delivery failed");
            }
        }
    }

    async fn attempt(&self, event: &EncodedEvent, signature: Option<&str>) -> Result<(), Failure> {
        let mut request = self
            .http
            .post(&self.url)
            .timeout(self.timeout)
            .header(CONTENT_TYPE, "application/json")
            .body(event.body.clone());
        if let Some(signature) = signature {
            request = request.header(SIGNATURE_HEADER, signature);
        }
        let response = request
            .send()
            .await
            .map_err(|e| Failure::Transient(e.to_string()))?;
        let status = response.status();
        if status.is_success() {
            Ok(())
        } else if status.is_server_error() {
            Err(Failure::Transient(format!("status {status}")))
        } else {
            Err(Failure::Refused(status))
        }
    }
}

impl EventSink for WebhookSink {
    fn name(&self) -> &'static str {
        "webhook"
    }

    fn deliver<'a>(&'a self, event: &'a EncodedEvent) -> BoxFuture<'a, ()> {
        Box::pin(self.post(event))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_matches_a_known_hmac_sha256() {
        // RFC 4231 test case 2.
        assert_eq!(
            signature("Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
