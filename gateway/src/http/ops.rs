//! Health, readiness and metrics.

use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use serde_json::{json, Value};

use super::error::ApiError;
use crate::state::AppState;

/// `GET /health`: the process is up.
pub async fn health() -> Json<Value> {
    Json(json!({ "ok": true }))
}

/// `GET /ready`: 200 `{"ok":true}` when every event sink, the outbox readers
/// and the presence connection (every configured broker) are connected, else
/// 503 naming the ones that are not. The webhook sink
/// is always ready: its target is Symfony, not infrastructure the gateway owns.
pub async fn ready(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let mut not_ready = state.sessions.events.sinks_not_ready();
    not_ready.extend(
        state
            .broker_links
            .iter()
            .filter(|link| !link.is_up())
            .map(|link| link.name()),
    );
    if let Some(reader) = state.outbox_reader.as_ref().filter(|r| !r.is_ready()) {
        not_ready.push(reader.name());
    }
    if let Some(reader) = state
        .rabbit_outbox_reader
        .as_ref()
        .filter(|r| !r.is_ready())
    {
        not_ready.push(reader.name());
    }
    if not_ready.is_empty() {
        (StatusCode::OK, Json(json!({ "ok": true })))
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "ok": false, "not_ready": not_ready })),
        )
    }
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
