//! Shared helpers: a gateway started in-process on 127.0.0.1:0, a real
//! WebSocket client, a real HTTP webhook receiver and token minting.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod real_rabbitmq;
pub mod real_redis;
pub mod tcp_proxy;

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::Router;
use futures_util::{SinkExt, StreamExt};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{json, Value};
use snoke_ws_gateway::{run, Config};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// How long any single expectation may wait.
pub const WAIT: Duration = Duration::from_secs(10);

pub type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

pub fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

pub fn read_fixture(name: &str) -> String {
    std::fs::read_to_string(fixture(name)).unwrap()
}

pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Claims for `user` valid for five minutes.
pub fn claims(user: &str) -> Value {
    json!({ "user_id": user, "exp": now() + 300 })
}

/// An RS256 token signed with fixture key `rsa_a` (what the default gateway trusts).
pub fn rs256(claims: &Value) -> String {
    sign_rsa("rsa_a", None, claims)
}

pub fn sign_rsa(key: &str, kid: Option<&str>, claims: &Value) -> String {
    let mut header = Header::new(Algorithm::RS256);
    header.kid = kid.map(str::to_owned);
    let pem = read_fixture(&format!("{key}_private.pem"));
    jsonwebtoken::encode(
        &header,
        claims,
        &EncodingKey::from_rsa_pem(pem.as_bytes()).unwrap(),
    )
    .unwrap()
}

pub fn hs256(secret: &[u8], claims: &Value) -> String {
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(secret),
    )
    .unwrap()
}

/// A gateway running in this process.
pub struct Gateway {
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    handle: Option<JoinHandle<Result<(), snoke_ws_gateway::Error>>>,
}

impl Gateway {
    /// Starts a gateway trusting RS256 key `rsa_a`, with `vars` on top.
    pub async fn start(vars: &[(&str, &str)]) -> Self {
        let key_file = fixture("rsa_a_public.pem");
        let mut env: HashMap<String, String> = HashMap::from([
            ("JWT_ALG".to_owned(), "RS256".to_owned()),
            ("JWT_PUBLIC_KEY_FILE".to_owned(), key_file),
            ("LOG_FORMAT".to_owned(), "text".to_owned()),
            ("SHUTDOWN_TIMEOUT_SECONDS".to_owned(), "5".to_owned()),
        ]);
        for (k, v) in vars {
            env.insert((*k).to_owned(), (*v).to_owned());
        }
        let config = Config::from_source(&env).unwrap();
        if std::env::var_os("TEST_LOG").is_some() {
            snoke_ws_gateway::logging::init(&snoke_ws_gateway::config::LogSettings {
                level: "debug".into(),
                format: snoke_ws_gateway::config::LogFormat::Text,
            });
        }
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let handle = tokio::spawn(run(listener, config, async {
            let _ = stopped.await;
        }));
        Self {
            addr,
            stop: Some(stop),
            handle: Some(handle),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn ws_url(&self, query: &str) -> String {
        format!("ws://{}/ws{query}", self.addr)
    }

    /// Triggers shutdown and waits for `run` to return.
    pub async fn shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(handle) = self.handle.take() {
            tokio::time::timeout(WAIT, handle)
                .await
                .expect("gateway did not stop in time")
                .unwrap()
                .unwrap();
        }
    }

    /// Connects with `Authorization: Bearer <token>`.
    pub async fn connect_bearer(&self, token: &str) -> Ws {
        self.connect_with_header(&format!("Bearer {token}")).await
    }

    pub async fn connect_with_header(&self, authorization: &str) -> Ws {
        let mut request = self.ws_url("").into_client_request().unwrap();
        request.headers_mut().insert(
            "authorization",
            HeaderValue::from_str(authorization).unwrap(),
        );
        let (ws, _) = tokio_tungstenite::connect_async(request).await.unwrap();
        ws
    }

    pub async fn connect_query(&self, query: &str) -> Ws {
        let (ws, _) = tokio_tungstenite::connect_async(self.ws_url(query))
            .await
            .unwrap();
        ws
    }

    /// Connects user `user` with a valid token and waits until presence lists it.
    pub async fn connect_user(&self, user: &str) -> Ws {
        let before = self.connection_count(user).await;
        let ws = self.connect_bearer(&rs256(&claims(user))).await;
        let deadline = tokio::time::Instant::now() + WAIT;
        while self.connection_count(user).await <= before {
            assert!(
                tokio::time::Instant::now() < deadline,
                "user {user} never registered"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        ws
    }

    async fn connection_count(&self, user: &str) -> usize {
        let body: Value = http()
            .get(self.url(&format!("/internal/users/{user}/connections")))
            .header("x-api-key", "test-key")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        body["connections"].as_array().map_or(0, Vec::len)
    }

    pub async fn publish(&self, body: &Value) -> reqwest::Response {
        http()
            .post(self.url("/internal/publish"))
            .header("X-Api-Key", "test-key")
            .json(body)
            .send()
            .await
            .unwrap()
    }
}

impl Drop for Gateway {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.abort();
        }
    }
}

pub fn http() -> reqwest::Client {
    reqwest::Client::new()
}

/// The next text frame as JSON, skipping pings.
pub async fn next_json(ws: &mut Ws) -> Value {
    loop {
        let msg = tokio::time::timeout(WAIT, ws.next())
            .await
            .expect("no frame in time")
            .expect("socket ended")
            .expect("socket error");
        match msg {
            Message::Text(text) => return serde_json::from_str(text.as_str()).unwrap(),
            Message::Ping(_) | Message::Pong(_) => continue,
            other => panic!("expected a text frame, got {other:?}"),
        }
    }
}

/// Reads until the server's close frame and returns its code.
pub async fn close_code(ws: &mut Ws) -> u16 {
    loop {
        let msg = tokio::time::timeout(WAIT, ws.next())
            .await
            .expect("no close in time");
        match msg {
            Some(Ok(Message::Close(Some(frame)))) => return u16::from(frame.code),
            Some(Ok(Message::Close(None))) => return u16::from(CloseCode::Status),
            Some(Ok(_)) => continue,
            Some(Err(err)) => panic!("socket error before close frame: {err}"),
            None => panic!("socket ended without a close frame"),
        }
    }
}

pub async fn send_text(ws: &mut Ws, text: &str) {
    ws.send(Message::text(text)).await.unwrap();
}

/// One request the webhook receiver got.
#[derive(Debug, Clone)]
pub struct Received {
    pub headers: HeaderMap,
    pub body: Bytes,
    /// What the probe URL answered while this request was being handled.
    pub probe: Option<Value>,
}

impl Received {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

#[derive(Clone)]
struct ReceiverState {
    tx: mpsc::UnboundedSender<Received>,
    statuses: Arc<Mutex<VecDeque<u16>>>,
    delay: Arc<Mutex<Duration>>,
    probe: Arc<Mutex<Option<String>>>,
    arrivals: Arc<Mutex<usize>>,
}

/// A real HTTP server standing in for Symfony's webhook controller.
pub struct WebhookReceiver {
    pub url: String,
    rx: mpsc::UnboundedReceiver<Received>,
    statuses: Arc<Mutex<VecDeque<u16>>>,
    delay: Arc<Mutex<Duration>>,
    probe: Arc<Mutex<Option<String>>>,
    arrivals: Arc<Mutex<usize>>,
}

impl WebhookReceiver {
    pub async fn start() -> Self {
        let (tx, rx) = mpsc::unbounded_channel();
        let statuses = Arc::new(Mutex::new(VecDeque::new()));
        let delay = Arc::new(Mutex::new(Duration::ZERO));
        let probe = Arc::new(Mutex::new(None));
        let arrivals = Arc::new(Mutex::new(0));
        let state = ReceiverState {
            tx,
            statuses: statuses.clone(),
            delay: delay.clone(),
            probe: probe.clone(),
            arrivals: arrivals.clone(),
        };
        let app = Router::new()
            .route("/events", post(receive))
            .with_state(state);
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/events", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self {
            url,
            rx,
            statuses,
            delay,
            probe,
            arrivals,
        }
    }

    /// Requests that reached the handler, answered or not.
    pub fn arrivals(&self) -> usize {
        *self.arrivals.lock().unwrap()
    }

    /// Answers every request only after `delay` (a slow Symfony).
    pub fn delay_answers(&self, delay: Duration) {
        *self.delay.lock().unwrap() = delay;
    }

    /// While handling each request, GETs `url` (with the test API key) and
    /// records the answer in [`Received::probe`].
    pub fn probe(&self, url: String) {
        *self.probe.lock().unwrap() = Some(url);
    }

    /// Everything received so far, without waiting.
    pub fn drain(&mut self) -> Vec<Received> {
        let mut all = Vec::new();
        while let Ok(got) = self.rx.try_recv() {
            all.push(got);
        }
        all
    }

    /// Answers the next requests with these statuses (then 200).
    pub fn respond_with(&self, statuses: &[u16]) {
        self.statuses.lock().unwrap().extend(statuses);
    }

    pub async fn next(&mut self) -> Received {
        tokio::time::timeout(WAIT, self.rx.recv())
            .await
            .expect("no webhook in time")
            .expect("receiver closed")
    }

    /// The next event of `kind`, skipping others.
    pub async fn next_of(&mut self, kind: &str) -> Received {
        loop {
            let got = self.next().await;
            if got.json()["type"] == kind {
                return got;
            }
        }
    }

    /// Whether nothing more arrives within `quiet`.
    pub async fn stays_quiet(&mut self, quiet: Duration) -> bool {
        tokio::time::timeout(quiet, self.rx.recv()).await.is_err()
    }
}

async fn receive(
    State(state): State<ReceiverState>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    *state.arrivals.lock().unwrap() += 1;
    let status = state.statuses.lock().unwrap().pop_front().unwrap_or(200);
    let probe_url = state.probe.lock().unwrap().clone();
    let probe = match probe_url {
        Some(url) => Some(
            http()
                .get(url)
                .header("x-api-key", "test-key")
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap(),
        ),
        None => None,
    };
    let delay = *state.delay.lock().unwrap();
    tokio::time::sleep(delay).await;
    let _ = state.tx.send(Received {
        headers,
        body,
        probe,
    });
    StatusCode::from_u16(status).unwrap()
}

/// The value of metric `name` in the gateway's `/metrics` text.
pub async fn metric(gw: &Gateway, name: &str) -> f64 {
    let text = http()
        .get(gw.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    text.lines()
        .find_map(|line| line.strip_prefix(&format!("{name} ")))
        .unwrap_or_else(|| panic!("metric {name} missing from:\n{text}"))
        .trim()
        .parse()
        .unwrap()
}

/// Waits until `metric(name) >= value`.
pub async fn wait_metric(gw: &Gateway, name: &str, value: f64) {
    let deadline = tokio::time::Instant::now() + WAIT;
    while metric(gw, name).await < value {
        assert!(
            tokio::time::Instant::now() < deadline,
            "{name} never reached {value}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Asserts the socket is still open and in order: a ping gets a pong next.
pub async fn assert_next_is_pong(ws: &mut Ws) {
    send_text(ws, r#"{"type":"ping"}"#).await;
    assert_eq!(next_json(ws).await, json!({"type":"pong"}));
}

/// A JWKS server whose document the test can replace.
pub struct JwksServer {
    pub url: String,
    doc: Arc<Mutex<Value>>,
    pub hits: Arc<Mutex<usize>>,
}

impl JwksServer {
    pub async fn start(keys: &[&str]) -> Self {
        let doc = Arc::new(Mutex::new(Value::Null));
        let hits = Arc::new(Mutex::new(0));
        let (d, h) = (doc.clone(), hits.clone());
        let app = Router::new().route(
            "/jwks.json",
            get(move || {
                let (d, h) = (d.clone(), h.clone());
                async move {
                    *h.lock().unwrap() += 1;
                    axum::Json(d.lock().unwrap().clone())
                }
            }),
        );
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/jwks.json", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        let server = Self { url, doc, hits };
        server.serve_keys(keys);
        server
    }

    /// Publishes the JWKs of these fixture keys (`rsa_a`, `rsa_b`).
    pub fn serve_keys(&self, keys: &[&str]) {
        let keys: Vec<Value> = keys
            .iter()
            .map(|k| serde_json::from_str(&read_fixture(&format!("{k}_jwk.json"))).unwrap())
            .collect();
        *self.doc.lock().unwrap() = json!({ "keys": keys });
    }

    /// Serves something that is not a JWKS (an outage or a broken deploy).
    pub fn serve_garbage(&self) {
        *self.doc.lock().unwrap() = json!({"error": "unavailable"});
    }

    pub fn hits(&self) -> usize {
        *self.hits.lock().unwrap()
    }
}
