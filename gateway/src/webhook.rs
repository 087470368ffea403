//! Delivery of events to Symfony by signed HTTP webhook.

use std::sync::Arc;
use std::time::Duration;

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

enum Attempt {
    Delivered,
    Refused(reqwest::StatusCode),
    Retryable(String),
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
        let mut last_problem = String::new();
        for attempt in 0..=self.retry_attempts {
            if attempt > 0 {
                let factor = 2u32.saturating_pow(attempt - 1);
                tokio::time::sleep(self.retry_base.saturating_mul(factor)).await;
            }
            match self.attempt(event, signature.as_deref()).await {
                Attempt::Delivered => {
                    self.metrics.webhook_publish.inc();
                    return;
                }
                Attempt::Refused(status) => {
                    self.metrics.webhook_publish_failed.inc();
                    tracing::warn!(%status, kind = ?event.event.kind,
                        connection_id = %event.event.connection_id, "webhook refused the event");
                    return;
                }
                Attempt::Retryable(problem) => {
                    tracing::debug!(attempt, %problem, "webhook attempt failed");
                    last_problem = problem;
                }
            }
        }
        self.metrics.webhook_publish_failed.inc();
        tracing::warn!(problem = %last_problem, kind = ?event.event.kind,
            connection_id = %event.event.connection_id,
            "webhook delivery failed after all retries");
    }

    async fn attempt(&self, event: &EncodedEvent, signature: Option<&str>) -> Attempt {
        let mut request = self
            .http
            .post(&self.url)
            .timeout(self.timeout)
            .header(CONTENT_TYPE, "application/json")
            .body(event.body.clone());
        if let Some(signature) = signature {
            request = request.header(SIGNATURE_HEADER, signature);
        }
        match request.send().await {
            Ok(response) if response.status().is_server_error() => {
                Attempt::Retryable(format!("status {}", response.status()))
            }
            Ok(response) if response.status().is_success() => Attempt::Delivered,
            Ok(response) => Attempt::Refused(response.status()),
            Err(err) => Attempt::Retryable(err.to_string()),
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
