//! Redis presence over a real Redis (SPEC §2 "Presence"): keys appear on
//! connect with the strategy's TTL, are refreshed by heartbeats and vanish on
//! disconnect.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashMap;
use std::time::Duration;

use common::real_redis::{connect, redis_url, unique, wait_ready_status, Keys};
use common::{next_json, send_text, Gateway, WAIT};
use redis::aio::MultiplexedConnection;
use serde_json::json;

async fn gateway(prefix: &str, extra: &[(&str, &str)]) -> Gateway {
    let url = redis_url();
    let mut vars = vec![
        ("PRESENCE_REDIS_DSN", url.as_str()),
        ("PRESENCE_REDIS_PREFIX", prefix),
    ];
    vars.extend_from_slice(extra);
    let gw = Gateway::start(&vars).await;
    wait_ready_status(&gw, 200).await;
    gw
}

/// Waits until the user's set lists a connection and returns its id.
async fn wait_connection_id(conn: &mut MultiplexedConnection, prefix: &str, user: &str) -> String {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let ids: Vec<String> = redis::cmd("SMEMBERS")
            .arg(format!("{prefix}user:{user}"))
            .query_async(conn)
            .await
            .unwrap();
        if let Some(id) = ids.into_iter().next() {
            return id;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no presence for {user}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn ttl(conn: &mut MultiplexedConnection, key: &str) -> i64 {
    redis::cmd("TTL").arg(key).query_async(conn).await.unwrap()
}

async fn wait_until_gone(conn: &mut MultiplexedConnection, key: &str) {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let exists: i64 = redis::cmd("EXISTS")
            .arg(key)
            .query_async(conn)
            .await
            .unwrap();
        if exists == 0 {
            return;
        }
        assert!(tokio::time::Instant::now() < deadline, "{key} still exists");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn presence_keys_appear_with_a_ttl_refresh_and_vanish_on_disconnect() {
    let mut conn = connect(&redis_url()).await;
    let prefix = format!("{}:", unique("presence"));
    let gw = gateway(&prefix, &[("PRESENCE_TTL_SECONDS", "100")]).await;
    let mut ws = gw.connect_user("9").await;

    let id = wait_connection_id(&mut conn, &prefix, "9").await;
    let conn_key = format!("{prefix}conn:{id}");
    let hash: HashMap<String, String> = redis::cmd("HGETALL")
        .arg(&conn_key)
        .query_async(&mut conn)
        .await
        .unwrap();
    assert_eq!(hash["connection_id"], id);
    assert_eq!(hash["user_id"], "9");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&hash["subjects"]).unwrap(),
        json!(["user:9"])
    );
    assert!(hash["connected_at"].parse::<i64>().unwrap() > 0);
    assert!(hash["last_seen_at"].parse::<i64>().unwrap() > 0);
    let in_subject: bool = redis::cmd("SISMEMBER")
        .arg(format!("{prefix}subject:user:9"))
        .arg(&id)
        .query_async(&mut conn)
        .await
        .unwrap();
    assert!(in_subject);
    assert!((1..=100).contains(&ttl(&mut conn, &conn_key).await));

    // A heartbeat restores the full TTL.
    let _: i64 = redis::cmd("EXPIRE")
        .arg(&conn_key)
        .arg(5)
        .query_async(&mut conn)
        .await
        .unwrap();
    send_text(&mut ws, r#"{"type":"heartbeat"}"#).await;
    assert_eq!(next_json(&mut ws).await, json!({"type": "heartbeat_ack"}));
    let deadline = tokio::time::Instant::now() + WAIT;
    while ttl(&mut conn, &conn_key).await <= 5 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "heartbeat did not refresh"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    // So does a forwarded message (PRESENCE_REFRESH_ON_MESSAGE defaults to on).
    let _: i64 = redis::cmd("EXPIRE")
        .arg(&conn_key)
        .arg(5)
        .query_async(&mut conn)
        .await
        .unwrap();
    send_text(&mut ws, r#"{"type":"chat","text":"hi"}"#).await;
    let deadline = tokio::time::Instant::now() + WAIT;
    while ttl(&mut conn, &conn_key).await <= 5 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "message did not refresh"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    ws.close(None).await.unwrap();
    wait_until_gone(&mut conn, &conn_key).await;
    wait_until_gone(&mut conn, &format!("{prefix}user:9")).await;
    wait_until_gone(&mut conn, &format!("{prefix}subject:user:9")).await;
}

#[tokio::test]
async fn heartbeat_strategy_expires_after_heartbeat_plus_grace_and_session_never() {
    let mut conn = connect(&redis_url()).await;
    let heartbeat_prefix = format!("{}:", unique("presence"));
    let gw = gateway(
        &heartbeat_prefix,
        &[
            ("PRESENCE_STRATEGY", "heartbeat"),
            ("PRESENCE_HEARTBEAT_SECONDS", "20"),
            ("PRESENCE_GRACE_SECONDS", "5"),
        ],
    )
    .await;
    let _ws = gw.connect_user("4").await;
    let id = wait_connection_id(&mut conn, &heartbeat_prefix, "4").await;
    let key = format!("{heartbeat_prefix}conn:{id}");
    assert!((1..=25).contains(&ttl(&mut conn, &key).await));

    let session_prefix = format!("{}:", unique("presence"));
    let gw = gateway(&session_prefix, &[("PRESENCE_STRATEGY", "session")]).await;
    let _ws2 = gw.connect_user("4").await;
    let id = wait_connection_id(&mut conn, &session_prefix, "4").await;
    assert_eq!(
        ttl(&mut conn, &format!("{session_prefix}conn:{id}")).await,
        -1
    );

    let mut keys = Keys::default();
    keys.add(key);
    keys.delete(
        &mut conn,
        &[format!("{heartbeat_prefix}*"), format!("{session_prefix}*")],
    )
    .await;
}
