//! Real-Redis helpers: the test server's URL, unique key names, stream reads
//! and a private `redis-server` that tests may stop and start.

use std::net::TcpListener as StdListener;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use redis::aio::MultiplexedConnection;
use redis::streams::StreamRangeReply;
use serde_json::Value;

use super::{http, Gateway, WAIT};

/// `SNOKE_WS_TEST_REDIS_URL`, default `redis://127.0.0.1:6379`.
pub fn redis_url() -> String {
    std::env::var("SNOKE_WS_TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into())
}

/// A connection to the test Redis; panics (fails the test) when it is down.
pub async fn connect(url: &str) -> MultiplexedConnection {
    let client = redis::Client::open(url).unwrap();
    tokio::time::timeout(WAIT, client.get_multiplexed_async_connection())
        .await
        .unwrap_or_else(|_| panic!("Redis at {url} did not answer"))
        .unwrap_or_else(|e| panic!("Redis at {url} is required for this test: {e}"))
}

/// A name no other test (or earlier run) uses.
pub fn unique(base: &str) -> String {
    format!("{base}.test-{}", uuid::Uuid::new_v4().simple())
}

/// Keys a test created, deleted by [`Keys::delete`].
#[derive(Default)]
pub struct Keys(Vec<String>);

impl Keys {
    /// Remembers `key` and returns it.
    pub fn add(&mut self, key: String) -> String {
        self.0.push(key.clone());
        key
    }

    /// Deletes every remembered key and every key matching `patterns`.
    pub async fn delete(&self, conn: &mut MultiplexedConnection, patterns: &[String]) {
        let mut keys = self.0.clone();
        for pattern in patterns {
            let found: Vec<String> = redis::cmd("KEYS")
                .arg(pattern)
                .query_async(conn)
                .await
                .unwrap();
            keys.extend(found);
        }
        if !keys.is_empty() {
            let _: i64 = redis::cmd("DEL")
                .arg(&keys)
                .query_async(conn)
                .await
                .unwrap();
        }
    }
}

/// The `data` field of every entry of `stream`, as JSON.
pub async fn stream_data(conn: &mut MultiplexedConnection, stream: &str) -> Vec<Value> {
    let reply: StreamRangeReply = redis::cmd("XRANGE")
        .arg(stream)
        .arg("-")
        .arg("+")
        .query_async(conn)
        .await
        .unwrap();
    reply
        .ids
        .iter()
        .map(|entry| {
            let data: String = entry.get("data").expect("entry without data");
            serde_json::from_str(&data).unwrap()
        })
        .collect()
}

/// Waits until `stream` has at least `count` entries and returns their data.
pub async fn wait_stream(
    conn: &mut MultiplexedConnection,
    stream: &str,
    count: usize,
) -> Vec<Value> {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let data = stream_data(conn, stream).await;
        if data.len() >= count {
            return data;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{stream} has {} entries, expected {count}: {data:?}",
            data.len()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// `XADD <stream> * <fields...>`.
pub async fn xadd(conn: &mut MultiplexedConnection, stream: &str, fields: &[(&str, &str)]) {
    let mut cmd = redis::cmd("XADD");
    cmd.arg(stream).arg("*");
    for (k, v) in fields {
        cmd.arg(*k).arg(*v);
    }
    let _: String = cmd.query_async(conn).await.unwrap();
}

/// `GET /ready`'s status code.
pub async fn ready_status(gw: &Gateway) -> u16 {
    http()
        .get(gw.url("/ready"))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// Waits until `/ready` answers `status`.
pub async fn wait_ready_status(gw: &Gateway, status: u16) {
    let deadline = tokio::time::Instant::now() + WAIT;
    while ready_status(gw).await != status {
        assert!(
            tokio::time::Instant::now() < deadline,
            "/ready never answered {status}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A free loopback port.
pub fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A `redis-server` of this test's own, on `port`, without persistence.
pub struct PrivateRedis {
    pub port: u16,
    child: Option<Child>,
}

impl PrivateRedis {
    /// Starts `redis-server` on a free port and waits until it answers.
    pub async fn start() -> Self {
        let mut redis = Self {
            port: free_port(),
            child: None,
        };
        redis.restart().await;
        redis
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// (Re)starts the server on the same port.
    pub async fn restart(&mut self) {
        let child = Command::new("redis-server")
            .args(["--port", &self.port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server is required for this test");
        self.child = Some(child);
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let client = redis::Client::open(self.url()).unwrap();
            if let Ok(mut conn) = client.get_multiplexed_async_connection().await {
                let pong: Result<String, _> = redis::cmd("PING").query_async(&mut conn).await;
                if pong.is_ok() {
                    return;
                }
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "redis-server did not start"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Kills the server (SIGKILL) and waits for it to exit.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for PrivateRedis {
    fn drop(&mut self) {
        self.kill();
    }
}
