//! `redis_inbox`: core mode; 100 clients send messages, at most [`WINDOW`]
//! ahead of what has reached the gateway's Redis inbox stream, which the
//! bench XREADs as entries land, checking that every message is there. Latency runs
//! from the client's send stamp to the stream entry's id (Redis' clock, ms).
//! The `limit` row is the bench's own pipelined XADD loop: what Redis takes.

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use redis::aio::MultiplexedConnection;
use redis::streams::StreamReadReply;
use serde::Deserialize;

use super::redis_keys::{self, RedisKeys};
use super::{unique, Ctx, Measured, OURS};
use crate::error::{Error, Result};
use crate::load::receivers::{now_us, STALL};
use crate::load::{window, ws};
use crate::proc::CpuWindow;
use crate::record::Role;
use crate::stats::Latencies;
use crate::sut::Gateway;
use crate::tokens::Minter;

/// Clients sending.
const CLIENTS: usize = 100;
/// How long the stream may take to fill.
const TIMEOUT: Duration = Duration::from_secs(90);
/// Entries per XREAD.
const PAGE: usize = 5_000;
/// Messages sent but not yet in the stream, at most (over all clients).
const WINDOW: u64 = 2_000;
/// Messages a client sends per window check.
const CHUNK: u64 = 10;
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
    // Blocking XREADs get a connection of their own.
    let reader_conn = redis_keys::connect(&ctx.redis_url).await?;

    let sent = Arc::new(AtomicU64::new(0));
    let arrived = Arc::new(AtomicU64::new(0));
    let cpu = CpuWindow::start(&sut);
    let started_us = now_us();
    let reader = tokio::spawn(read_stream(
        reader_conn,
        keys.inbox.clone(),
        total,
        arrived.clone(),
    ));
    let mut senders = tokio::task::JoinSet::new();
    for (i, mut client) in clients.into_iter().enumerate() {
        let (sent, arrived) = (sent.clone(), arrived.clone());
        senders.spawn(async move {
            let result = send_windowed(
                &mut client,
                i as u64 * per_client,
                per_client,
                &sent,
                &arrived,
            )
            .await;
            (client, result)
        });
    }
    let mut open = Vec::new();
    let mut send_error = None;
    while let Some(joined) = senders.join_next().await {
        let (client, result) = joined.map_err(|e| Error::Protocol(format!("sender task: {e}")))?;
        if let Err(e) = result {
            send_error.get_or_insert(e);
        }
        open.push(client);
    }
    let read = reader
        .await
        .map_err(|e| Error::Protocol(format!("reader task: {e}")))??;
    let (cpu_sut, cpu_load) = cpu.finish();
    for client in open {
        ws::close(client).await;
    }
    let unique_seen = read.seqs.len() as u64;
    if let Some(e) = send_error.filter(|_| unique_seen < total) {
        return Err(e);
    }

    let wall_s = (read.last_ms * 1000).saturating_sub(started_us) as f64 / 1e6;
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
            "{CLIENTS} clients × {per_client} messages, at most {WINDOW} sent but not yet in the \
             stream; read with XREAD as they land; latency = entry id (ms) − client send stamp; \
             CPU SUT = gateway + redis-server; {}{}",
            super::RATE_LIMIT_NOTE,
            super::duplicates_note(duplicates)
        ),
        ..Measured::new(OURS, Role::Ours, unique_seen as f64 / wall_s.max(1e-9))
    };
    Ok((ours, read.template))
}

/// Sends `count` messages numbered from `first`, [`CHUNK`] at a time, each
/// chunk waiting for room in the shared window.
async fn send_windowed(
    client: &mut ws::Ws,
    first: u64,
    count: u64,
    sent: &AtomicU64,
    arrived: &AtomicU64,
) -> Result<()> {
    let mut seq = first;
    while seq < first + count {
        let chunk = CHUNK.min(first + count - seq);
        let before = sent.fetch_add(chunk, Ordering::AcqRel);
        window::wait_for_room(before, chunk, arrived, WINDOW).await?;
        ws::send_burst(client, seq..seq + chunk).await?;
        seq += chunk;
    }
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

/// XREADs the inbox as entries land until `total` distinct messages were
/// seen, nothing new came for [`STALL`], or [`TIMEOUT`] passed.
async fn read_stream(
    mut redis: MultiplexedConnection,
    stream: String,
    total: u64,
    arrived: Arc<AtomicU64>,
) -> Result<ReadBack> {
    let mut out = ReadBack {
        entries: 0,
        seqs: HashSet::new(),
        latencies: Latencies::new(),
        last_ms: 0,
        template: Vec::new(),
    };
    let started = Instant::now();
    let mut last_new = Instant::now();
    let mut cursor = "0-0".to_owned();
    while (out.seqs.len() as u64) < total
        && started.elapsed() < TIMEOUT
        && last_new.elapsed() < STALL
    {
        let reply: Option<StreamReadReply> = redis::cmd("XREAD")
            .arg("COUNT")
            .arg(PAGE)
            .arg("BLOCK")
            .arg(100)
            .arg("STREAMS")
            .arg(&stream)
            .arg(&cursor)
            .query_async(&mut redis)
            .await
            .map_err(|e| Error::redis("XREAD", e))?;
        let Some(reply) = reply else { continue };
        for entry in reply.keys.iter().flat_map(|k| k.ids.iter()) {
            cursor.clone_from(&entry.id);
            last_new = Instant::now();
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
        arrived.store(out.seqs.len() as u64, Ordering::Release);
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
            "the bench's own XADD loop, pipelines of {LIMIT_BATCH}, one connection, entries \
             copied from the gateway's"
        ),
        ..Measured::new(
            "redis-server XADD pipelined",
            Role::Limit,
            total as f64 / wall.as_secs_f64().max(1e-9),
        )
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
