//! Events to Symfony: shape, signature, retries, order, presence consistency.
// Helpers outside #[test] fns unwrap too: a failed setup is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::*;
use serde_json::{json, Value};
use snoke_ws_gateway::webhook::signature;

#[tokio::test]
async fn connected_event_has_the_spec_fields_and_a_valid_signature() {
    let mut hook = WebhookReceiver::start().await;
    let gw = Gateway::start(&[
        ("SYMFONY_WEBHOOK_URL", &hook.url),
        ("SYMFONY_WEBHOOK_SECRET", "dev-webhook-secret"),
    ])
    .await;
    let before = now();
    let _ws = gw.connect_user("5").await;
    let got = hook.next().await;
    assert_eq!(got.headers["content-type"], "application/json");
    assert_eq!(
        got.headers["x-webhook-signature"].to_str().unwrap(),
        signature("dev-webhook-secret", &got.body)
    );
    let event = got.json();
    let fields: Vec<&String> = event.as_object().unwrap().keys().collect();
    assert_eq!(
        fields,
        [
            "connected_at",
            "connection_id",
            "subjects",
            "type",
            "user_id"
        ]
    );
    assert_eq!(event["type"], "connected");
    assert_eq!(event["user_id"], "5");
    assert_eq!(event["subjects"], json!(["user:5"]));
    assert!(event["connected_at"].as_i64().unwrap() >= before);
    assert_eq!(
        event["connection_id"].as_str().unwrap().len(),
        36,
        "connection id is a UUID"
    );
}

#[tokio::test]
async fn no_signature_header_without_a_secret() {
    let mut hook = WebhookReceiver::start().await;
    let gw = Gateway::start(&[("SYMFONY_WEBHOOK_URL", &hook.url)]).await;
    let _ws = gw.connect_user("5").await;
    assert!(hook
        .next()
        .await
        .headers
        .get("x-webhook-signature")
        .is_none());
}

#[tokio::test]
async fn server_errors_are_retried_until_delivered() {
    let mut hook = WebhookReceiver::start().await;
    hook.respond_with(&[500, 503]);
    let gw = Gateway::start(&[
        ("SYMFONY_WEBHOOK_URL", &hook.url),
        ("WEBHOOK_RETRY_BASE_SECONDS", "0.01"),
    ])
    .await;
    let _ws = gw.connect_user("5").await;
    let bodies: Vec<_> = [hook.next().await, hook.next().await, hook.next().await]
        .into_iter()
        .map(|r| r.body)
        .collect();
    assert!(
        bodies.iter().all(|b| *b == bodies[0]),
        "same body each attempt"
    );
    wait_metric(&gw, "webhook_publish_total", 1.0).await;
    assert_eq!(metric(&gw, "webhook_publish_failed_total").await, 0.0);
}

#[tokio::test]
async fn gives_up_after_the_configured_retries() {
    let mut hook = WebhookReceiver::start().await;
    hook.respond_with(&[500; 10]);
    let gw = Gateway::start(&[
        ("SYMFONY_WEBHOOK_URL", &hook.url),
        ("WEBHOOK_RETRY_ATTEMPTS", "2"),
        ("WEBHOOK_RETRY_BASE_SECONDS", "0.01"),
    ])
    .await;
    let _ws = gw.connect_user("5").await;
    for _ in 0..3 {
        hook.next().await;
    }
    wait_metric(&gw, "webhook_publish_failed_total", 1.0).await;
    assert!(
        hook.stays_quiet(Duration::from_millis(300)).await,
        "1 attempt + 2 retries"
    );
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let mut hook = WebhookReceiver::start().await;
    hook.respond_with(&[401]);
    let gw = Gateway::start(&[
        ("SYMFONY_WEBHOOK_URL", &hook.url),
        ("WEBHOOK_RETRY_BASE_SECONDS", "0.01"),
    ])
    .await;
    let _ws = gw.connect_user("5").await;
    hook.next().await;
    wait_metric(&gw, "webhook_publish_failed_total", 1.0).await;
    assert!(hook.stays_quiet(Duration::from_millis(200)).await);
}

#[tokio::test]
async fn unreachable_webhook_is_retried_then_counted_as_failed() {
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/events", closed.local_addr().unwrap());
    drop(closed);
    let gw = Gateway::start(&[
        ("SYMFONY_WEBHOOK_URL", &url),
        ("WEBHOOK_RETRY_BASE_SECONDS", "0.01"),
        ("WEBHOOK_TIMEOUT_SECONDS", "1"),
    ])
    .await;
    let _ws = gw.connect_user("5").await;
    wait_metric(&gw, "webhook_publish_failed_total", 1.0).await;
}

#[tokio::test]
async fn one_connections_events_arrive_in_order() {
    let mut hook = WebhookReceiver::start().await;
    let gw = Gateway::start(&[
        ("SYMFONY_WEBHOOK_URL", &hook.url),
        ("WS_RATE_LIMIT_PER_SEC", "0"),
    ])
    .await;
    let mut ws = gw.connect_user("5").await;
    for n in 0..30 {
        send_text(&mut ws, &format!(r#"{{"n":{n}}}"#)).await;
    }
    ws.close(None).await.unwrap();
    let mut kinds = Vec::new();
    let mut numbers = Vec::new();
    loop {
        let event = hook.next().await.json();
        kinds.push(event["type"].as_str().unwrap().to_owned());
        if let Some(n) = event["message"]["n"].as_i64() {
            numbers.push(n);
        }
        if event["type"] == "disconnected" {
            break;
        }
    }
    assert_eq!(kinds.first().map(String::as_str), Some("connected"));
    assert_eq!(kinds.len(), 32);
    assert_eq!(numbers, (0..30).collect::<Vec<i64>>());
}

#[tokio::test]
async fn presence_is_updated_before_connected_and_disconnected_are_sent() {
    let mut hook = WebhookReceiver::start().await;
    let gw = Gateway::start(&[("SYMFONY_WEBHOOK_URL", &hook.url)]).await;
    hook.probe(gw.url("/internal/users/5/connections"));
    let mut ws = gw.connect_user("5").await;
    let connected = hook.next().await;
    let id = connected.json()["connection_id"].clone();
    let listed: Vec<Value> = connected.probe.unwrap()["connections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["connection_id"].clone())
        .collect();
    assert!(listed.contains(&id), "connected sent before registration");

    ws.close(None).await.unwrap();
    let disconnected = hook.next_of("disconnected").await;
    assert_eq!(disconnected.json()["connection_id"], id);
    assert_eq!(disconnected.probe.unwrap(), json!({"connections": []}));
}

#[tokio::test]
async fn empty_webhook_url_skips_delivery() {
    let gw = Gateway::start(&[("SYMFONY_WEBHOOK_URL", "")]).await;
    let mut ws = gw.connect_user("5").await;
    send_text(&mut ws, r#"{"type":"chat"}"#).await;
    assert_next_is_pong(&mut ws).await;
    assert_eq!(metric(&gw, "webhook_publish_total").await, 0.0);
    assert_eq!(metric(&gw, "webhook_publish_failed_total").await, 0.0);
}

#[tokio::test]
async fn timed_out_attempts_are_retried() {
    let hook = WebhookReceiver::start().await;
    hook.delay_answers(Duration::from_secs(3));
    let gw = Gateway::start(&[
        ("SYMFONY_WEBHOOK_URL", &hook.url),
        ("WEBHOOK_TIMEOUT_SECONDS", "0.2"),
        ("WEBHOOK_RETRY_ATTEMPTS", "1"),
        ("WEBHOOK_RETRY_BASE_SECONDS", "0.01"),
    ])
    .await;
    let _ws = gw.connect_user("5").await;
    wait_metric(&gw, "webhook_publish_failed_total", 1.0).await;
    assert_eq!(hook.arrivals(), 2, "1 attempt + 1 retry after timeouts");
}
