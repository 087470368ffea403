mod common;

use common::*;
use serde_json::json;

#[tokio::test]
async fn ping_gets_pong_and_messages_reach_the_signed_webhook() {
    let mut hook = WebhookReceiver::start().await;
    let gw = Gateway::start(&[
        ("SYMFONY_WEBHOOK_URL", &hook.url),
        ("SYMFONY_WEBHOOK_SECRET", "s3cret"),
        ("GATEWAY_API_KEY", "test-key"),
    ])
    .await;
    let mut ws = gw.connect_user("42").await;
    send_text(&mut ws, r#"{"type":"ping"}"#).await;
    assert_eq!(next_json(&mut ws).await, json!({"type":"pong"}));
    send_text(&mut ws, r#"{"type":"chat","text":"hi"}"#).await;
    let connected = hook.next().await;
    assert_eq!(connected.json()["type"], "connected");
    let msg = hook.next_of("message_received").await;
    assert_eq!(msg.json()["message"], json!({"type":"chat","text":"hi"}));
    let sig = msg.headers["x-webhook-signature"].to_str().unwrap();
    assert_eq!(
        sig,
        snoke_ws_gateway::webhook::signature("s3cret", &msg.body)
    );
    let resp = gw
        .publish(&json!({"subjects":["user:42"],"payload":{"a":1}}))
        .await;
    assert_eq!(
        resp.json::<serde_json::Value>().await.unwrap(),
        json!({"sent":1})
    );
    assert_eq!(
        next_json(&mut ws).await,
        json!({"type":"event","payload":{"a":1}})
    );
}
