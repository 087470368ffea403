//! `ping_rtt`: `{"type":"ping"}` → `{"type":"pong"}` round trips over 100
//! authenticated connections, one in flight per connection. The `limit` row
//! runs the same loop against a bare tokio-tungstenite server in the bench.

use std::time::{Duration, Instant};

use super::tally::Tally;
use super::{unique, Ctx, Measured, OURS};
use crate::error::{Error, Result};
use crate::load::limit_server::LimitServer;
use crate::load::ws::{self, Ws};
use crate::proc::CpuWindow;
use crate::record::Role;
use crate::stats::Latencies;
use crate::sut::Gateway;
use crate::tokens::Minter;

/// Connections carrying the round trips.
const CONNECTIONS: usize = 100;
/// How long one round trip may take before the run fails.
const RTT_TIMEOUT: Duration = Duration::from_secs(10);

/// Measures the gateway and the echo server limit.
pub async fn run(ctx: &Ctx) -> Result<Vec<Measured>> {
    let minter = Minter::hs256(&unique("secret-"));
    let tokens = minter.mint_many("rtt", CONNECTIONS)?;
    let mut env = ctx.base_env(&unique("key-"));
    env.extend(minter.gateway_env.iter().cloned());

    let gw = Gateway::start(&ctx.gateway_bin, &env).await?;
    let measured = async {
        let clients = ws::open_many(gw.addr(), &tokens, CONNECTIONS, CONNECTIONS).await?;
        let cpu = CpuWindow::start(&[gw.pid()]);
        let ours = round_trips(clients, ctx).await;
        let (cpu_sut, cpu_load) = cpu.finish();
        Ok::<_, Error>(Measured {
            cpu_sut_s: Some(cpu_sut),
            cpu_load_s: Some(cpu_load),
            notes: "one ping in flight per connection".into(),
            ..ours.measured(OURS, Role::Ours)
        })
    }
    .await;
    let stopped = gw.stop().await;
    let ours = measured?;
    stopped?;

    let echo = LimitServer::start().await?;
    let clients = ws::open_many(echo.addr(), &tokens, CONNECTIONS, CONNECTIONS).await?;
    let cpu = CpuWindow::start(&[echo.pid()]);
    let limit = round_trips(clients, ctx).await;
    let (cpu_sut, cpu_load) = cpu.finish();
    drop(echo);
    Ok(vec![
        ours,
        Measured {
            cpu_sut_s: Some(cpu_sut),
            cpu_load_s: Some(cpu_load),
            notes: "same loop against a bare tokio-tungstenite server process (no auth)".into(),
            ..limit.measured("tokio-tungstenite echo", Role::Limit)
        },
    ])
}

async fn round_trips(clients: Vec<Ws>, ctx: &Ctx) -> Tally {
    let per_conn = ctx.sizes.max_ops / clients.len().max(1) as u64;
    let started = Instant::now();
    let deadline = started + ctx.sizes.window;
    let mut workers = tokio::task::JoinSet::new();
    for mut client in clients {
        workers.spawn(async move {
            let mut lat = Latencies::new();
            let (mut done, mut failed) = (0u64, 0u64);
            while done < per_conn && Instant::now() < deadline {
                let t0 = Instant::now();
                match ws::ping_pong_within(&mut client, RTT_TIMEOUT).await {
                    Ok(()) => {
                        lat.record_us(t0.elapsed().as_micros() as u64);
                        done += 1;
                    }
                    Err(_) => {
                        failed += 1;
                        break;
                    }
                }
            }
            let finished = Instant::now();
            ws::close(client).await;
            (done, failed, lat, finished)
        });
    }
    let mut trips = Tally::new();
    let mut last = started;
    while let Some(joined) = workers.join_next().await {
        match joined {
            Ok((done, failed, lat, finished)) => {
                trips.add(done, failed, &lat);
                last = last.max(finished);
            }
            Err(_) => trips.failed += 1,
        }
    }
    // The window ends with the last round trip, not with the closes after it.
    trips.wall = last - started;
    trips
}
