//! Command line.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Load generators and report of `scripts/bench.sh`.
#[derive(Debug, Parser)]
#[command(name = "snoke-ws-bench", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Measure the gateway figures against a release gateway binary and
    /// append JSON lines to --out.
    Gateway(GatewayArgs),
    /// Print the Markdown table of one or more JSON lines files.
    Report {
        /// JSON lines files written by `gateway` or `bench/php/run.sh`.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// (internal) The bare servers of the "limit" rows; the `gateway`
    /// command starts this as a child process.
    #[command(hide = true)]
    LimitServer {
        /// Address of the WebSocket ping→pong echo.
        #[arg(long)]
        ws_listen: std::net::SocketAddr,
        /// Address of the HTTP server answering `{"sent":1}`.
        #[arg(long)]
        http_listen: std::net::SocketAddr,
    },
}

/// Arguments of `gateway`.
#[derive(Debug, clap::Args)]
pub struct GatewayArgs {
    /// The gateway binary (target/release/snoke-ws-gateway).
    #[arg(long)]
    pub gateway_bin: PathBuf,
    /// JSON lines file to append to.
    #[arg(long)]
    pub out: PathBuf,
    /// Runs of every figure (min/median/max need at least 3).
    #[arg(long, default_value_t = 3)]
    pub runs: u32,
    /// One run at tiny sizes; fails only on errors or lost messages.
    #[arg(long)]
    pub quick: bool,
    /// Comma-separated figure ids to run (default: all).
    #[arg(long, value_delimiter = ',')]
    pub only: Vec<String>,
    /// PEM private key the RS256 tokens are signed with.
    #[arg(long, default_value = "var/keys/dev_private.pem")]
    pub rsa_private_key: PathBuf,
    /// PEM public key the gateway verifies RS256 tokens with.
    #[arg(long, default_value = "var/keys/dev_public.pem")]
    pub rsa_public_key: PathBuf,
    /// Redis for the core-mode figures.
    #[arg(long, default_value = "redis://127.0.0.1:6379")]
    pub redis_url: String,
}
