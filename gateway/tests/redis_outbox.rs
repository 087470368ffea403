//! Core mode over a real Redis: pushes from the outbox stream (SPEC §2
//! "Server-side push") reach clients on every gateway, once, and bad entries
//! are dead-lettered.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::real_redis::{connect, redis_url, unique, wait_ready_status, xadd, Keys};
use common::{metric, next_json, wait_metric, Gateway};
use redis::streams::StreamRangeReply;
use serde_json::json;

struct Names {
    outbox: String,
    dlq: String,
    presence: String,
}

impl Names {
    fn new(keys: &mut Keys) -> Self {
        Self {
            outbox: keys.add(unique("ws.outbox")),
            dlq: keys.add(unique("ws.dlq")),
            presence: format!("{}:", unique("presence")),
        }
    }

    async fn gateway(&self) -> Gateway {
        let url = redis_url();
        let gw = Gateway::start(&[
            ("REDIS_DSN", url.as_str()),
            ("REDIS_STREAM", self.outbox.as_str()),
            ("REDIS_DLQ_STREAM", self.dlq.as_str()),
            ("PRESENCE_REDIS_PREFIX", self.presence.as_str()),
        ])
        .await;
        wait_ready_status(&gw, 200).await;
        gw
    }

    async fn cleanup(&self, keys: &Keys) {
        let mut conn = connect(&redis_url()).await;
        keys.delete(&mut conn, &[format!("{}*", self.presence)])
            .await;
    }
}

fn push(subjects: &[&str], payload: serde_json::Value) -> String {
    json!({ "subjects": subjects, "payload": payload }).to_string()
}

#[tokio::test]
async fn outbox_push_reaches_a_connected_client() {
    let mut conn = connect(&redis_url()).await;
    let mut keys = Keys::default();
    let names = Names::new(&mut keys);
    let gw = names.gateway().await;
    let mut ws = gw.connect_user("7").await;

    let data = r#"{"subjects":["user:7"],"payload":{"hello":"redis","b":1,"a":2}}"#;
    xadd(&mut conn, &names.outbox, &[("data", data)]).await;

    // The payload arrives as the publisher wrote it, key order included.
    assert_eq!(
        next_text(&mut ws).await,
        r#"{"type":"event","payload":{"hello":"redis","b":1,"a":2}}"#
    );
    names.cleanup(&keys).await;
}

#[tokio::test]
async fn every_gateway_on_one_outbox_delivers_to_its_own_clients() {
    let mut conn = connect(&redis_url()).await;
    let mut keys = Keys::default();
    let names = Names::new(&mut keys);
    let first = names.gateway().await;
    let second = names.gateway().await;
    let mut on_first = first.connect_user("1").await;
    let mut on_second = second.connect_user("2").await;

    let data = push(&["user:1", "user:2"], json!({"n": 1}));
    xadd(&mut conn, &names.outbox, &[("data", &data)]).await;

    let expected = json!({"type": "event", "payload": {"n": 1}});
    assert_eq!(next_json(&mut on_first).await, expected);
    assert_eq!(next_json(&mut on_second).await, expected);
    names.cleanup(&keys).await;
}

#[tokio::test]
async fn restarted_gateway_does_not_replay_old_pushes() {
    let mut conn = connect(&redis_url()).await;
    let mut keys = Keys::default();
    let names = Names::new(&mut keys);
    let mut gw = names.gateway().await;
    let mut ws = gw.connect_user("5").await;
    let old = push(&["user:5"], json!("old"));
    xadd(&mut conn, &names.outbox, &[("data", &old)]).await;
    assert_eq!(next_json(&mut ws).await["payload"], "old");
    drop(ws);
    gw.shutdown().await;

    let restarted = names.gateway().await;
    let mut ws = restarted.connect_user("5").await;
    let fresh = push(&["user:5"], json!("fresh"));
    xadd(&mut conn, &names.outbox, &[("data", &fresh)]).await;
    assert_eq!(next_json(&mut ws).await["payload"], "fresh");
    // `publish_total` counts every outbox entry the reader handled.
    assert_eq!(metric(&restarted, "publish_total").await, 1.0);
    names.cleanup(&keys).await;
}

#[tokio::test]
async fn unparseable_entries_go_to_the_dlq_and_the_reader_carries_on() {
    let mut conn = connect(&redis_url()).await;
    let mut keys = Keys::default();
    let names = Names::new(&mut keys);
    let gw = names.gateway().await;
    let mut ws = gw.connect_user("3").await;

    xadd(&mut conn, &names.outbox, &[("data", "not json")]).await;
    xadd(
        &mut conn,
        &names.outbox,
        &[("data", r#"{"subjects":"user:3"}"#)],
    )
    .await;
    xadd(&mut conn, &names.outbox, &[("other", "field")]).await;
    let good = push(&["user:3"], json!({"still": "alive"}));
    xadd(&mut conn, &names.outbox, &[("data", &good)]).await;

    assert_eq!(
        next_json(&mut ws).await["payload"],
        json!({"still": "alive"})
    );
    wait_metric(&gw, "outbox_dead_lettered_total", 3.0).await;
    wait_stream_len(&mut conn, &names.dlq, 3).await;
    let dlq: StreamRangeReply = redis::cmd("XRANGE")
        .arg(&names.dlq)
        .arg("-")
        .arg("+")
        .query_async(&mut conn)
        .await
        .unwrap();
    let first = &dlq.ids[0];
    assert_eq!(first.get::<String>("data").as_deref(), Some("not json"));
    assert!(first.get::<String>("reason").unwrap().contains("JSON"));
    assert_eq!(
        first.get::<String>("source").as_deref(),
        Some(names.outbox.as_str())
    );
    assert!(dlq.ids[1]
        .get::<String>("reason")
        .unwrap()
        .contains("subjects"));
    assert!(dlq.ids[2].get::<String>("reason").unwrap().contains("data"));
    names.cleanup(&keys).await;
}

async fn next_text(ws: &mut common::Ws) -> String {
    use futures_util::StreamExt;
    loop {
        let msg = tokio::time::timeout(common::WAIT, ws.next())
            .await
            .expect("no frame in time")
            .expect("socket ended")
            .expect("socket error");
        if let tokio_tungstenite::tungstenite::Message::Text(text) = msg {
            return text.as_str().to_owned();
        }
    }
}

async fn wait_stream_len(conn: &mut redis::aio::MultiplexedConnection, stream: &str, len: i64) {
    let deadline = tokio::time::Instant::now() + common::WAIT;
    loop {
        let n: i64 = redis::cmd("XLEN")
            .arg(stream)
            .query_async(conn)
            .await
            .unwrap();
        if n >= len {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{stream} has {n} entries"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}
