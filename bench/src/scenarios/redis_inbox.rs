//! `redis_inbox`: core mode; 100 clients send a burst of messages, the
//! gateway writes them to its Redis inbox stream; the bench reads the stream
//! back with XRANGE and checks that every message is there. Latency runs
//! from the client's send stamp to the stream entry's id (Redis' clock, ms).
//! The `limit` row is the bench's own pipelined XADD loop: what Redis takes.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use redis::aio::MultiplexedConnection;
use redis::streams::StreamRangeReply;
use serde::Deserialize;

use super::redis_keys::{self, RedisKeys};
use super::{unique, Ctx, Measured, OURS};
use crate::error::{Error, Result};
use crate::load::receivers::now_us;
use crate::load::ws;
use crate::proc::CpuWindow;
use crate::record::Role;
use crate::stats::Latencies;
use crate::sut::Gateway;
use crate::tokens::Minter;

/// Clients sending.
const CLIENTS: usize = 100;
/// How long the stream may take to fill.
const TIMEOUT: Duration = Duration::from_secs(90);
/// Entries per XRANGE when reading back.
const PAGE: usize = 5_000;
/// XADDs per pipeline in the limit loop.
const LIMIT_BATCH: u64 = 500;

/// Measures the gateway and the XADD limit.
pub async fn run(ctx: &Ctx) -> Result<Vec<Measured>> {
    let keys = RedisKeys::new();
    let mut redis = redis_keys::connect(&ctx.redis_url).await?;
    let minter = Minter::hs256(&unique("secret-"));
    let tokens = minter.mint_many("ib", CLIENTS)?;
    let mut env = ctx.base_env(&unique("key-"));
    env.extend(minter.gateway_env.iter().cloned());
    env.extend(keys.gateway_env(&ctx.redis_url));

    let result = async {
        let gw = Gateway::start(&ctx.gateway_bin, &env).await?;
        let measured = measure(&gw, &tokens, &keys, &mut redis, ctx).await;
        let dropped = gw
            .metric("broker_events_dropped_total")
            .await
            .unwrap_or(0.0);
        let stopped = gw.stop().await;
        let (mut ours, template) = measured?;
        stopped?;
        if dropped > 0.0 {
            ours.notes
                .push_str(&format!("; broker_events_dropped_total = {dropped}"));
        }
        let limit = xadd_limit(&mut redis, &keys.limit, &template, ours.ops).await?;
        Ok::<_, Error>(vec![ours, limit])
    }
    .await;
    let cleaned = keys.delete(&mut redis).await;
    let rows = result?;
    cleaned?;
    Ok(rows)
}

async fn measure(
    gw: &Gateway,
    tokens: &[String],
    keys: &RedisKeys,
    redis: &mut MultiplexedConnection,
    ctx: &Ctx,
) -> Result<(Measured, Vec<u8>)> {
    let per_client = ctx.sizes.inbox_per_client;
    let total = per_client * CLIENTS as u64;
    let clients = ws::open_many(gw.addr(), tokens, CLIENTS, CLIENTS).await?;
    let mut sut = vec![gw.pid()];
    sut.extend(redis_keys::server_pid(redis).await?);

    let cpu = CpuWindow::start(&sut);
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
    for _ in 0..CLIENTS {
        let Some(joined) = senders.join_next().await else {
            break;
        };
        let (client, sent) = joined.map_err(|e| Error::Protocol(format!("sender task: {e}")))?;
        sent?;
        open.push(client);
    }
    wait_for_len(redis, &keys.inbox, total, started).await?;
    let (cpu_sut, cpu_load) = cpu.finish();
    for client in open {
        ws::close(client).await;
    }

    let read = read_back(redis, &keys.inbox).await?;
    let last_ms = read.last_ms.max(started_us / 1000 + 1);
    let wall_s = (last_ms * 1000).saturating_sub(started_us) as f64 / 1e6;
    let unique_seen = read.seqs.len() as u64;
    let duplicates = read.entries.saturating_sub(unique_seen);
    let ours = Measured {
        p50_ms: read.latencies.p50_ms(),
        p99_ms: read.latencies.p99_ms(),
        cpu_sut_s: Some(cpu_sut),
        cpu_load_s: Some(cpu_load),
        wall_s,
        ops: total,
        lost: total.saturating_sub(unique_seen),
        notes: format!(
            "{CLIENTS} clients × {per_client} messages in a burst; read back with XRANGE, \
             {duplicates} duplicates; latency = entry id (ms) − client send stamp; CPU SUT = \
             gateway + redis-server; {}",
            super::RATE_LIMIT_NOTE
        ),
        ..Measured::new(OURS, Role::Ours, unique_seen as f64 / wall_s.max(1e-9))
    };
    Ok((ours, read.template))
}

/// Polls XLEN until the stream holds `total` entries (bounded by [`TIMEOUT`]).
async fn wait_for_len(
    redis: &mut MultiplexedConnection,
    stream: &str,
    total: u64,
    started: Instant,
) -> Result<()> {
    let mut len = 0u64;
    while started.elapsed() < TIMEOUT {
        len = redis::cmd("XLEN")
            .arg(stream)
            .query_async(redis)
            .await
            .map_err(|e| Error::redis("XLEN", e))?;
        if len >= total {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // Not an error yet: the read-back counts exactly what is missing.
    eprintln!("  redis_inbox: stream holds {len} of {total} after {TIMEOUT:?}");
    Ok(())
}

#[derive(Deserialize)]
struct InboxEvent {
    #[serde(default)]
    message: Option<SentMessage>,
}

#[derive(Deserialize)]
struct SentMessage {
    seq: u64,
    t: u64,
}

struct ReadBack {
    entries: u64,
    seqs: HashSet<u64>,
    latencies: Latencies,
    last_ms: u64,
    template: Vec<u8>,
}

/// Milliseconds part of a stream entry id (`<ms>-<n>`).
pub fn id_ms(id: &str) -> Option<u64> {
    id.split_once('-')?.0.parse().ok()
}

async fn read_back(redis: &mut MultiplexedConnection, stream: &str) -> Result<ReadBack> {
    let mut out = ReadBack {
        entries: 0,
        seqs: HashSet::new(),
        latencies: Latencies::new(),
        last_ms: 0,
        template: Vec::new(),
    };
    let mut start = "-".to_owned();
    // Bounded by the stream's length: each page moves past its last id.
    for _ in 0..100_000 {
        let page: StreamRangeReply = redis::cmd("XRANGE")
            .arg(stream)
            .arg(&start)
            .arg("+")
            .arg("COUNT")
            .arg(PAGE)
            .query_async(redis)
            .await
            .map_err(|e| Error::redis("XRANGE", e))?;
        let Some(last) = page.ids.last() else { break };
        start = format!("({}", last.id);
        for entry in &page.ids {
            out.entries += 1;
            let data: Vec<u8> = entry.get("data").unwrap_or_default();
            let event: InboxEvent = serde_json::from_slice(&data)?;
            let (Some(msg), Some(ms)) = (event.message, id_ms(&entry.id)) else {
                continue;
            };
            out.seqs.insert(msg.seq);
            out.latencies.record_us((ms * 1000).saturating_sub(msg.t));
            out.last_ms = out.last_ms.max(ms);
            if out.template.is_empty() {
                out.template = data;
            }
        }
    }
    Ok(out)
}

/// The bench's own pipelined XADD loop with entries like the gateway's.
async fn xadd_limit(
    redis: &mut MultiplexedConnection,
    stream: &str,
    template: &[u8],
    total: u64,
) -> Result<Measured> {
    let pid = redis_keys::server_pid(redis).await?;
    let cpu = CpuWindow::start(&pid.into_iter().collect::<Vec<_>>());
    let started = Instant::now();
    let mut done = 0;
    while done < total {
        let mut pipe = redis::pipe();
        for _ in 0..LIMIT_BATCH.min(total - done) {
            pipe.cmd("XADD")
                .arg(stream)
                .arg("*")
                .arg("data")
                .arg(template)
                .ignore();
            done += 1;
        }
        let _: () = pipe
            .query_async(redis)
            .await
            .map_err(|e| Error::redis("XADD pipeline", e))?;
    }
    let wall = started.elapsed();
    let (cpu_sut, cpu_load) = cpu.finish();
    Ok(Measured {
        cpu_sut_s: Some(cpu_sut),
        cpu_load_s: Some(cpu_load),
        wall_s: wall.as_secs_f64(),
        ops: total,
        notes: format!(
            "the bench's own XADD loop, pipelines of {LIMIT_BATCH}, one connection, entries of {} bytes like the gateway's",
            template.len()
        ),
        ..Measured::new("redis-server XADD pipelined", Role::Limit, total as f64 / wall.as_secs_f64().max(1e-9))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_ids_give_their_millisecond() {
        assert_eq!(id_ms("1763798400123-7"), Some(1763798400123));
        assert_eq!(id_ms("garbage"), None);
    }
}
