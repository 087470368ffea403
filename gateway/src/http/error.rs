//! How HTTP API failures become responses (the one place that decides).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// A refused `/internal/*` or ops request.
#[derive(Debug)]
pub enum ApiError {
    /// The request body or parameters are invalid; the message says how.
    BadRequest(String),
    /// Wrong or missing API key.
    Unauthorized,
    /// The body is larger than the gateway accepts.
    PayloadTooLarge,
    /// `BACKPRESSURE_MAX_INFLIGHT` publishes are already running.
    Busy,
    /// A broker the request needs is not configured or not connected.
    Unavailable(String),
    /// Something on our side failed.
    Internal(String),
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, message) = match self {
            Self::BadRequest(message) => (StatusCode::BAD_REQUEST, message),
            Self::Unauthorized => (StatusCode::UNAUTHORIZED, "invalid api key".to_owned()),
            Self::PayloadTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "request body too large".to_owned(),
            ),
            Self::Busy => (
                StatusCode::SERVICE_UNAVAILABLE,
                "too many publishes in flight; retry later".to_owned(),
            ),
            Self::Unavailable(message) => (StatusCode::SERVICE_UNAVAILABLE, message),
            Self::Internal(message) => {
                tracing::error!(%message, "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal error".to_owned(),
                )
            }
        };
        (status, Json(json!({ "error": message }))).into_response()
    }
}
