//! `broadcast_10k`: one publish naming the subjects of 10,000 connected
//! clients, repeated a few rounds. Deliveries/s run from the publish request
//! to the last delivery; latency is per delivery, from the publish.

use std::time::Duration;

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

/// Clients connected at once.
const CONCURRENCY: usize = 200;
/// How long one round may take.
const ROUND_TIMEOUT: Duration = Duration::from_secs(30);
/// Quiet time between rounds.
const PAUSE: Duration = Duration::from_millis(200);

/// Measures the gateway.
pub async fn run(ctx: &Ctx) -> Result<Vec<Measured>> {
    let n = ctx.sizes.broadcast_conns;
    let minter = Minter::hs256(&unique("secret-"));
    let tokens = minter.mint_many("bc", n)?;
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
    let n = tokens.len();
    let clients = ws::open_many(gw.addr(), tokens, n, CONCURRENCY).await?;
    let mut receivers = Receivers::spawn(clients);
    let subjects: Vec<String> = (0..n).map(|i| format!("user:bc{i}")).collect();
    let mut conn = HttpConn::connect(gw.addr()).await?;

    let mut latencies = Latencies::new();
    let (mut delivered, mut busy_us, mut expected) = (0u64, 0u64, 0u64);
    let cpu = CpuWindow::start(&[gw.pid()]);
    for round in 0..ctx.sizes.broadcast_rounds {
        let stamp = Stamp {
            seq: round as u64,
            t: now_us(),
        };
        let body = publish::body(&subjects, stamp)?;
        let sent = publish::publish(&mut conn, api_key, body).await?;
        if sent != n as u64 {
            return Err(Error::Protocol(format!(
                "broadcast reached {sent} of {n} connections"
            )));
        }
        expected += n as u64;
        let got = receivers.collect(n as u64, ROUND_TIMEOUT, None).await;
        got.check(n as u64)?;
        delivered += got.deliveries;
        busy_us += got.last_at_us.saturating_sub(stamp.t);
        latencies.merge(&got.latencies);
        if got.deliveries < n as u64 {
            break;
        }
        tokio::time::sleep(PAUSE).await;
    }
    let (cpu_sut, cpu_load) = cpu.finish();
    receivers.abort();
    let busy_s = busy_us as f64 / 1e6;
    Ok(Measured {
        p50_ms: latencies.p50_ms(),
        p99_ms: latencies.p99_ms(),
        cpu_sut_s: Some(cpu_sut),
        cpu_load_s: Some(cpu_load),
        wall_s: busy_s,
        ops: expected,
        lost: expected.saturating_sub(delivered),
        notes: format!(
            "{} rounds of one publish to {n} subjects; value = deliveries / Σ(publish → last delivery); \
             CPU over all rounds incl. {PAUSE:?} pauses; {}",
            ctx.sizes.broadcast_rounds,
            super::BUFFER_NOTE
        ),
        ..Measured::new(OURS, Role::Ours, delivered as f64 / busy_s.max(1e-9))
    })
}
