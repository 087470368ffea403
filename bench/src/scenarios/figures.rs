//! The gateway figures of issue 4: id, title, unit, direction and target.

use crate::record::Better;

/// One figure of the table.
#[derive(Debug, Clone, Copy)]
pub struct Figure {
    /// Stable id (compared across runs).
    pub id: &'static str,
    /// Row title.
    pub title: &'static str,
    /// Unit of the value.
    pub unit: &'static str,
    /// Direction that is good.
    pub better: Better,
    /// Target from the issue.
    pub target: Option<f64>,
    /// p99 target from the issue, ms.
    pub target_p99_ms: Option<f64>,
}

const fn fig(
    id: &'static str,
    title: &'static str,
    unit: &'static str,
    better: Better,
    target: f64,
    target_p99_ms: Option<f64>,
) -> Figure {
    Figure {
        id,
        title,
        unit,
        better,
        target: Some(target),
        target_p99_ms,
    }
}

/// Every gateway figure, in table order.
pub const FIGURES: [Figure; 10] = [
    fig(
        "idle_memory_10k",
        "Memory per idle authenticated connection, 10k connections",
        "KiB/conn",
        Better::Lower,
        8.0,
        None,
    ),
    fig(
        "idle_memory_max",
        "Memory per idle authenticated connection, as many as 20000 fds allow",
        "KiB/conn",
        Better::Lower,
        8.0,
        None,
    ),
    fig(
        "handshake_hs256",
        "Handshakes/s, 100 in flight, HS256",
        "handshakes/s",
        Better::Higher,
        10_000.0,
        Some(50.0),
    ),
    fig(
        "handshake_rs256",
        "Handshakes/s, 100 in flight, RS256",
        "handshakes/s",
        Better::Higher,
        5_000.0,
        Some(50.0),
    ),
    fig(
        "ping_rtt",
        "Ping round trips over 100 connections",
        "round trips/s",
        Better::Higher,
        100_000.0,
        Some(2.0),
    ),
    fig(
        "http_publish",
        "HTTP publish, one subject each, keep-alive",
        "publishes/s",
        Better::Higher,
        50_000.0,
        Some(5.0),
    ),
    fig(
        "broadcast_10k",
        "One publish to 10,000 subjects (broadcast)",
        "deliveries/s",
        Better::Higher,
        500_000.0,
        Some(100.0),
    ),
    fig(
        "redis_outbox",
        "Redis outbox, one subject per entry",
        "deliveries/s",
        Better::Higher,
        100_000.0,
        Some(20.0),
    ),
    fig(
        "redis_inbox",
        "Client messages into Redis ws.inbox",
        "msgs/s",
        Better::Higher,
        100_000.0,
        Some(20.0),
    ),
    fig(
        "webhook_burst",
        "Client messages to a webhook, burst of 20,000 from 100 clients",
        "msgs/s",
        Better::Higher,
        10_000.0,
        None,
    ),
];

/// The figure with id `id`.
pub fn by_id(id: &str) -> Option<&'static Figure> {
    FIGURES.iter().find(|f| f.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figure_ids_are_unique_and_found() {
        for f in &FIGURES {
            assert_eq!(by_id(f.id).unwrap().id, f.id);
            assert_eq!(FIGURES.iter().filter(|g| g.id == f.id).count(), 1);
        }
        assert!(by_id("nope").is_none());
    }
}
