//! `webhook_burst`: 100 clients send a burst (20,000 messages in the full
//! run); the gateway posts each as a signed webhook to a receiver in the
//! bench, which verifies every HMAC signature. All must arrive.

use std::time::{Duration, Instant};

use super::{unique, Ctx, Measured, OURS};
use crate::error::{Error, Result};
use crate::load::receivers::{now_us, STALL};
use crate::load::webhook::WebhookReceiver;
use crate::load::ws;
use crate::proc::CpuWindow;
use crate::record::Role;
use crate::sut::Gateway;
use crate::tokens::Minter;

/// Clients sending.
const CLIENTS: usize = 100;
/// How long delivery may take.
const TIMEOUT: Duration = Duration::from_secs(90);

/// Measures the gateway.
pub async fn run(ctx: &Ctx) -> Result<Vec<Measured>> {
    let secret = unique("hook-");
    let receiver = WebhookReceiver::start(&secret).await?;
    let minter = Minter::hs256(&unique("secret-"));
    let tokens = minter.mint_many("wh", CLIENTS)?;
    let mut env = ctx.base_env(&unique("key-"));
    env.extend(minter.gateway_env.iter().cloned());
    env.push(("SYMFONY_WEBHOOK_URL".into(), receiver.url()));
    env.push(("SYMFONY_WEBHOOK_SECRET".into(), secret));

    let gw = Gateway::start(&ctx.gateway_bin, &env).await?;
    let measured = measure(&gw, &tokens, &receiver, ctx).await;
    let failed = gw
        .metric("webhook_publish_failed_total")
        .await
        .unwrap_or(0.0);
    let stopped = gw.stop().await;
    let mut m = measured?;
    stopped?;
    if failed > 0.0 {
        m.notes
            .push_str(&format!("; webhook_publish_failed_total = {failed}"));
    }
    Ok(vec![m])
}

async fn measure(
    gw: &Gateway,
    tokens: &[String],
    receiver: &WebhookReceiver,
    ctx: &Ctx,
) -> Result<Measured> {
    let per_client = ctx.sizes.webhook_per_client;
    let total = per_client * CLIENTS as u64;
    let clients = ws::open_many(gw.addr(), tokens, CLIENTS, CLIENTS).await?;

    let cpu = CpuWindow::start(&[gw.pid()]);
    let started = Instant::now();
    let started_us = now_us();
    let mut senders = tokio::task::JoinSet::new();
    for (i, mut client) in clients.into_iter().enumerate() {
        let first = i as u64 * per_client;
        senders.spawn(async move {
            let sent = ws::send_burst(&mut client, first..first + per_client).await;
            (client, sent)
        });
    }
    let mut open = Vec::new();
    while let Some(joined) = senders.join_next().await {
        let (client, sent) = joined.map_err(|e| Error::Protocol(format!("sender task: {e}")))?;
        sent?;
        open.push(client);
    }
    // Bounded by TIMEOUT, and given up after STALL without progress (retries
    // back off by 0.5 s doubling, well inside it).
    let (mut seen, mut last_change) = (0u64, Instant::now());
    while seen < total && started.elapsed() < TIMEOUT && last_change.elapsed() < STALL {
        tokio::time::sleep(Duration::from_millis(5)).await;
        let now = receiver.with_tally(|t| t.seqs.len() as u64);
        if now != seen {
            seen = now;
            last_change = Instant::now();
        }
    }
    let (cpu_sut, cpu_load) = cpu.finish();
    for client in open {
        ws::close(client).await;
    }

    let (seen, messages, bad, p50, p99, last_at_us) = receiver.with_tally(|t| {
        (
            t.seqs.len() as u64,
            t.messages,
            t.bad_signatures,
            t.latencies.p50_ms(),
            t.latencies.p99_ms(),
            t.last_at_us,
        )
    });
    if bad > 0 {
        return Err(Error::Protocol(format!(
            "{bad} webhook requests had a wrong signature"
        )));
    }
    let wall_s = last_at_us.saturating_sub(started_us) as f64 / 1e6;
    Ok(Measured {
        p50_ms: p50,
        p99_ms: p99,
        cpu_sut_s: Some(cpu_sut),
        cpu_load_s: Some(cpu_load),
        wall_s,
        ops: total,
        lost: total.saturating_sub(seen),
        notes: format!(
            "{CLIENTS} clients × {per_client} messages; receiver (axum, in the bench) verified every \
             HMAC signature; latency client send → webhook arrival; Python gateway (quoted, \
             issue 4) loses most of a 20,000-message burst; {}{}",
            super::RATE_LIMIT_NOTE,
            super::duplicates_note(messages.saturating_sub(seen))
        ),
        ..Measured::new(OURS, Role::Ours, seen as f64 / wall_s.max(1e-9))
    })
}
