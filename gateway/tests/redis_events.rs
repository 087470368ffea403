//! Core mode over a real Redis: connection events and client messages land in
//! `ws.inbox` / `ws.events` (SPEC §2 "Events"), partitioned and trimmed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::real_redis::{
    connect, redis_url, stream_data, unique, wait_ready_status, wait_stream, Keys,
};
use common::{send_text, wait_metric, Gateway, WebhookReceiver};
use serde_json::json;
use sha1::{Digest, Sha1};

/// Core-mode gateway variables on fresh stream names.
struct Names {
    inbox: String,
    events: String,
    outbox: String,
    presence: String,
}

impl Names {
    fn new(keys: &mut Keys) -> Self {
        Self {
            inbox: keys.add(unique("ws.inbox")),
            events: keys.add(unique("ws.events")),
            outbox: keys.add(unique("ws.outbox")),
            presence: format!("{}:", unique("presence")),
        }
    }

    fn vars(&self) -> Vec<(&'static str, String)> {
        vec![
            ("WS_MODE", "core".into()),
            ("REDIS_DSN", redis_url()),
            ("REDIS_INBOX_STREAM", self.inbox.clone()),
            ("REDIS_EVENTS_STREAM", self.events.clone()),
            ("REDIS_STREAM", self.outbox.clone()),
            ("PRESENCE_REDIS_PREFIX", self.presence.clone()),
            ("WS_RATE_LIMIT_PER_SEC", "0".into()),
        ]
    }
}

async fn start(names: &Names, extra: &[(&'static str, &str)]) -> Gateway {
    let mut vars = names.vars();
    vars.extend(extra.iter().map(|(k, v)| (*k, (*v).to_owned())));
    let borrowed: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let gw = Gateway::start(&borrowed).await;
    wait_ready_status(&gw, 200).await;
    gw
}

#[tokio::test]
async fn events_land_in_inbox_and_events_streams_with_spec_fields() {
    let mut conn = connect(&redis_url()).await;
    let mut keys = Keys::default();
    let names = Names::new(&mut keys);
    let gw = start(&names, &[]).await;

    let mut ws = gw.connect_user("7").await;
    send_text(&mut ws, r#"{"type":"chat","text":"hi"}"#).await;
    send_text(&mut ws, "not json").await;
    ws.close(None).await.unwrap();

    let events = wait_stream(&mut conn, &names.events, 2).await;
    assert_eq!(events[0]["type"], "connected");
    assert_eq!(events[1]["type"], "disconnected");
    let connection_id = events[0]["connection_id"].as_str().unwrap().to_owned();
    for event in &events {
        assert_eq!(event["connection_id"], connection_id.as_str());
        assert_eq!(event["user_id"], "7");
        assert_eq!(event["subjects"], json!(["user:7"]));
        assert!(event["connected_at"].as_i64().unwrap() > 0);
    }
    let inbox = wait_stream(&mut conn, &names.inbox, 2).await;
    assert_eq!(inbox[0]["type"], "message_received");
    assert_eq!(inbox[0]["connection_id"], connection_id.as_str());
    assert_eq!(inbox[0]["user_id"], "7");
    assert_eq!(inbox[0]["message"], json!({"type":"chat","text":"hi"}));
    assert_eq!(inbox[0]["raw"], r#"{"type":"chat","text":"hi"}"#);
    assert_eq!(
        inbox[1]["message"],
        json!({"type":"raw","payload":"not json"})
    );
    wait_metric(&gw, "broker_publish_total", 4.0).await;

    let mut gw = gw;
    gw.shutdown().await;
    keys.delete(&mut conn, &[format!("{}*", names.presence)])
        .await;
}

#[tokio::test]
async fn suffix_partitioning_puts_messages_in_streams_named_by_sanitised_key() {
    let mut conn = connect(&redis_url()).await;
    let mut keys = Keys::default();
    let names = Names::new(&mut keys);
    let gw = start(
        &names,
        &[
            ("ORDERING_STRATEGY", "topic"),
            ("ORDERING_PARTITION_MODE", "suffix"),
        ],
    )
    .await;
    let long_topic = "t".repeat(70);
    let plain = keys.add(format!("{}.room:1", names.inbox));
    let cleaned = keys.add(format!("{}.room_2_a", names.inbox));
    let hashed = keys.add(format!(
        "{}.{}",
        names.inbox,
        hex::encode(Sha1::digest(long_topic.as_bytes()))
    ));

    let mut ws = gw.connect_user("8").await;
    send_text(&mut ws, r#"{"topic":"room:1","text":"a"}"#).await;
    send_text(&mut ws, r#"{"topic":"room 2/a","text":"b"}"#).await;
    send_text(&mut ws, &json!({"topic": long_topic}).to_string()).await;

    let first = wait_stream(&mut conn, &plain, 1).await;
    assert_eq!(first[0]["ordering_key"], "room:1");
    assert_eq!(first[0]["ordering_strategy"], "topic");
    let second = wait_stream(&mut conn, &cleaned, 1).await;
    assert_eq!(second[0]["ordering_key"], "room 2/a");
    let third = wait_stream(&mut conn, &hashed, 1).await;
    assert_eq!(third[0]["ordering_key"], long_topic.as_str());
    let unsuffixed: i64 = redis::cmd("XLEN")
        .arg(&names.inbox)
        .query_async(&mut conn)
        .await
        .unwrap();
    assert_eq!(unsuffixed, 0);

    drop(ws);
    // Shutdown flushes the `disconnected` event, so nothing recreates a key
    // after it is deleted.
    let mut gw = gw;
    gw.shutdown().await;
    let events = stream_data(&mut conn, &names.events).await;
    let kinds: Vec<&str> = events.iter().map(|e| e["type"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        ["connected", "disconnected"],
        "shutdown flushes events"
    );
    keys.delete(&mut conn, &[format!("{}*", names.presence)])
        .await;
}

#[tokio::test]
async fn events_mode_both_sends_events_to_the_webhook_and_redis() {
    let mut conn = connect(&redis_url()).await;
    let mut keys = Keys::default();
    let names = Names::new(&mut keys);
    let mut webhook = WebhookReceiver::start().await;
    let url = webhook.url.clone();
    let mut gw = start(
        &names,
        &[
            ("EVENTS_MODE", "both"),
            ("SYMFONY_WEBHOOK_URL", url.as_str()),
        ],
    )
    .await;

    let mut ws = gw.connect_user("5").await;
    send_text(&mut ws, r#"{"type":"chat"}"#).await;
    let hooked = webhook.next_of("message_received").await.json();
    let streamed = wait_stream(&mut conn, &names.inbox, 1).await;
    assert_eq!(hooked, streamed[0]);

    drop(ws);
    gw.shutdown().await;
    keys.delete(&mut conn, &[format!("{}*", names.presence)])
        .await;
}

#[tokio::test]
async fn bounded_replay_trims_streams_by_length_and_age() {
    let mut conn = connect(&redis_url()).await;
    let mut keys = Keys::default();
    let names = Names::new(&mut keys);
    // 300 entries older than any retention, in several radix-tree nodes, so
    // the approximate `MINID ~` trim can drop whole nodes of them.
    for n in 1..=300 {
        let _: String = redis::cmd("XADD")
            .arg(&names.events)
            .arg(format!("{n}-0"))
            .arg("data")
            .arg("{}")
            .query_async(&mut conn)
            .await
            .unwrap();
    }
    let gw = start(
        &names,
        &[
            ("REPLAY_STRATEGY", "bounded"),
            ("REPLAY_MAXLEN", "10"),
            ("REPLAY_RETENTION_SECONDS", "3600"),
        ],
    )
    .await;

    let mut ws = gw.connect_user("9").await;
    for n in 0..400 {
        send_text(&mut ws, &json!({"n": n}).to_string()).await;
    }
    wait_metric(&gw, "broker_publish_total", 401.0).await;
    let inbox_len: i64 = redis::cmd("XLEN")
        .arg(&names.inbox)
        .query_async(&mut conn)
        .await
        .unwrap();
    assert!(
        (10..400).contains(&inbox_len),
        "inbox has {inbox_len} entries"
    );
    let first_event: redis::streams::StreamRangeReply = redis::cmd("XRANGE")
        .arg(&names.events)
        .arg("-")
        .arg("+")
        .arg("COUNT")
        .arg(1)
        .query_async(&mut conn)
        .await
        .unwrap();
    assert_ne!(first_event.ids[0].id, "1-0", "old entries were not trimmed");

    drop(ws);
    // Shutdown flushes the `disconnected` event, so nothing recreates a key
    // after it is deleted.
    let mut gw = gw;
    gw.shutdown().await;
    keys.delete(&mut conn, &[format!("{}*", names.presence)])
        .await;
}
