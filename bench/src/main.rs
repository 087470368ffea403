//! `snoke-ws-bench`: load generators for the gateway and the report of
//! `scripts/bench.sh`.
//!
//! - `gateway`: every figure spawns a fresh release gateway, loads it over
//!   loopback, and appends one JSON line per subject and run ([`record`]).
//! - `report`: folds JSON lines (ours and the PHP bench's) into the Markdown
//!   table of the README ([`report`]).

mod cli;
mod error;
mod load;
mod proc;
mod record;
mod report;
mod scenarios;
mod stats;
mod sut;
mod tokens;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};
use error::Error;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Report { files } => match run_report(&files) {
            Ok(table) => {
                print!("{table}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("snoke-ws-bench report: {e}");
                ExitCode::from(2)
            }
        },
        Command::LimitServer {
            ws_listen,
            http_listen,
        } => {
            let Some(runtime) = runtime() else {
                return ExitCode::from(2);
            };
            match runtime.block_on(load::limit_server::serve_forever(ws_listen, http_listen)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("snoke-ws-bench limit-server: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Gateway(args) => {
            let Some(runtime) = runtime() else {
                return ExitCode::from(2);
            };
            match runtime.block_on(scenarios::run_all(args)) {
                Ok(0) => ExitCode::SUCCESS,
                Ok(failures) => {
                    eprintln!("snoke-ws-bench: {failures} scenario(s) failed or lost messages");
                    ExitCode::FAILURE
                }
                Err(e) => {
                    eprintln!("snoke-ws-bench gateway: {e}");
                    ExitCode::from(2)
                }
            }
        }
    }
}

fn runtime() -> Option<tokio::runtime::Runtime> {
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => Some(rt),
        Err(e) => {
            eprintln!("snoke-ws-bench: cannot start the runtime: {e}");
            None
        }
    }
}

fn run_report(files: &[std::path::PathBuf]) -> Result<String, Error> {
    let mut records = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(path).map_err(|source| Error::File {
            path: path.clone(),
            source,
        })?;
        records.extend(record::parse_lines(path, &text)?);
    }
    Ok(report::render(&report::aggregate(&records)))
}
