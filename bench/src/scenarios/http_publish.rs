//! `http_publish`: keep-alive HTTP clients publish to `/internal/publish`
//! (with the API key), one subject per publish; every publish must reach its
//! connected receiver. Latency is the HTTP request's.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::{unique, Ctx, Measured, OURS};
use crate::error::{Error, Result};
use crate::load::http::HttpConn;
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
    Ok(vec![m])
}

async fn measure(gw: &Gateway, tokens: &[String], api_key: &str, ctx: &Ctx) -> Result<Measured> {
    let clients = ws::open_many(gw.addr(), tokens, RECEIVERS, RECEIVERS).await?;
    let mut receivers = Receivers::spawn(clients);
    let subjects: Arc<Vec<String>> =
        Arc::new((0..RECEIVERS).map(|i| format!("user:pub{i}")).collect());

    let next = Arc::new(AtomicU64::new(0));
    let max_ops = ctx.sizes.max_ops;
    let cpu = CpuWindow::start(&[gw.pid()]);
    let started = Instant::now();
    let deadline = started + ctx.sizes.window;
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..PUBLISHERS {
        let mut conn = HttpConn::connect(gw.addr()).await?;
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
    let mut published = 0;
    let mut latencies = Latencies::new();
    let mut last = started;
    while let Some(joined) = workers.join_next().await {
        let (n, lat, finished) =
            joined.map_err(|e| Error::Protocol(format!("publisher task: {e}")))??;
        published += n;
        latencies.merge(&lat);
        last = last.max(finished);
    }
    let wall = last - started;
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
