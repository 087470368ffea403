//! Core mode over a real RabbitMQ: pushes published to the outbox exchange
//! (SPEC §2 "Server-side push") reach clients on every gateway, are never
//! replayed to a restarted one, bad messages are dead-lettered, and
//! `POST /internal/replay/rabbitmq` moves dead letters back.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::real_rabbitmq::{amqp_url, Rabbit};
use common::real_redis::wait_ready_status;
use common::{http, next_json, wait_metric, Gateway, Ws};
use futures_util::StreamExt;
use lapin::options::{QueueBindOptions, QueueDeclareOptions};
use lapin::types::{AMQPValue, FieldTable};
use serde_json::{json, Value};

/// Core-mode gateway variables on fresh names.
struct Names {
    outbox: String,
    dlx: String,
    dlq: String,
}

impl Names {
    fn new(rabbit: &mut Rabbit) -> Self {
        Self {
            outbox: rabbit.exchange("ws.outbox"),
            dlx: rabbit.exchange("ws.dlq"),
            dlq: rabbit.queue("ws.dlq"),
        }
    }

    async fn gateway(&self) -> Gateway {
        let url = amqp_url();
        let gw = Gateway::start(&[
            ("WS_MODE", "core"),
            ("EVENTS_MODE", "none"),
            ("GATEWAY_API_KEY", "test-key"),
            ("RABBITMQ_DSN", url.as_str()),
            ("RABBITMQ_EXCHANGE", self.outbox.as_str()),
            ("RABBITMQ_ROUTING_KEY", "push"),
            ("RABBITMQ_DLQ_EXCHANGE", self.dlx.as_str()),
            ("RABBITMQ_DLQ_QUEUE", self.dlq.as_str()),
        ])
        .await;
        wait_ready_status(&gw, 200).await;
        gw
    }
}

async fn push(rabbit: &Rabbit, names: &Names, subjects: &[&str], payload: Value) {
    let body = json!({ "subjects": subjects, "payload": payload }).to_string();
    rabbit.publish(&names.outbox, "push", body.as_bytes()).await;
}

/// No frame within half a second.
async fn stays_quiet(ws: &mut Ws) -> bool {
    tokio::time::timeout(std::time::Duration::from_millis(500), ws.next())
        .await
        .is_err()
}

async fn replay(gw: &Gateway, key: &str, query: &str, body: &str) -> (u16, Value) {
    let response = http()
        .post(gw.url(&format!("/internal/replay/rabbitmq{query}")))
        .header("x-api-key", key)
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn an_outbox_push_reaches_a_connected_client_verbatim() {
    let mut rabbit = Rabbit::connect().await;
    let names = Names::new(&mut rabbit);
    let mut gw = names.gateway().await;
    let mut ws = gw.connect_user("7").await;

    push(&rabbit, &names, &["user:7"], json!({"hello": "rabbit"})).await;
    assert_eq!(
        next_json(&mut ws).await,
        json!({"type": "event", "payload": {"hello": "rabbit"}})
    );

    drop(ws);
    gw.shutdown().await;
    rabbit.cleanup().await;
}

#[tokio::test]
async fn two_gateways_both_deliver_the_same_push() {
    let mut rabbit = Rabbit::connect().await;
    let names = Names::new(&mut rabbit);
    let mut first = names.gateway().await;
    let mut second = names.gateway().await;
    let mut on_first = first.connect_user("1").await;
    let mut on_second = second.connect_user("1").await;

    push(&rabbit, &names, &["user:1"], json!({"n": 1})).await;
    for ws in [&mut on_first, &mut on_second] {
        assert_eq!(next_json(ws).await["payload"], json!({"n": 1}));
        assert!(stays_quiet(ws).await, "the push arrives once");
    }

    drop((on_first, on_second));
    first.shutdown().await;
    second.shutdown().await;
    rabbit.cleanup().await;
}

#[tokio::test]
async fn a_restarted_gateway_does_not_replay_earlier_pushes() {
    let mut rabbit = Rabbit::connect().await;
    let names = Names::new(&mut rabbit);
    let mut gw = names.gateway().await;
    let ws = gw.connect_user("3").await;
    push(&rabbit, &names, &["user:3"], json!({"old": true})).await;
    drop(ws);
    gw.shutdown().await;
    // Pushed while no gateway runs: nobody's queue holds it.
    push(&rabbit, &names, &["user:3"], json!({"while": "down"})).await;

    let mut gw = names.gateway().await;
    let mut ws = gw.connect_user("3").await;
    assert!(stays_quiet(&mut ws).await, "no old push is replayed");
    push(&rabbit, &names, &["user:3"], json!({"new": true})).await;
    assert_eq!(next_json(&mut ws).await["payload"], json!({"new": true}));

    drop(ws);
    gw.shutdown().await;
    rabbit.cleanup().await;
}

#[tokio::test]
async fn garbage_goes_to_the_dlq_with_a_reason_and_the_reader_carries_on() {
    let mut rabbit = Rabbit::connect().await;
    let names = Names::new(&mut rabbit);
    let mut gw = names.gateway().await;
    let mut ws = gw.connect_user("4").await;

    rabbit.publish(&names.outbox, "push", b"not json").await;
    push(&rabbit, &names, &["user:4"], json!({"after": "garbage"})).await;
    assert_eq!(
        next_json(&mut ws).await["payload"],
        json!({"after": "garbage"})
    );

    let dead = rabbit.next(&names.dlq).await;
    assert_eq!(dead.data, b"not json");
    let headers = dead.properties.headers().clone().unwrap();
    let text = |key: &str| match headers.inner().get(key) {
        Some(AMQPValue::LongString(s)) => String::from_utf8_lossy(s.as_bytes()).into_owned(),
        other => panic!("{key}: {other:?}"),
    };
    assert!(text("x-snoke-reason").contains("JSON"));
    assert_eq!(text("x-snoke-target-exchange"), names.outbox);
    assert_eq!(text("x-snoke-target-routing-key"), "push");
    wait_metric(&gw, "outbox_dead_lettered_total", 1.0).await;

    drop(ws);
    gw.shutdown().await;
    rabbit.cleanup().await;
}

#[tokio::test]
async fn replay_moves_dead_letters_back_to_their_target_up_to_the_limit() {
    let mut rabbit = Rabbit::connect().await;
    let names = Names::new(&mut rabbit);
    let mut gw = names.gateway().await;
    let target = rabbit.exchange("ws.inbox");
    let target_queue = rabbit.queue("ws.inbox");
    // A queue that dead-letters at once (TTL 0), as a consumer's would.
    let mut args = FieldTable::default();
    args.insert("x-message-ttl".into(), AMQPValue::LongLongInt(0));
    args.insert(
        "x-dead-letter-exchange".into(),
        AMQPValue::LongString(names.dlx.as_str().into()),
    );
    args.insert(
        "x-dead-letter-routing-key".into(),
        AMQPValue::LongString(names.dlq.as_str().into()),
    );
    let channel = &rabbit.channel;
    channel
        .exchange_declare(
            &target,
            lapin::ExchangeKind::Direct,
            Default::default(),
            FieldTable::default(),
        )
        .await
        .unwrap();
    channel
        .queue_declare(&target_queue, QueueDeclareOptions::default(), args)
        .await
        .unwrap();
    channel
        .queue_bind(
            &target_queue,
            &target,
            "in",
            QueueBindOptions::default(),
            FieldTable::default(),
        )
        .await
        .unwrap();
    for n in 0..3 {
        rabbit
            .publish(&target, "in", format!("{n}").as_bytes())
            .await;
    }
    let deadline = tokio::time::Instant::now() + common::WAIT;
    while rabbit.count(&names.dlq).await < 3 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "nothing dead-lettered"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    // From now on the target keeps what is replayed to it.
    channel
        .queue_unbind(&target_queue, &target, "in", FieldTable::default())
        .await
        .unwrap();
    let probe = rabbit.bind_probe(&target, "in").await;

    assert_eq!(replay(&gw, "wrong", "", "").await.0, 401);
    assert_eq!(replay(&gw, "test-key", "?limit=0", "").await.0, 400);
    assert_eq!(
        replay(&gw, "test-key", "", r#"{"limit":10001}"#).await.0,
        400
    );
    assert_eq!(replay(&gw, "test-key", "", "nope").await.0, 400);

    let (status, body) = replay(&gw, "test-key", "?limit=2", "").await;
    assert_eq!((status, body), (200, json!({"replayed": 2})));
    assert_eq!(rabbit.next(&probe).await.data, b"0");
    assert_eq!(rabbit.next(&probe).await.data, b"1");
    assert_eq!(rabbit.count(&names.dlq).await, 1);

    let (status, body) = replay(&gw, "test-key", "", r#"{"limit":5}"#).await;
    assert_eq!((status, body), (200, json!({"replayed": 1})));
    let replayed = rabbit.next(&probe).await;
    assert_eq!(replayed.data, b"2");
    let headers = replayed.properties.headers().clone().unwrap_or_default();
    assert!(!headers.contains_key("x-death"), "bookkeeping is stripped");

    gw.shutdown().await;
    rabbit.cleanup().await;
}

#[tokio::test]
async fn replay_answers_503_when_rabbitmq_is_not_configured() {
    let gw = Gateway::start(&[("GATEWAY_API_KEY", "test-key")]).await;
    let (status, body) = replay(&gw, "test-key", "", "").await;
    assert_eq!(status, 503);
    assert!(body["error"].as_str().unwrap().contains("RABBITMQ_DSN"));
}

#[tokio::test]
async fn after_a_rabbitmq_outage_the_outbox_is_rebound_and_pushes_arrive_again() {
    use common::real_redis::ready_status;
    use common::tcp_proxy::TcpProxy;

    let mut rabbit = Rabbit::connect().await;
    let names = Names::new(&mut rabbit);
    let broker = amqp_url()
        .split('@')
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|host| host.parse().ok())
        .unwrap_or_else(|| "127.0.0.1:5672".parse().unwrap());
    let mut proxy = TcpProxy::closed(broker);
    proxy.open().await;
    let dsn = format!("amqp://guest:guest@127.0.0.1:{}/%2f", proxy.port);
    let mut gw = Gateway::start(&[
        ("WS_MODE", "core"),
        ("EVENTS_MODE", "none"),
        ("RABBITMQ_DSN", dsn.as_str()),
        ("RABBITMQ_EXCHANGE", names.outbox.as_str()),
        ("RABBITMQ_ROUTING_KEY", "push"),
        ("RABBITMQ_DLQ_EXCHANGE", names.dlx.as_str()),
        ("RABBITMQ_DLQ_QUEUE", names.dlq.as_str()),
    ])
    .await;
    wait_ready_status(&gw, 200).await;
    let mut ws = gw.connect_user("5").await;

    proxy.cut().await;
    wait_ready_status(&gw, 503).await;
    let body: Value = http()
        .get(gw.url("/ready"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(body["not_ready"]
        .as_array()
        .unwrap()
        .contains(&json!("rabbitmq-outbox")));

    proxy.open().await;
    wait_ready_status(&gw, 200).await;
    push(&rabbit, &names, &["user:5"], json!({"after": "outage"})).await;
    assert_eq!(
        next_json(&mut ws).await["payload"],
        json!({"after": "outage"})
    );
    assert_eq!(ready_status(&gw).await, 200);

    drop(ws);
    gw.shutdown().await;
    proxy.cut().await;
    rabbit.cleanup().await;
}
