//! A slow client never holds up the others; its queue overflows by policy.
// Helpers outside #[test] fns unwrap too: a failed setup is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use futures_util::StreamExt;
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message;

/// Publishes big payloads to a client that never reads and a client that
/// does; returns after the slow client stopped being counted in `sent`.
async fn flood_until_slow_client_is_dropped(gw: &Gateway, fast: &mut Ws) -> usize {
    let blob = "x".repeat(256 * 1024);
    for round in 0..400 {
        let resp = gw
            .publish(&json!({"subjects": ["user:slow", "user:fast"], "payload": {"round": round, "blob": blob}}))
            .await;
        let sent = resp.json::<Value>().await.unwrap()["sent"]
            .as_u64()
            .unwrap();
        // The fast client gets every round, in order, however stuck the slow one is.
        let got = next_json(fast).await;
        assert_eq!(got["payload"]["round"], round);
        if sent == 1 {
            return round;
        }
        assert_eq!(sent, 2);
    }
    panic!("the slow client's queue never overflowed");
}

#[tokio::test]
async fn slow_client_is_closed_with_1013_while_others_keep_receiving() {
    let gw = Gateway::start(&[
        ("GATEWAY_API_KEY", "test-key"),
        ("BACKPRESSURE_PER_CONN_BUFFER", "4"),
    ])
    .await;
    let mut slow = gw.connect_user("slow").await;
    let mut fast = gw.connect_user("fast").await;
    flood_until_slow_client_is_dropped(&gw, &mut fast).await;
    assert_eq!(close_code(&mut slow).await, 1013);
    assert_next_is_pong(&mut fast).await;
}

#[tokio::test]
async fn drop_strategy_keeps_the_slow_client_connected() {
    let gw = Gateway::start(&[
        ("GATEWAY_API_KEY", "test-key"),
        ("BACKPRESSURE_STRATEGY", "drop"),
        ("BACKPRESSURE_PER_CONN_BUFFER", "4"),
        ("BACKPRESSURE_DROP_POLICY", "newest"),
    ])
    .await;
    let mut slow = gw.connect_user("slow").await;
    let mut fast = gw.connect_user("fast").await;
    let blob = "x".repeat(256 * 1024);
    for round in 0..60 {
        gw.publish(&json!({"subjects": ["user:slow", "user:fast"], "payload": {"round": round, "blob": blob}}))
            .await;
        assert_eq!(next_json(&mut fast).await["payload"]["round"], round);
    }
    wait_metric(&gw, "ws_backpressure_total", 1.0).await;

    // The slow client now reads; it gets what was kept, in order, then a marker.
    let reader = tokio::spawn(async move {
        let mut rounds = Vec::new();
        loop {
            let frame = next_json(&mut slow).await;
            if frame["payload"] == "marker" {
                return (slow, rounds);
            }
            rounds.push(frame["payload"]["round"].as_i64().unwrap());
        }
    });
    let deadline = tokio::time::Instant::now() + WAIT;
    while !reader.is_finished() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "marker never arrived"
        );
        gw.publish(&json!({"subjects": ["user:slow"], "payload": "marker"}))
            .await;
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let (mut slow, rounds) = reader.await.unwrap();
    assert!(rounds.windows(2).all(|w| w[0] < w[1]), "{rounds:?}");
    assert!(rounds.len() < 60, "some rounds must have been dropped");

    // Still connected: a ping is answered (after any markers still queued).
    send_text(&mut slow, r#"{"type":"ping"}"#).await;
    loop {
        let msg = tokio::time::timeout(WAIT, slow.next())
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        let Message::Text(text) = msg else {
            panic!("unexpected {msg:?}");
        };
        if serde_json::from_str::<Value>(text.as_str()).unwrap() == json!({"type": "pong"}) {
            break;
        }
    }
}
