//! `http_publish`: keep-alive HTTP clients publish to `/internal/publish`
//! (with the API key), one subject per publish; every publish must reach its
//! connected receiver. Latency is the HTTP request's. The `limit` row runs
//! the same clients against a server that answers without doing anything.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::{unique, Ctx, Measured, OURS};
use crate::error::{Error, Result};
use crate::load::http::HttpConn;
use crate::load::limit_server::LimitServer;
use crate::load::publish;
use crate::load::receivers::{now_us, Receivers, Stamp};
use crate::load::ws;
use crate::proc::CpuWindow;
use crate::record::Role;
use crate::stats::Latencies;
use crate::sut::Gateway;
use crate::tokens::Minter;

/// Connected receivers (one subject each).
const RECEIVERS: usize = 100;
/// Keep-alive HTTP clients, one request in flight each.
const PUBLISHERS: usize = 50;
/// How long deliveries may trail the last publish.
const DRAIN: Duration = Duration::from_secs(20);

/// Measures the gateway.
pub async fn run(ctx: &Ctx) -> Result<Vec<Measured>> {
    let minter = Minter::hs256(&unique("secret-"));
    let tokens = minter.mint_many("pub", RECEIVERS)?;
    let api_key = unique("key-");
    let mut env = ctx.throughput_env(&api_key);
    env.extend(minter.gateway_env.iter().cloned());

    let gw = Gateway::start(&ctx.gateway_bin, &env).await?;
    let result = measure(&gw, &tokens, &api_key, ctx).await;
    let stopped = gw.stop().await;
    let m = result?;
    stopped?;
    Ok(vec![m, limit(ctx).await?])
}

async fn measure(gw: &Gateway, tokens: &[String], api_key: &str, ctx: &Ctx) -> Result<Measured> {
    let clients = ws::open_many(gw.addr(), tokens, RECEIVERS, RECEIVERS).await?;
    let mut receivers = Receivers::spawn(clients);
    let subjects: Arc<Vec<String>> =
        Arc::new((0..RECEIVERS).map(|i| format!("user:pub{i}")).collect());

    let cpu = CpuWindow::start(&[gw.pid()]);
    let Publishes {
        published,
        latencies,
        wall,
    } = publish_loop(gw.addr(), subjects, api_key, ctx).await?;
    let got = receivers.collect(published, DRAIN, None).await;
    let (cpu_sut, cpu_load) = cpu.finish();
    receivers.abort();
    got.check(published)?;
    Ok(Measured {
        p50_ms: latencies.p50_ms(),
        p99_ms: latencies.p99_ms(),
        cpu_sut_s: Some(cpu_sut),
        cpu_load_s: Some(cpu_load),
        wall_s: wall.as_secs_f64(),
        ops: published,
        lost: published.saturating_sub(got.deliveries),
        notes: format!(
            "{PUBLISHERS} keep-alive clients, one request in flight each, {RECEIVERS} receivers, \
             every delivery counted; p99 of the HTTP request; {}",
            super::BUFFER_NOTE
        ),
        ..Measured::new(
            OURS,
            Role::Ours,
            published as f64 / wall.as_secs_f64().max(1e-9),
        )
    })
}

/// What the publishers achieved.
struct Publishes {
    published: u64,
    latencies: Latencies,
    wall: Duration,
}

/// [`PUBLISHERS`] keep-alive clients publishing one subject each (round
/// robin over `subjects`) until the window or the op cap ends; every answer
/// must say `{"sent":1}`.
async fn publish_loop(
    server: SocketAddr,
    subjects: Arc<Vec<String>>,
    api_key: &str,
    ctx: &Ctx,
) -> Result<Publishes> {
    let next = Arc::new(AtomicU64::new(0));
    let max_ops = ctx.sizes.max_ops;
    let mut conns = Vec::with_capacity(PUBLISHERS);
    for _ in 0..PUBLISHERS {
        conns.push(HttpConn::connect(server).await?);
    }
    let started = Instant::now();
    let deadline = started + ctx.sizes.window;
    let mut workers = tokio::task::JoinSet::new();
    for mut conn in conns {
        let (next, subjects, api_key) = (next.clone(), subjects.clone(), api_key.to_owned());
        workers.spawn(async move {
            let mut lat = Latencies::new();
            let mut published = 0u64;
            while Instant::now() < deadline {
                let seq = next.fetch_add(1, Ordering::Relaxed);
                if seq >= max_ops {
                    break;
                }
                let subject = std::slice::from_ref(&subjects[seq as usize % subjects.len()]);
                let body = publish::body(subject, Stamp { seq, t: now_us() })?;
                let t0 = Instant::now();
                let sent = publish::publish(&mut conn, &api_key, body).await?;
                lat.record_us(t0.elapsed().as_micros() as u64);
                if sent != 1 {
                    return Err(Error::Protocol(format!(
                        "publish reached {sent} connections, not 1"
                    )));
                }
                published += 1;
            }
            Ok::<_, Error>((published, lat, Instant::now()))
        });
    }
    let mut out = Publishes {
        published: 0,
        latencies: Latencies::new(),
        wall: Duration::ZERO,
    };
    let mut last = started;
    while let Some(joined) = workers.join_next().await {
        let (n, lat, finished) =
            joined.map_err(|e| Error::Protocol(format!("publisher task: {e}")))??;
        out.published += n;
        out.latencies.merge(&lat);
        last = last.max(finished);
    }
    out.wall = last - started;
    Ok(out)
}

/// The same publishers against the limit server's HTTP side, which answers
/// `{"sent":1}` without delivering anything.
async fn limit(ctx: &Ctx) -> Result<Measured> {
    let server = LimitServer::start().await?;
    let subjects = Arc::new(vec!["user:limit".to_owned()]);
    let cpu = CpuWindow::start(&[server.pid()]);
    let run = publish_loop(server.http_addr(), subjects, "limit", ctx).await;
    let (cpu_sut, cpu_load) = cpu.finish();
    drop(server);
    let Publishes {
        published,
        latencies,
        wall,
    } = run?;
    Ok(Measured {
        p50_ms: latencies.p50_ms(),
        p99_ms: latencies.p99_ms(),
        cpu_sut_s: Some(cpu_sut),
        cpu_load_s: Some(cpu_load),
        wall_s: wall.as_secs_f64(),
        ops: published,
        notes: "same clients against a bare axum server process that answers {\"sent\":1} \
                without parsing, auth or delivery: what the HTTP load itself reaches here"
            .into(),
        ..Measured::new(
            "axum HTTP, no work",
            Role::Limit,
            published as f64 / wall.as_secs_f64().max(1e-9),
        )
    })
}
