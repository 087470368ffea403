//! The gateway figures: one module per figure, each starting its own
//! gateway, and the loop over runs that turns measurements into records.

mod broadcast;
mod ctx;
mod figures;
mod handshake;
mod http_publish;
mod idle_memory;
mod ping_rtt;
mod quoted;
mod redis_inbox;
mod redis_keys;
mod redis_outbox;
mod tally;
mod webhook_burst;

pub use ctx::{duplicates_note, unique, Ctx, Sizes, BUFFER_NOTE, RATE_LIMIT_NOTE};
pub use figures::{Figure, FIGURES};

use crate::cli::GatewayArgs;
use crate::error::{Error, Result};
use crate::record::{self, Record, Role};
use crate::report::fmt_num;

/// One measured (or quoted) subject of a figure.
#[derive(Debug, Clone)]
pub struct Measured {
    /// What was measured.
    pub subject: String,
    /// Its role.
    pub role: Role,
    /// The value in the figure's unit.
    pub value: f64,
    /// Median latency.
    pub p50_ms: Option<f64>,
    /// 99th percentile latency.
    pub p99_ms: Option<f64>,
    /// CPU of the system under test.
    pub cpu_sut_s: Option<f64>,
    /// CPU of the bench.
    pub cpu_load_s: Option<f64>,
    /// Wall time of the measured window.
    pub wall_s: f64,
    /// Operations.
    pub ops: u64,
    /// Lost operations.
    pub lost: u64,
    /// Caveats.
    pub notes: String,
}

impl Measured {
    /// A measurement with only a value; the rest is filled in by the scenario.
    pub fn new(subject: &str, role: Role, value: f64) -> Self {
        Self {
            subject: subject.to_owned(),
            role,
            value,
            p50_ms: None,
            p99_ms: None,
            cpu_sut_s: None,
            cpu_load_s: None,
            wall_s: 0.0,
            ops: 0,
            lost: 0,
            notes: String::new(),
        }
    }

    fn into_record(self, figure: &Figure, run: u32, quick: bool) -> Record {
        let ours = self.role == Role::Ours;
        Record {
            suite: "gateway".into(),
            figure: figure.id.into(),
            title: figure.title.into(),
            subject: self.subject,
            role: self.role,
            run: if self.role == Role::Quoted { 0 } else { run },
            value: self.value,
            unit: figure.unit.into(),
            better: figure.better,
            target: figure.target.filter(|_| ours),
            target_p99_ms: figure.target_p99_ms.filter(|_| ours),
            p50_ms: self.p50_ms,
            p99_ms: self.p99_ms,
            cpu_sut_s: self.cpu_sut_s,
            cpu_load_s: self.cpu_load_s,
            wall_s: self.wall_s,
            ops: self.ops,
            lost: self.lost,
            quick,
            notes: self.notes,
            ts: record::now_rfc3339(),
        }
    }
}

/// The subject name of the gateway rows.
pub const OURS: &str = "snoke-ws";

async fn run_figure(id: &str, ctx: &Ctx) -> Result<Vec<Measured>> {
    match id {
        "idle_memory_10k" => idle_memory::run(ctx, ctx.sizes.idle_conns, false).await,
        "idle_memory_max" => idle_memory::run(ctx, ctx.sizes.max_conns, true).await,
        "handshake_hs256" => handshake::run(ctx, handshake::Alg::Hs256).await,
        "handshake_rs256" => handshake::run(ctx, handshake::Alg::Rs256).await,
        "ping_rtt" => ping_rtt::run(ctx).await,
        "http_publish" => http_publish::run(ctx).await,
        "broadcast_10k" => broadcast::run(ctx).await,
        "redis_outbox" => redis_outbox::run(ctx).await,
        "redis_inbox" => redis_inbox::run(ctx).await,
        "webhook_burst" => webhook_burst::run(ctx).await,
        other => Err(Error::Usage(format!("no scenario for figure {other}"))),
    }
}

fn progress(run: u32, runs: u32, figure: &Figure, m: &Measured) -> String {
    let opt = |x: Option<f64>| x.map(fmt_num).unwrap_or_else(|| "—".into());
    format!(
        "[run {run}/{runs}] {:<16} {:<40} {:>12} {:<14} p99 {:>7} ms  cpu sut {:>6} s load {:>6} s  {} ops {} lost  {:.1} s",
        figure.id,
        format!("{} ({:?})", m.subject, m.role).to_lowercase(),
        fmt_num(m.value),
        figure.unit,
        opt(m.p99_ms),
        opt(m.cpu_sut_s),
        opt(m.cpu_load_s),
        m.ops,
        m.lost,
        m.wall_s,
    )
}

/// `snoke-ws-bench gateway`: every selected figure × runs; returns how many
/// scenarios failed or lost messages.
pub async fn run_all(args: GatewayArgs) -> Result<usize> {
    if !args.gateway_bin.is_file() {
        return Err(Error::Usage(format!(
            "--gateway-bin {} is not a file",
            args.gateway_bin.display()
        )));
    }
    let selected: Vec<&Figure> = if args.only.is_empty() {
        FIGURES.iter().collect()
    } else {
        args.only
            .iter()
            .map(|id| {
                figures::by_id(id.trim()).ok_or_else(|| {
                    let ids: Vec<&str> = FIGURES.iter().map(|f| f.id).collect();
                    Error::Usage(format!("unknown figure {id:?}; known: {}", ids.join(",")))
                })
            })
            .collect::<Result<_>>()?
    };
    let runs = if args.quick { 1 } else { args.runs.max(1) };
    let ctx = Ctx {
        gateway_bin: args.gateway_bin,
        quick: args.quick,
        sizes: Sizes::new(args.quick),
        rsa_private_key: args.rsa_private_key,
        rsa_public_key: args.rsa_public_key,
        redis_url: args.redis_url,
        nofile: crate::proc::raise_nofile_limit(),
    };
    let mut failures = 0;
    for run in 1..=runs {
        for figure in &selected {
            match run_figure(figure.id, &ctx).await {
                Ok(measured) => {
                    let mut records = Vec::new();
                    for m in measured {
                        println!("{}", progress(run, runs, figure, &m));
                        if m.role == Role::Ours && m.lost > 0 {
                            eprintln!("  {} lost {} of {} operations", figure.id, m.lost, m.ops);
                            failures += 1;
                        }
                        records.push(m.into_record(figure, run, ctx.quick));
                    }
                    if run == 1 {
                        // Once per invocation, next to the figure's first measurement.
                        records.extend(
                            quoted::for_figure(figure.id)
                                .into_iter()
                                .map(|m| m.into_record(figure, 0, ctx.quick)),
                        );
                    }
                    record::append(&args.out, &records)?;
                }
                Err(e) => {
                    println!("[run {run}/{runs}] {:<16} FAILED: {e}", figure.id);
                    failures += 1;
                }
            }
        }
    }
    Ok(failures)
}
