//! snoke-ws gateway: WebSocket connections for Symfony apps.
//!
//! Clients connect to `GET /ws` with a JWT; what they send reaches Symfony as
//! events (signed webhook in terminator mode, Redis streams in core mode), and
//! Symfony pushes back through `POST /internal/publish` or the Redis outbox.
//! Layout:
//!
//! - [`config`]: every environment variable, parsed and validated up front.
//! - [`auth`]: token extraction and JWT verification (static key or JWKS).
//! - [`ws`]: the upgrade handler, the session loop, frame meaning, rate limit
//!   and the per-client send queue (backpressure).
//! - [`hub`]: the registry of live connections and fan-out to subjects.
//! - [`presence`]: presence queries over the registry.
//! - [`broker`]: the event-sink trait, the ordered dispatcher in front of it,
//!   ordering keys, Redis (event sink, outbox reader, presence writer) and
//!   RabbitMQ (event sink, outbox reader, DLQ replay).
//! - [`webhook`]: the signed HTTP webhook sink.
//! - [`http`]: internal API (publish, presence) and ops endpoints.
//! - [`metrics`]: Prometheus counters.
//!
//! [`run`] serves a bound listener until the shutdown future resolves; the
//! binary and the integration tests both start the gateway through it.

pub mod auth;
pub mod broker;
pub mod config;
mod error;
pub mod http;
pub mod hub;
pub mod logging;
pub mod metrics;
pub mod presence;
mod state;
pub mod webhook;
pub mod ws;

use std::future::Future;
use std::time::Instant;

use axum::routing::get;
use axum::serve::ListenerExt;
use axum::Router;
use snoke_ws_protocol::frame::close_code;
use tokio::net::TcpListener;

pub use config::Config;

/// mimalloc instead of glibc malloc: the hot paths (frames, events, HTTP
/// requests) allocate and free many small objects across threads, where
/// glibc's arenas spent as much time as the gateway's own code. Set here, in
/// the library, so the binary and the integration tests run on the same one.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
pub use error::Error;
pub use state::AppState;

/// Every route of the gateway.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/ws", get(ws::upgrade))
        .merge(http::ops_routes())
        .merge(http::internal_routes(state.clone()))
        .with_state(state)
}

/// Serves `listener` until `shutdown` resolves, then stops accepting, closes
/// every client with 1001, delivers queued events (all within
/// `SHUTDOWN_TIMEOUT_SECONDS`) and returns.
pub async fn run(
    listener: TcpListener,
    config: Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), Error> {
    let state = AppState::new(&config)?;
    if let Ok(addr) = listener.local_addr() {
        tracing::info!(%addr, events = ?config.events_mode, "gateway listening");
    }
    let (stop_accepting, accepting_stopped) = tokio::sync::oneshot::channel::<()>();
    // Frames are small and each flush is deliberate (the session batches what
    // is queued), so Nagle would only add delay.
    let listener = listener.tap_io(|tcp| {
        if let Err(err) = tcp.set_nodelay(true) {
            tracing::debug!(error = %err, "cannot set TCP_NODELAY");
        }
    });
    let server = axum::serve(listener, app(state.clone())).with_graceful_shutdown(async {
        let _ = accepting_stopped.await;
    });
    let mut server = tokio::spawn(async move { server.await });

    tokio::select! {
        () = shutdown => {}
        result = &mut server => {
            // The server only stops on its own when accepting failed for good.
            return match result {
                Ok(Ok(())) => Ok(()),
                Ok(Err(source)) => Err(Error::Io { context: "serving HTTP", source }),
                Err(join) => Err(Error::Io {
                    context: "serving HTTP",
                    source: std::io::Error::other(join.to_string()),
                }),
            };
        }
    }

    tracing::info!("shutting down: closing clients and flushing events");
    let deadline = Instant::now() + config.shutdown_timeout;
    let _ = stop_accepting.send(());
    if let Some(reader) = &state.outbox_reader {
        reader.stop();
    }
    if let Some(reader) = &state.rabbit_outbox_reader {
        reader.stop();
    }
    let sessions = &state.sessions;
    sessions
        .hub
        .close_all(close_code::GOING_AWAY, "server shutting down");
    if !sessions.hub.wait_empty(remaining(deadline)).await {
        tracing::warn!(
            open = sessions.hub.len(),
            "clients still open at shutdown timeout"
        );
    }
    // Closed sessions may still be emitting `disconnected`.
    sessions.live.wait_none(remaining(deadline)).await;
    sessions.events.close(remaining(deadline)).await;
    if tokio::time::timeout(remaining(deadline), &mut server)
        .await
        .is_err()
    {
        server.abort();
    }
    tracing::info!("gateway stopped");
    Ok(())
}

fn remaining(deadline: Instant) -> std::time::Duration {
    deadline.saturating_duration_since(Instant::now())
}
