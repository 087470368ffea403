//! What clients may send: ping/heartbeat, raw wrapping, binary, size, rate limit.
// Helpers outside #[test] fns unwrap too: a failed setup is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use futures_util::SinkExt;
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;

#[tokio::test]
async fn ping_and_heartbeat_are_answered_and_not_forwarded() {
    let mut hook = WebhookReceiver::start().await;
    let gw = Gateway::start(&[("SYMFONY_WEBHOOK_URL", &hook.url)]).await;
    let mut ws = gw.connect_user("1").await;
    send_text(&mut ws, r#"{"type":"heartbeat"}"#).await;
    assert_eq!(next_json(&mut ws).await, json!({"type":"heartbeat_ack"}));
    send_text(&mut ws, r#"{"type":"ping"}"#).await;
    assert_eq!(next_json(&mut ws).await, json!({"type":"pong"}));
    send_text(&mut ws, r#"{"type":"chat"}"#).await;
    assert_eq!(hook.next().await.json()["type"], "connected");
    let next = hook.next().await.json();
    assert_eq!(next["type"], "message_received");
    assert_eq!(next["message"], json!({"type":"chat"}));
}

#[tokio::test]
async fn non_object_frames_are_forwarded_as_raw_and_the_socket_stays_open() {
    let mut hook = WebhookReceiver::start().await;
    let gw = Gateway::start(&[("SYMFONY_WEBHOOK_URL", &hook.url)]).await;
    let mut ws = gw.connect_user("1").await;
    let texts = ["hello", "[1,2]", "42", "null", "{broken"];
    for text in texts {
        send_text(&mut ws, text).await;
    }
    assert_next_is_pong(&mut ws).await;
    for text in texts {
        let event = hook.next_of("message_received").await.json();
        assert_eq!(event["message"], json!({"type":"raw","payload":text}));
        assert_eq!(event["raw"], text);
    }
}

#[tokio::test]
async fn message_received_keeps_the_exact_raw_text_and_traceparent() {
    let mut hook = WebhookReceiver::start().await;
    let gw = Gateway::start(&[("SYMFONY_WEBHOOK_URL", &hook.url)]).await;
    let mut ws = gw.connect_user("9").await;
    let raw = r#"{ "type" : "chat", "traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" }"#;
    send_text(&mut ws, raw).await;
    let event = hook.next_of("message_received").await.json();
    assert_eq!(event["raw"], raw);
    assert_eq!(event["user_id"], "9");
    assert_eq!(event["subjects"], json!(["user:9"]));
    assert_eq!(
        event["traceparent"],
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
    );
}

#[tokio::test]
async fn binary_frame_is_refused_with_1003() {
    let gw = Gateway::start(&[]).await;
    let mut ws = gw.connect_user("1").await;
    ws.send(Message::binary(vec![1u8, 2, 3])).await.unwrap();
    assert_eq!(close_code(&mut ws).await, 1003);
}

#[tokio::test]
async fn oversize_frame_is_refused_with_1009() {
    let gw = Gateway::start(&[("WS_MAX_MESSAGE_BYTES", "1024")]).await;
    let mut ws = gw.connect_user("1").await;
    let small = format!(r#"{{"type":"chat","text":"{}"}}"#, "a".repeat(900));
    send_text(&mut ws, &small).await;
    assert_next_is_pong(&mut ws).await;
    let big = format!(r#"{{"type":"chat","text":"{}"}}"#, "a".repeat(5000));
    send_text(&mut ws, &big).await;
    assert_eq!(close_code(&mut ws).await, 1009);
}

#[tokio::test]
async fn frames_over_the_token_bucket_get_rate_limited_and_are_not_forwarded() {
    let mut hook = WebhookReceiver::start().await;
    let gw = Gateway::start(&[
        ("SYMFONY_WEBHOOK_URL", &hook.url),
        ("WS_RATE_LIMIT_PER_SEC", "0.001"),
        ("WS_RATE_LIMIT_BURST", "2"),
    ])
    .await;
    let mut ws = gw.connect_user("1").await;
    for n in 0..5 {
        send_text(&mut ws, &format!(r#"{{"n":{n}}}"#)).await;
    }
    for _ in 0..3 {
        assert_eq!(next_json(&mut ws).await, json!({"type":"rate_limited"}));
    }
    assert_next_is_pong(&mut ws).await;
    assert_eq!(
        hook.next_of("message_received").await.json()["message"]["n"],
        0
    );
    assert_eq!(
        hook.next_of("message_received").await.json()["message"]["n"],
        1
    );
    assert!(
        hook.stays_quiet(std::time::Duration::from_millis(200))
            .await
    );
    assert_eq!(metric(&gw, "ws_rate_limited_total").await, 3.0);
}

#[tokio::test]
async fn zero_rate_disables_the_limit() {
    let gw = Gateway::start(&[("WS_RATE_LIMIT_PER_SEC", "0")]).await;
    let mut ws = gw.connect_user("1").await;
    for n in 0..60 {
        send_text(&mut ws, &format!(r#"{{"n":{n}}}"#)).await;
    }
    assert_next_is_pong(&mut ws).await;
}
