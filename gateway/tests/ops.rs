//! Health, readiness and metrics.
// Helpers outside #[test] fns unwrap too: a failed setup is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use serde_json::{json, Value};

#[tokio::test]
async fn health_and_ready_answer_ok() {
    let gw = Gateway::start(&[]).await;
    for path in ["/health", "/ready"] {
        let resp = http().get(gw.url(path)).send().await.unwrap();
        assert_eq!(resp.status(), 200, "{path}");
        assert_eq!(resp.json::<Value>().await.unwrap(), json!({"ok": true}));
    }
}

#[tokio::test]
async fn metrics_expose_the_spec_counters_and_open_connection_gauge() {
    let gw = Gateway::start(&[("GATEWAY_API_KEY", "test-key")]).await;
    let mut ws = gw.connect_user("1").await;
    assert_next_is_pong(&mut ws).await;
    gw.publish(&json!({"subjects": ["user:1"], "payload": 1}))
        .await;

    let resp = http().get(gw.url("/metrics")).send().await.unwrap();
    assert!(resp.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    let text = resp.text().await.unwrap();
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
        assert!(
            text.contains(&format!("# TYPE {name} counter\n")),
            "{name} missing:\n{text}"
        );
    }
    assert!(text.contains("# TYPE ws_connections_open gauge\n"));
    assert_eq!(metric(&gw, "ws_connections_total").await, 1.0);
    assert_eq!(metric(&gw, "ws_connections_open").await, 1.0);
    assert_eq!(metric(&gw, "ws_messages_total").await, 1.0);
    assert_eq!(metric(&gw, "publish_total").await, 1.0);

    ws.close(None).await.unwrap();
    wait_metric(&gw, "ws_disconnects_total", 1.0).await;
    assert_eq!(metric(&gw, "ws_connections_open").await, 0.0);
}
