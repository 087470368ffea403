//! Redis outages (SPEC §2 "Brokers"): `/ready` answers 503 while Redis is
//! down, clients stay connected, and events from a short outage arrive after
//! Redis is back.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::real_redis::{
    connect, free_port, ready_status, wait_ready_status, wait_stream, PrivateRedis,
};
use common::{assert_next_is_pong, send_text, wait_metric, Gateway};
use serde_json::json;

#[tokio::test]
async fn unreachable_redis_makes_ready_fail_while_clients_are_served() {
    let url = format!("redis://127.0.0.1:{}", free_port());
    let gw = Gateway::start(&[("WS_MODE", "core"), ("REDIS_DSN", url.as_str())]).await;

    assert_eq!(ready_status(&gw).await, 503);
    let mut ws = gw.connect_user("1").await;
    send_text(&mut ws, r#"{"type":"ping"}"#).await;
    assert_next_is_pong(&mut ws).await;
    send_text(&mut ws, r#"{"type":"chat"}"#).await;
    send_text(&mut ws, r#"{"type":"ping"}"#).await;
    assert_next_is_pong(&mut ws).await;
    assert_eq!(ready_status(&gw).await, 503);
}

#[tokio::test]
async fn events_beyond_the_outage_buffer_are_dropped_and_counted() {
    let url = format!("redis://127.0.0.1:{}", free_port());
    let gw = Gateway::start(&[
        ("WS_MODE", "core"),
        ("REDIS_DSN", url.as_str()),
        ("BROKER_OUTAGE_BUFFER", "2"),
        ("WS_RATE_LIMIT_PER_SEC", "0"),
    ])
    .await;
    let mut ws = gw.connect_user("1").await;
    for n in 0..5 {
        send_text(&mut ws, &json!({ "n": n }).to_string()).await;
    }
    // `connected` and the first message fill the buffer; four are dropped.
    wait_metric(&gw, "broker_events_dropped_total", 4.0).await;
    send_text(&mut ws, r#"{"type":"ping"}"#).await;
    assert_next_is_pong(&mut ws).await;
}

#[tokio::test]
async fn events_during_a_redis_restart_arrive_after_it_is_back() {
    let mut redis = PrivateRedis::start().await;
    let url = redis.url();
    let gw = Gateway::start(&[
        ("WS_MODE", "core"),
        ("REDIS_DSN", url.as_str()),
        ("WS_RATE_LIMIT_PER_SEC", "0"),
    ])
    .await;
    wait_ready_status(&gw, 200).await;
    let mut ws = gw.connect_user("2").await;
    let mut conn = connect(&url).await;
    send_text(&mut ws, r#"{"text":"before"}"#).await;
    wait_stream(&mut conn, "ws.inbox", 1).await;

    redis.kill();
    wait_ready_status(&gw, 503).await;
    send_text(&mut ws, r#"{"text":"during"}"#).await;
    send_text(&mut ws, r#"{"type":"ping"}"#).await;
    assert_next_is_pong(&mut ws).await;

    redis.restart().await;
    wait_ready_status(&gw, 200).await;
    let mut conn = connect(&url).await;
    // The restarted server starts empty: what it holds came from the buffer.
    let inbox = wait_stream(&mut conn, "ws.inbox", 1).await;
    assert_eq!(inbox[0]["message"], json!({"text": "during"}));
    wait_metric(&gw, "broker_publish_total", 3.0).await;
    send_text(&mut ws, r#"{"type":"ping"}"#).await;
    assert_next_is_pong(&mut ws).await;
}
