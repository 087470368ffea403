//! `handshake_hs256` / `handshake_rs256`: full cycles with 100 in flight —
//! TCP connect, WebSocket upgrade with a valid token, ping→pong as proof of
//! auth, close. Latency is connect → pong. The `limit` row runs the same
//! loop against a bare tokio-tungstenite server inside the bench (no auth).

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use super::tally::Tally;
use super::{unique, Ctx, Measured, OURS};
use crate::error::Result;
use crate::load::limit_server::LimitServer;
use crate::load::ws;
use crate::proc::CpuWindow;
use crate::record::Role;
use crate::stats::Latencies;
use crate::sut::Gateway;
use crate::tokens::Minter;

/// Handshakes in flight.
const IN_FLIGHT: usize = 100;
/// Distinct users (tokens) the handshakes rotate over.
const USERS: usize = 200;

/// Token algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alg {
    /// Shared secret.
    Hs256,
    /// RSA key pair.
    Rs256,
}

/// Measures the gateway, and for HS256 also the echo server limit.
pub async fn run(ctx: &Ctx, alg: Alg) -> Result<Vec<Measured>> {
    let minter = match alg {
        Alg::Hs256 => Minter::hs256(&unique("secret-")),
        Alg::Rs256 => Minter::rs256(&ctx.rsa_private_key, &ctx.rsa_public_key)?,
    };
    let tokens = Arc::new(minter.mint_many("hs", USERS)?);
    let mut env = ctx.base_env(&unique("key-"));
    env.extend(minter.gateway_env.iter().cloned());

    let gw = Gateway::start(&ctx.gateway_bin, &env).await?;
    let cpu = CpuWindow::start(&[gw.pid()]);
    let ours = cycles(gw.addr(), tokens.clone(), ctx).await;
    let (cpu_sut, cpu_load) = cpu.finish();
    gw.stop().await?;
    let mut rows = vec![Measured {
        cpu_sut_s: Some(cpu_sut),
        cpu_load_s: Some(cpu_load),
        notes: ours.notes(),
        ..ours.measured(OURS, Role::Ours)
    }];

    if alg == Alg::Hs256 {
        let echo = LimitServer::start().await?;
        let cpu = CpuWindow::start(&[echo.pid()]);
        let limit = cycles(echo.addr(), tokens, ctx).await;
        let (cpu_sut, cpu_load) = cpu.finish();
        drop(echo);
        rows.push(Measured {
            cpu_sut_s: Some(cpu_sut),
            cpu_load_s: Some(cpu_load),
            notes: format!(
                "same loop against a bare tokio-tungstenite server process \
                 (no auth, no registry){}",
                limit.notes_suffix()
            ),
            ..limit.measured("tokio-tungstenite echo", Role::Limit)
        });
    }
    Ok(rows)
}

/// What a handshake loop achieved.
struct Cycles {
    tally: Tally,
    first_error: Option<String>,
}

impl Cycles {
    fn measured(&self, subject: &str, role: Role) -> Measured {
        self.tally.measured(subject, role)
    }

    fn notes(&self) -> String {
        format!(
            "connect → upgrade → ping/pong → close; latency connect → pong{}",
            self.notes_suffix()
        )
    }

    fn notes_suffix(&self) -> String {
        match &self.first_error {
            Some(e) => format!("; {} failed, first: {e}", self.tally.failed),
            None => String::new(),
        }
    }
}

async fn cycles(server: SocketAddr, tokens: Arc<Vec<String>>, ctx: &Ctx) -> Cycles {
    let next = Arc::new(AtomicU64::new(0));
    let max_ops = ctx.sizes.max_ops;
    let started = Instant::now();
    let deadline = started + ctx.sizes.window;
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..IN_FLIGHT {
        let next = next.clone();
        let tokens = tokens.clone();
        workers.spawn(async move {
            let mut lat = Latencies::new();
            let (mut done, mut failed, mut first_error) = (0u64, 0u64, None);
            while Instant::now() < deadline {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= max_ops {
                    break;
                }
                let token = &tokens[i as usize % tokens.len()];
                let t0 = Instant::now();
                match ws::connect_authenticated(server, token).await {
                    Ok(client) => {
                        lat.record_us(t0.elapsed().as_micros() as u64);
                        ws::close(client).await;
                        done += 1;
                    }
                    Err(e) => {
                        failed += 1;
                        first_error.get_or_insert(e.to_string());
                    }
                }
            }
            (done, failed, lat, first_error)
        });
    }
    let mut total = Cycles {
        tally: Tally::new(),
        first_error: None,
    };
    while let Some(joined) = workers.join_next().await {
        match joined {
            Ok((done, failed, lat, err)) => {
                total.tally.add(done, failed, &lat);
                if total.first_error.is_none() {
                    total.first_error = err;
                }
            }
            Err(e) => {
                total.tally.failed += 1;
                total.first_error.get_or_insert(e.to_string());
            }
        }
    }
    total.tally.wall = started.elapsed();
    total
}
