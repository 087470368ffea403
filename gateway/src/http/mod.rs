//! The HTTP API: internal push, presence and DLQ replay routes (behind the API key) and
//! the ops endpoints.

mod api_key;
mod connections;
mod error;
mod ops;
mod publish;
mod replay;

use axum::middleware;
use axum::routing::{get, post};
use axum::Router;

pub use api_key::ApiKey;
pub use error::ApiError;

use crate::state::AppState;

/// Largest request body read by the API-key check (publish bodies included).
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// `/internal/*` routes, every one behind the `GATEWAY_API_KEY` check.
pub fn internal_routes(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/internal/publish", post(publish::publish))
        .route("/internal/replay/rabbitmq", post(replay::rabbitmq))
        .route("/internal/connections", get(connections::list))
        .route(
            "/internal/users/{user_id}/connections",
            get(connections::for_user),
        )
        .route_layer(middleware::from_fn_with_state(
            state,
            api_key::require_api_key,
        ))
}

/// `/health`, `/ready`, `/metrics`.
pub fn ops_routes() -> Router<AppState> {
    Router::new()
        .route("/health", get(ops::health))
        .route("/ready", get(ops::ready))
        .route("/metrics", get(ops::metrics))
}
