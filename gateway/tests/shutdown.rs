//! SIGTERM behaviour, in-process and with the real binary.
// Helpers outside #[test] fns unwrap too: a failed setup is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::{Command, Stdio};
use std::time::Duration;

use common::*;

#[tokio::test]
async fn shutdown_closes_clients_with_1001_and_delivers_queued_events() {
    let mut hook = WebhookReceiver::start().await;
    hook.delay_answers(Duration::from_millis(50));
    let mut gw = Gateway::start(&[
        ("SYMFONY_WEBHOOK_URL", &hook.url),
        ("WS_RATE_LIMIT_PER_SEC", "0"),
    ])
    .await;
    let mut a = gw.connect_user("1").await;
    let mut b = gw.connect_user("2").await;
    for n in 0..5 {
        send_text(&mut a, &format!(r#"{{"n":{n}}}"#)).await;
    }
    assert_next_is_pong(&mut a).await;

    let closes = tokio::spawn(async move { (close_code(&mut a).await, close_code(&mut b).await) });
    gw.shutdown().await;
    assert_eq!(closes.await.unwrap(), (1001, 1001));

    // Everything was delivered before `run` returned: 2 connected, 5 messages, 2 disconnected.
    let events: Vec<String> = hook
        .drain()
        .iter()
        .map(|r| r.json()["type"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(events.len(), 9, "{events:?}");
    assert_eq!(events.iter().filter(|k| *k == "disconnected").count(), 2);
    assert!(
        tokio::net::TcpStream::connect(gw.addr).await.is_err(),
        "still accepting"
    );
}

fn binary() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_snoke-ws-gateway"));
    cmd.env_clear()
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

#[test]
fn binary_lists_every_config_error_and_exits_non_zero() {
    let out = binary()
        .env("GATEWAY_LISTEN", "not-an-address")
        .env("JWT_ALG", "XX999")
        .env("WEBHOOK_RETRY_ATTEMPTS", "many")
        .env("BACKPRESSURE_DROP_POLICY", "middle")
        .env("LOG_FORMAT", "yaml")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    for var in [
        "GATEWAY_LISTEN",
        "JWT_ALG",
        "JWT_PUBLIC_KEY",
        "WEBHOOK_RETRY_ATTEMPTS",
        "BACKPRESSURE_DROP_POLICY",
        "LOG_FORMAT",
    ] {
        assert!(stderr.contains(var), "{var} missing from:\n{stderr}");
    }
}

#[tokio::test]
async fn binary_serves_logs_json_and_exits_zero_on_sigterm() {
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    };
    let mut child = binary()
        .env("GATEWAY_LISTEN", format!("127.0.0.1:{port}"))
        .env("JWT_ALG", "HS256")
        .env("JWT_PUBLIC_KEY", "secret")
        .spawn()
        .unwrap();
    let health = format!("http://127.0.0.1:{port}/health");
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        if let Ok(resp) = http().get(&health).send().await {
            assert_eq!(resp.status(), 200);
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "binary never served /health"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let deadline = std::time::Instant::now() + WAIT;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "binary ignored SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "exit status {status:?}");

    // LOG_FORMAT defaults to json: every log line is a JSON object.
    let mut logs = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut logs).unwrap();
    assert!(logs.contains("gateway stopped"), "{logs}");
    for line in logs.lines().filter(|l| !l.trim().is_empty()) {
        let entry: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(entry["level"].is_string(), "{line}");
    }
}
