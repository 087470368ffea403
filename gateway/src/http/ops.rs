//! Health, readiness and metrics.

use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::Json;
use serde_json::{json, Value};

use super::error::ApiError;
use crate::state::AppState;

/// `GET /health`: the process is up.
pub async fn health() -> Json<Value> {
    Json(json!({ "ok": true }))
}

/// `GET /ready`: every configured broker is connected. Terminator mode has
/// none, so the gateway is ready as soon as it serves.
pub async fn ready() -> Json<Value> {
    Json(json!({ "ok": true }))
}

/// `GET /metrics`: Prometheus text format.
pub async fn metrics(State(state): State<AppState>) -> Result<impl IntoResponse, ApiError> {
    let text = state
        .sessions
        .metrics
        .render()
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(([(CONTENT_TYPE, prometheus::TEXT_FORMAT)], text))
}
