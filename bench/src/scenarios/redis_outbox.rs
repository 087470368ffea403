//! `redis_outbox`: core mode; the bench XADDs pushes (one subject each) to
//! the gateway's outbox stream in pipelined batches, at most [`WINDOW`]
//! entries ahead of what 100 connected clients have received. Deliveries/s
//! run from the first XADD to the last delivery; latency from the stamp
//! taken when the entry's batch was sent.

use std::sync::atomic::AtomicU64;
use std::sync::Arc;
use std::time::Duration;

use redis::aio::MultiplexedConnection;

use super::redis_keys::{self, RedisKeys};
use super::{unique, Ctx, Measured, OURS};
use crate::error::{Error, Result};
use crate::load::publish;
use crate::load::receivers::{now_us, Receivers, Stamp};
use crate::load::{window, ws};
use crate::proc::CpuWindow;
use crate::record::Role;
use crate::sut::Gateway;
use crate::tokens::Minter;

/// Connected receivers.
const RECEIVERS: usize = 100;
/// XADDs per pipeline.
const BATCH: u64 = 250;
/// Entries XADDed but not yet delivered, at most.
const WINDOW: u64 = 2_000;
/// How long the whole flow may take.
const TIMEOUT: Duration = Duration::from_secs(90);

/// Measures the gateway.
pub async fn run(ctx: &Ctx) -> Result<Vec<Measured>> {
    let keys = RedisKeys::new();
    let mut redis = redis_keys::connect(&ctx.redis_url).await?;
    let minter = Minter::hs256(&unique("secret-"));
    let tokens = minter.mint_many("ob", RECEIVERS)?;
    let mut env = ctx.throughput_env(&unique("key-"));
    env.extend(minter.gateway_env.iter().cloned());
    env.extend(keys.gateway_env(&ctx.redis_url));

    let result = async {
        let gw = Gateway::start(&ctx.gateway_bin, &env).await?;
        let measured = measure(&gw, &tokens, &keys, &mut redis, ctx).await;
        let stopped = gw.stop().await;
        let m = measured?;
        stopped?;
        Ok::<_, Error>(m)
    }
    .await;
    let cleaned = keys.delete(&mut redis).await;
    let m = result?;
    cleaned?;
    Ok(vec![m])
}

async fn produce(
    mut redis: MultiplexedConnection,
    stream: String,
    total: u64,
    delivered: Arc<AtomicU64>,
) -> Result<()> {
    let subjects: Vec<String> = (0..RECEIVERS).map(|i| format!("user:ob{i}")).collect();
    let mut seq = 0;
    while seq < total {
        let batch = BATCH.min(total - seq);
        window::wait_for_room(seq, batch, &delivered, WINDOW).await?;
        let t = now_us();
        let mut pipe = redis::pipe();
        for _ in 0..batch {
            let subject = std::slice::from_ref(&subjects[seq as usize % RECEIVERS]);
            let data = publish::body(subject, Stamp { seq, t })?;
            pipe.cmd("XADD")
                .arg(&stream)
                .arg("*")
                .arg("data")
                .arg(&data[..])
                .ignore();
            seq += 1;
        }
        let _: () = pipe
            .query_async(&mut redis)
            .await
            .map_err(|e| Error::redis("XADD pipeline", e))?;
    }
    Ok(())
}

async fn measure(
    gw: &Gateway,
    tokens: &[String],
    keys: &RedisKeys,
    redis: &mut MultiplexedConnection,
    ctx: &Ctx,
) -> Result<Measured> {
    let total = ctx.sizes.outbox_entries;
    let clients = ws::open_many(gw.addr(), tokens, RECEIVERS, RECEIVERS).await?;
    let mut receivers = Receivers::spawn(clients);
    let mut sut = vec![gw.pid()];
    sut.extend(redis_keys::server_pid(redis).await?);

    let cpu = CpuWindow::start(&sut);
    let started_us = now_us();
    let delivered = Arc::new(AtomicU64::new(0));
    let producer = tokio::spawn(produce(
        redis.clone(),
        keys.outbox.clone(),
        total,
        delivered.clone(),
    ));
    let got = receivers.collect(total, TIMEOUT, Some(&delivered)).await;
    let (cpu_sut, cpu_load) = cpu.finish();
    receivers.abort();
    producer
        .await
        .map_err(|e| Error::Protocol(format!("producer task: {e}")))??;
    got.check(total)?;
    let wall_s = got.last_at_us.saturating_sub(started_us) as f64 / 1e6;
    Ok(Measured {
        p50_ms: got.latencies.p50_ms(),
        p99_ms: got.latencies.p99_ms(),
        cpu_sut_s: Some(cpu_sut),
        cpu_load_s: Some(cpu_load),
        wall_s,
        ops: total,
        lost: total.saturating_sub(got.deliveries),
        notes: format!(
            "{total} entries XADDed in pipelines of {BATCH}, at most {WINDOW} undelivered, \
             {RECEIVERS} receivers; CPU SUT = \
             gateway + redis-server; latency from the batch's send time; {}",
            super::BUFFER_NOTE
        ),
        ..Measured::new(OURS, Role::Ours, got.deliveries as f64 / wall_s.max(1e-9))
    })
}
