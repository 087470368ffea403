//! Core mode over a real RabbitMQ: connection events and client messages are
//! published to the durable `ws.events` / `ws.inbox` exchanges (SPEC §2
//! "Events"), persistent and confirmed, with the optional queues' TTL and
//! dead-lettering, and survive a broker outage.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::net::SocketAddr;

use common::real_rabbitmq::{amqp_url, Rabbit};
use common::real_redis::{
    connect, ready_status, redis_url, unique, wait_ready_status, wait_stream,
};
use common::tcp_proxy::TcpProxy;
use common::{http, metric, send_text, wait_metric, Gateway, WebhookReceiver};
use lapin::options::ExchangeDeclareOptions;
use lapin::types::{AMQPValue, FieldTable};
use lapin::ExchangeKind;
use serde_json::{json, Value};

/// Core-mode gateway variables on fresh exchange names.
struct Names {
    inbox: String,
    events: String,
    outbox: String,
    dlx: String,
    dlq: String,
}

impl Names {
    fn new(rabbit: &mut Rabbit) -> Self {
        Self {
            inbox: rabbit.exchange("ws.inbox"),
            events: rabbit.exchange("ws.events"),
            outbox: rabbit.exchange("ws.outbox"),
            dlx: rabbit.exchange("ws.dlq"),
            dlq: rabbit.queue("ws.dlq"),
        }
    }

    fn vars(&self, dsn: &str) -> Vec<(&'static str, String)> {
        vec![
            ("WS_MODE", "core".into()),
            ("EVENTS_MODE", "broker".into()),
            ("RABBITMQ_DSN", dsn.into()),
            ("RABBITMQ_INBOX_EXCHANGE", self.inbox.clone()),
            ("RABBITMQ_INBOX_ROUTING_KEY", "inbox".into()),
            ("RABBITMQ_EVENTS_EXCHANGE", self.events.clone()),
            ("RABBITMQ_EVENTS_ROUTING_KEY", "events".into()),
            ("RABBITMQ_EXCHANGE", self.outbox.clone()),
            ("RABBITMQ_DLQ_EXCHANGE", self.dlx.clone()),
            ("RABBITMQ_DLQ_QUEUE", self.dlq.clone()),
            ("WS_RATE_LIMIT_PER_SEC", "0".into()),
        ]
    }
}

async fn start(names: &Names, extra: &[(&'static str, &str)]) -> Gateway {
    let gw = start_on(names, &amqp_url(), extra).await;
    wait_ready_status(&gw, 200).await;
    gw
}

async fn start_on(names: &Names, dsn: &str, extra: &[(&'static str, &str)]) -> Gateway {
    let mut vars = names.vars(dsn);
    vars.extend(extra.iter().map(|(k, v)| (*k, (*v).to_owned())));
    let borrowed: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    Gateway::start(&borrowed).await
}

fn json_of(delivery: &lapin::message::Delivery) -> Value {
    serde_json::from_slice(&delivery.data).unwrap()
}

#[tokio::test]
async fn events_land_on_durable_exchanges_as_persistent_spec_events() {
    let mut rabbit = Rabbit::connect().await;
    let names = Names::new(&mut rabbit);
    let mut gw = start(&names, &[]).await;
    let events = rabbit.bind_probe(&names.events, "events").await;
    let inbox = rabbit.bind_probe(&names.inbox, "inbox").await;

    let mut ws = gw.connect_user("7").await;
    send_text(&mut ws, r#"{"type":"chat","text":"hi"}"#).await;
    ws.close(None).await.unwrap();

    let connected = rabbit.next(&events).await;
    let disconnected = rabbit.next(&events).await;
    let message = rabbit.next(&inbox).await;
    for delivery in [&connected, &disconnected, &message] {
        assert_eq!(delivery.properties.delivery_mode(), &Some(2), "persistent");
        let event = json_of(delivery);
        assert_eq!(event["user_id"], "7");
        assert_eq!(event["subjects"], json!(["user:7"]));
        assert!(event["connected_at"].as_i64().unwrap() > 0);
    }
    let (connected, disconnected, message) = (
        json_of(&connected),
        json_of(&disconnected),
        json_of(&message),
    );
    assert_eq!(connected["type"], "connected");
    assert_eq!(disconnected["type"], "disconnected");
    assert_eq!(message["type"], "message_received");
    assert_eq!(message["connection_id"], connected["connection_id"]);
    assert_eq!(message["message"], json!({"type":"chat","text":"hi"}));
    wait_metric(&gw, "broker_publish_total", 3.0).await;

    gw.shutdown().await;
    rabbit.cleanup().await;
}

#[tokio::test]
async fn configured_queues_expire_messages_into_the_dead_letter_queue() {
    let mut rabbit = Rabbit::connect().await;
    let names = Names::new(&mut rabbit);
    let inbox_queue = rabbit.queue("ws.inbox");
    let events_queue = rabbit.queue("ws.events");
    let mut gw = start(
        &names,
        &[
            ("RABBITMQ_INBOX_QUEUE", &inbox_queue),
            ("RABBITMQ_INBOX_QUEUE_TTL_MS", "200"),
            ("RABBITMQ_EVENTS_QUEUE", &events_queue),
        ],
    )
    .await;

    // Declaring the queue again with the arguments the gateway documents
    // succeeds only if they are the ones it declared.
    let mut args = FieldTable::default();
    args.insert("x-message-ttl".into(), AMQPValue::LongLongInt(200));
    args.insert(
        "x-dead-letter-exchange".into(),
        AMQPValue::LongString(names.dlx.as_str().into()),
    );
    args.insert(
        "x-dead-letter-routing-key".into(),
        AMQPValue::LongString(names.dlq.as_str().into()),
    );
    rabbit
        .channel
        .queue_declare(
            &inbox_queue,
            lapin::options::QueueDeclareOptions {
                durable: true,
                ..Default::default()
            },
            args,
        )
        .await
        .expect("the inbox queue carries the TTL and dead-letter arguments");

    let mut ws = gw.connect_user("8").await;
    send_text(&mut ws, r#"{"type":"chat","text":"expires"}"#).await;

    // The events queue has no TTL: the connected event waits there.
    assert_eq!(
        json_of(&rabbit.next(&events_queue).await)["type"],
        "connected"
    );
    // The inbox message expires after 200 ms and moves to the DLQ.
    let dead = rabbit.next(&names.dlq).await;
    assert_eq!(json_of(&dead)["message"]["text"], "expires");
    let headers = dead.properties.headers().clone().unwrap();
    assert!(headers.contains_key("x-death"));

    drop(ws);
    gw.shutdown().await;
    rabbit.cleanup().await;
}

#[tokio::test]
async fn the_ordering_suffix_applies_to_the_inbox_routing_key() {
    let mut rabbit = Rabbit::connect().await;
    let names = Names::new(&mut rabbit);
    let mut gw = start(
        &names,
        &[
            ("ORDERING_STRATEGY", "topic"),
            ("ORDERING_PARTITION_MODE", "suffix"),
        ],
    )
    .await;
    let room = rabbit.bind_probe(&names.inbox, "inbox.room_1").await;

    let mut ws = gw.connect_user("9").await;
    send_text(&mut ws, r#"{"type":"chat","topic":"room 1"}"#).await;

    let event = json_of(&rabbit.next(&room).await);
    assert_eq!(event["ordering_key"], "room 1");

    drop(ws);
    gw.shutdown().await;
    rabbit.cleanup().await;
}

#[tokio::test]
async fn with_redis_and_rabbitmq_configured_both_get_every_event() {
    let mut rabbit = Rabbit::connect().await;
    let names = Names::new(&mut rabbit);
    let redis_events = unique("ws.events");
    let redis_inbox = unique("ws.inbox");
    let mut conn = connect(&redis_url()).await;
    let mut gw = start(
        &names,
        &[
            ("REDIS_DSN", &redis_url()),
            ("REDIS_EVENTS_STREAM", &redis_events),
            ("REDIS_INBOX_STREAM", &redis_inbox),
        ],
    )
    .await;
    let events = rabbit.bind_probe(&names.events, "events").await;

    let ws = gw.connect_user("10").await;
    assert_eq!(json_of(&rabbit.next(&events).await)["type"], "connected");
    assert_eq!(
        wait_stream(&mut conn, &redis_events, 1).await[0]["type"],
        "connected"
    );

    drop(ws);
    gw.shutdown().await;
    let _: i64 = redis::cmd("DEL")
        .arg(&[&redis_events, &redis_inbox])
        .query_async(&mut conn)
        .await
        .unwrap();
    rabbit.cleanup().await;
}

#[tokio::test]
async fn events_mode_both_sends_every_event_to_the_webhook_and_rabbitmq() {
    let mut rabbit = Rabbit::connect().await;
    let names = Names::new(&mut rabbit);
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
    let inbox = rabbit.bind_probe(&names.inbox, "inbox").await;

    let mut ws = gw.connect_user("12").await;
    send_text(&mut ws, r#"{"type":"chat"}"#).await;
    let hooked = webhook.next_of("message_received").await.json();
    let published = json_of(&rabbit.next(&inbox).await);
    assert_eq!(hooked, published);

    drop(ws);
    gw.shutdown().await;
    rabbit.cleanup().await;
}

#[tokio::test]
async fn while_rabbitmq_is_unreachable_ready_is_503_clients_stay_and_events_wait() {
    let mut rabbit = Rabbit::connect().await;
    let names = Names::new(&mut rabbit);
    // The probe needs the exchange before the gateway can declare it.
    rabbit
        .channel
        .exchange_declare(
            &names.inbox,
            ExchangeKind::Direct,
            ExchangeDeclareOptions {
                durable: true,
                ..Default::default()
            },
            FieldTable::default(),
        )
        .await
        .unwrap();
    let inbox = rabbit.bind_probe(&names.inbox, "inbox").await;
    let broker: SocketAddr = "127.0.0.1:5672".parse().unwrap();
    let broker = amqp_url()
        .split('@')
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|host| host.parse().ok())
        .unwrap_or(broker);
    let mut proxy = TcpProxy::closed(broker);
    let dsn = format!("amqp://guest:guest@127.0.0.1:{}/%2f", proxy.port);
    let mut gw = start_on(&names, &dsn, &[("BROKER_OUTAGE_BUFFER", "2")]).await;

    wait_ready_status(&gw, 503).await;
    let body: Value = http()
        .get(gw.url("/ready"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let not_ready = body["not_ready"].as_array().unwrap();
    assert!(not_ready.contains(&json!("rabbitmq")), "{body}");

    // Clients are served while RabbitMQ is away; what does not fit in the
    // buffer is counted, not silently lost.
    let mut ws = gw.connect_user("11").await;
    for n in 0..4 {
        send_text(&mut ws, &format!(r#"{{"type":"chat","n":{n}}}"#)).await;
    }
    wait_metric(&gw, "broker_events_dropped_total", 2.0).await;

    proxy.open().await;
    wait_ready_status(&gw, 200).await;
    // The buffered events arrive in order after the reconnect.
    for n in [0, 1] {
        assert_eq!(json_of(&rabbit.next(&inbox).await)["message"]["n"], n);
    }

    // Cut again mid-session: /ready falls, the client stays, and the event
    // sent meanwhile arrives once RabbitMQ is back. (Cutting before the
    // confirms of the first batch are in would resend it: at least once.)
    wait_metric(&gw, "broker_publish_total", 3.0).await;
    proxy.cut().await;
    wait_ready_status(&gw, 503).await;
    send_text(&mut ws, r#"{"type":"chat","n":"later"}"#).await;
    proxy.open().await;
    wait_ready_status(&gw, 200).await;
    let later = json_of(&rabbit.next(&inbox).await);
    assert_eq!(later["message"]["n"], "later");
    assert_eq!(ready_status(&gw).await, 200);
    assert!(metric(&gw, "broker_events_dropped_total").await >= 2.0);

    drop(ws);
    gw.shutdown().await;
    proxy.cut().await;
    rabbit.cleanup().await;
}
