//! `idle_memory_10k` / `idle_memory_max`: gateway RSS growth per idle,
//! authenticated connection.
//!
//! A warm-up batch is opened first so one-time allocations (runtime, pools)
//! are not charged to the connections; then `n` more are opened, each proven
//! open and authenticated by a ping→pong, the gateway's own
//! `ws_connections_open` gauge must match, and the RSS delta is divided by
//! `n`. RSS excludes kernel socket buffers, as the issue asks.

use std::time::{Duration, Instant};

use super::{unique, Ctx, Measured, OURS};
use crate::error::{Error, Result};
use crate::load::ws;
use crate::proc::{rss_kib, CpuWindow};
use crate::record::Role;
use crate::sut::Gateway;
use crate::tokens::Minter;

/// Connections opened before the baseline RSS is taken.
const WARMUP: usize = 100;
/// Connections being opened at once.
const CONCURRENCY: usize = 200;
/// Descriptors kept free for everything else both processes need.
const FD_MARGIN: u64 = 1_000;
/// Time for the gateway's allocator to settle before RSS is read.
const SETTLE: Duration = Duration::from_millis(1_000);

/// Measures with `wanted` connections (`cap_by_fds`: as many as the fd limit
/// allows, at most `wanted`).
pub async fn run(ctx: &Ctx, wanted: usize, cap_by_fds: bool) -> Result<Vec<Measured>> {
    let fd_room = usize::try_from(ctx.nofile.saturating_sub(FD_MARGIN)).unwrap_or(usize::MAX);
    let n = if cap_by_fds {
        wanted.min(fd_room.saturating_sub(WARMUP))
    } else {
        wanted
    };
    if n + WARMUP > fd_room {
        return Err(Error::Usage(format!(
            "{n} connections do not fit the open-file limit {}",
            ctx.nofile
        )));
    }
    let minter = Minter::hs256(&unique("secret-"));
    let mut env = ctx.base_env(&unique("key-"));
    env.extend(minter.gateway_env.iter().cloned());
    let tokens = minter.mint_many("idle", n + WARMUP)?;

    let gw = Gateway::start(&ctx.gateway_bin, &env).await?;
    let result = measure(&gw, &tokens, n).await;
    let stopped = gw.stop().await;
    let mut m = result?;
    stopped?;
    if cap_by_fds {
        m.notes = format!(
            "{n} connections held: RLIMIT_NOFILE hard limit is {} per process here and cannot be \
             raised (no CAP_SYS_RESOURCE), so the issue's 50k/100k are not reachable on this machine; \
             client sockets spread over 127.0.0.2–254",
            ctx.nofile
        );
    }
    Ok(vec![m])
}

async fn measure(gw: &Gateway, tokens: &[String], n: usize) -> Result<Measured> {
    let addr = gw.addr();
    let warm = ws::open_many(addr, &tokens[..WARMUP], WARMUP, CONCURRENCY).await?;
    tokio::time::sleep(SETTLE).await;
    let before = rss_kib(gw.pid())?;

    let cpu = CpuWindow::start(&[gw.pid()]);
    let started = Instant::now();
    let clients = ws::open_many(addr, &tokens[WARMUP..], n, CONCURRENCY).await?;
    let wall = started.elapsed();
    let (cpu_sut, cpu_load) = cpu.finish();

    tokio::time::sleep(SETTLE).await;
    let after = rss_kib(gw.pid())?;
    let open = gw.metric("ws_connections_open").await?;
    let expected = (n + WARMUP) as f64;
    let lost = (expected - open).max(0.0) as u64;
    if open > expected {
        return Err(Error::Protocol(format!(
            "gateway reports {open} open connections, expected {expected}"
        )));
    }
    drop(clients);
    drop(warm);

    let per_conn = after.saturating_sub(before) as f64 / n as f64;
    Ok(Measured {
        cpu_sut_s: Some(cpu_sut),
        cpu_load_s: Some(cpu_load),
        wall_s: wall.as_secs_f64(),
        ops: n as u64,
        lost,
        ..Measured::new(OURS, Role::Ours, per_conn)
    })
}
