//! `snoke-ws-gateway`: reads the environment, binds `GATEWAY_LISTEN` and runs
//! until SIGTERM or SIGINT.

use std::process::ExitCode;

use snoke_ws_gateway::config::{Config, Environment};
use snoke_ws_gateway::{logging, run};
use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> ExitCode {
    let config = match Config::from_source(&Environment) {
        Ok(config) => config,
        Err(errors) => {
            eprintln!("snoke-ws-gateway: {errors}");
            return ExitCode::from(2);
        }
    };
    logging::init(&config.log);
    let listener = match TcpListener::bind(config.listen).await {
        Ok(listener) => listener,
        Err(err) => {
            eprintln!(
                "snoke-ws-gateway: cannot listen on {}: {err}",
                config.listen
            );
            return ExitCode::FAILURE;
        }
    };
    match run(listener, config, shutdown_signal()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("snoke-ws-gateway: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Resolves on SIGTERM or SIGINT.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            eprintln!("snoke-ws-gateway: cannot listen for SIGINT: {err}");
            std::future::pending::<()>().await;
        }
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut sigterm) => {
                sigterm.recv().await;
            }
            Err(err) => {
                eprintln!("snoke-ws-gateway: cannot listen for SIGTERM: {err}");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}
