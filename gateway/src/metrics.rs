//! Prometheus metrics, one registry per gateway instance (so several gateways
//! in one test process do not share counters).

use prometheus::{Encoder, IntCounter, IntGauge, Registry, TextEncoder};

use crate::Error;

/// Counters and gauges the gateway exposes on `/metrics`; names are the SPEC's.
pub struct Metrics {
    registry: Registry,
    /// Accepted (authenticated) connections.
    pub ws_connections: IntCounter,
    /// Closed connections.
    pub ws_disconnects: IntCounter,
    /// Client frames received (including pings and refused ones).
    pub ws_messages: IntCounter,
    /// Client frames refused by the token bucket.
    pub ws_rate_limited: IntCounter,
    /// Upgrades refused with 4401.
    pub ws_auth_failures: IntCounter,
    /// Frames dropped or clients closed because a send queue was full.
    pub ws_backpressure: IntCounter,
    /// Publish requests handled.
    pub publish: IntCounter,
    /// Events handed to a broker.
    pub broker_publish: IntCounter,
    /// Broker events dropped (buffer full during an outage, or refused by the broker).
    pub broker_events_dropped: IntCounter,
    /// Outbox entries that could not be read and went to the dead-letter stream.
    pub outbox_dead_lettered: IntCounter,
    /// Redis presence writes dropped because the writer's queue was full.
    pub presence_writes_dropped: IntCounter,
    /// Webhook events delivered.
    pub webhook_publish: IntCounter,
    /// Webhook events given up on after all retries.
    pub webhook_publish_failed: IntCounter,
    /// Currently open connections.
    pub ws_connections_open: IntGauge,
}

impl Metrics {
    /// Creates and registers every metric.
    pub fn new() -> Result<Self, Error> {
        let registry = Registry::new();
        let counter = |name: &str, help: &str| -> Result<IntCounter, Error> {
            let c = IntCounter::new(name, help)?;
            registry.register(Box::new(c.clone()))?;
            Ok(c)
        };
        let metrics = Self {
            ws_connections: counter("ws_connections_total", "WebSocket connections accepted")?,
            ws_disconnects: counter("ws_disconnects_total", "WebSocket connections closed")?,
            ws_messages: counter("ws_messages_total", "Frames received from clients")?,
            ws_rate_limited: counter("ws_rate_limited_total", "Frames refused by the rate limit")?,
            ws_auth_failures: counter("ws_auth_failures_total", "Upgrades closed with 4401")?,
            ws_backpressure: counter(
                "ws_backpressure_total",
                "Frames dropped or clients closed on a full send queue",
            )?,
            publish: counter("publish_total", "Publish requests handled")?,
            broker_publish: counter("broker_publish_total", "Events published to a broker")?,
            broker_events_dropped: counter(
                "broker_events_dropped_total",
                "Broker events dropped (outage buffer full or refused)",
            )?,
            outbox_dead_lettered: counter(
                "outbox_dead_lettered_total",
                "Outbox entries moved to the dead-letter stream",
            )?,
            presence_writes_dropped: counter(
                "presence_writes_dropped_total",
                "Redis presence writes dropped on a full queue",
            )?,
            webhook_publish: counter("webhook_publish_total", "Webhook events delivered")?,
            webhook_publish_failed: counter(
                "webhook_publish_failed_total",
                "Webhook events that failed after all retries",
            )?,
            ws_connections_open: IntGauge::new(
                "ws_connections_open",
                "Open WebSocket connections",
            )?,
            registry,
        };
        metrics
            .registry
            .register(Box::new(metrics.ws_connections_open.clone()))?;
        Ok(metrics)
    }

    /// The Prometheus text exposition (format 0.0.4).
    pub fn render(&self) -> Result<String, Error> {
        let mut out = Vec::new();
        TextEncoder::new().encode(&self.registry.gather(), &mut out)?;
        String::from_utf8(out).map_err(|e| Error::Metrics(prometheus::Error::Msg(e.to_string())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exposes_spec_counter_names_exactly() {
        let m = Metrics::new().unwrap();
        m.publish.inc();
        let text = m.render().unwrap();
        for name in [
            "ws_connections_total",
            "ws_disconnects_total",
            "ws_messages_total",
            "ws_rate_limited_total",
            "publish_total",
            "broker_publish_total",
            "webhook_publish_total",
            "webhook_publish_failed_total",
        ] {
            assert!(text.contains(&format!("# TYPE {name} counter\n")), "{name}");
        }
        assert!(text.contains("# TYPE ws_connections_open gauge\n"));
        assert!(text.contains("\npublish_total 1\n"));
        assert!(!text.contains("_total_total"));
    }
}
