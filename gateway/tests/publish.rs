//! Server push and presence over HTTP, and the API key on `/internal/*`.
// Helpers outside #[test] fns unwrap too: a failed setup is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use serde_json::{json, Value};

const KEY: (&str, &str) = ("GATEWAY_API_KEY", "test-key");

#[tokio::test]
async fn publish_reaches_every_connection_of_the_subject_once() {
    let gw = Gateway::start(&[KEY]).await;
    let mut a1 = gw.connect_user("1").await;
    let mut a2 = gw.connect_user("1").await;
    let mut b = gw.connect_user("2").await;

    let resp = gw
        .publish(&json!({"subjects": ["user:1", "user:1"], "payload": {"hello": "one"}}))
        .await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.json::<Value>().await.unwrap(), json!({"sent": 2}));
    for ws in [&mut a1, &mut a2] {
        assert_eq!(
            next_json(ws).await,
            json!({"type": "event", "payload": {"hello": "one"}})
        );
        assert_next_is_pong(ws).await;
    }
    assert_next_is_pong(&mut b).await;

    let resp = gw
        .publish(&json!({"subjects": ["user:1", "user:2", "user:404"], "payload": [1, "x", null]}))
        .await;
    assert_eq!(resp.json::<Value>().await.unwrap(), json!({"sent": 3}));
    for ws in [&mut a1, &mut a2, &mut b] {
        assert_eq!(next_json(ws).await["payload"], json!([1, "x", null]));
        assert_next_is_pong(ws).await;
    }
}

#[tokio::test]
async fn publish_to_nobody_sends_zero() {
    let gw = Gateway::start(&[KEY]).await;
    let resp = gw.publish(&json!({"subjects": [], "payload": "x"})).await;
    assert_eq!(resp.json::<Value>().await.unwrap(), json!({"sent": 0}));
}

#[tokio::test]
async fn subjects_that_are_not_a_list_of_strings_get_400_with_a_json_error() {
    let gw = Gateway::start(&[KEY]).await;
    for body in [
        json!({"subjects": "user:1", "payload": 1}),
        json!({"subjects": [1, 2], "payload": 1}),
        json!({"payload": 1}),
    ] {
        let resp = gw.publish(&body).await;
        assert_eq!(resp.status(), 400, "{body}");
        let error: Value = resp.json().await.unwrap();
        assert!(error["error"].as_str().unwrap().contains("subjects"));
    }
    let resp = http()
        .post(gw.url("/internal/publish"))
        .header("x-api-key", "test-key")
        .body("not json")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
}

#[tokio::test]
async fn wrong_or_missing_api_key_gets_401_and_delivers_nothing() {
    let gw = Gateway::start(&[KEY]).await;
    let mut ws = gw.connect_user("1").await;
    let body = json!({"subjects": ["user:1"], "payload": "secret"});
    let no_key = http()
        .post(gw.url("/internal/publish"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(no_key.status(), 401);
    let wrong = http()
        .post(gw.url("/internal/publish"))
        .header("X-Api-Key", "nope")
        .json(&json!({"subjects": ["user:1"], "payload": "secret", "api_key": "nope"}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    assert_next_is_pong(&mut ws).await;
}

#[tokio::test]
async fn api_key_is_accepted_from_header_in_any_case_body_or_query() {
    let gw = Gateway::start(&[KEY]).await;
    let _ws = gw.connect_user("1").await;
    let body = json!({"subjects": ["user:1"], "payload": 1});
    for header in ["X-Api-Key", "x-api-key", "X-API-KEY"] {
        let resp = http()
            .post(gw.url("/internal/publish"))
            .header(header, "test-key")
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200, "{header}");
    }
    let in_body = http()
        .post(gw.url("/internal/publish"))
        .json(&json!({"subjects": ["user:1"], "payload": 1, "api_key": "test-key"}))
        .send()
        .await
        .unwrap();
    assert_eq!(in_body.status(), 200);
    assert_eq!(in_body.json::<Value>().await.unwrap(), json!({"sent": 1}));
    let in_query = http()
        .post(gw.url("/internal/publish?api_key=test-key"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(in_query.status(), 200);
}

#[tokio::test]
async fn every_internal_route_requires_the_key_when_configured() {
    let gw = Gateway::start(&[KEY]).await;
    for path in ["/internal/connections", "/internal/users/1/connections"] {
        let resp = http().get(gw.url(path)).send().await.unwrap();
        assert_eq!(resp.status(), 401, "{path}");
        let resp = http()
            .get(gw.url(&format!("{path}?api_key=test-key")))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200, "{path}");
    }
}

#[tokio::test]
async fn without_a_configured_key_internal_routes_are_open() {
    let gw = Gateway::start(&[]).await;
    let resp = http()
        .post(gw.url("/internal/publish"))
        .json(&json!({"subjects": ["user:1"], "payload": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
}

async fn list(gw: &Gateway, path: &str) -> Vec<Value> {
    let body: Value = http()
        .get(gw.url(path))
        .header("x-api-key", "test-key")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["connections"].as_array().unwrap().clone()
}

#[tokio::test]
async fn presence_lists_connections_with_filters() {
    let gw = Gateway::start(&[KEY]).await;
    let _a = gw.connect_user("1").await;
    let mut b = gw.connect_user("2").await;

    let all = list(&gw, "/internal/connections").await;
    assert_eq!(all.len(), 2);
    let fields: Vec<&String> = all[0].as_object().unwrap().keys().collect();
    assert_eq!(
        fields,
        ["connected_at", "connection_id", "subjects", "user_id"]
    );

    let by_user = list(&gw, "/internal/connections?user_id=2").await;
    assert_eq!(by_user.len(), 1);
    assert_eq!(by_user[0]["user_id"], "2");
    let by_subject = list(&gw, "/internal/connections?subject=user:1").await;
    assert_eq!(by_subject.len(), 1);
    assert_eq!(by_subject[0]["subjects"], json!(["user:1"]));
    assert!(list(&gw, "/internal/connections?subject=user:1&user_id=2")
        .await
        .is_empty());
    assert_eq!(list(&gw, "/internal/users/1/connections").await.len(), 1);
    assert!(list(&gw, "/internal/users/404/connections")
        .await
        .is_empty());

    b.close(None).await.unwrap();
    let deadline = tokio::time::Instant::now() + WAIT;
    while !list(&gw, "/internal/users/2/connections").await.is_empty() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "user 2 never left presence"
        );
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
}
