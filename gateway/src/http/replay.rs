//! `POST /internal/replay/rabbitmq`: move dead letters back to their target.

use axum::extract::{Query, State};
use axum::Json;
use bytes::Bytes;
use serde::Deserialize;
use serde_json::{json, Value};

use super::error::ApiError;
use crate::broker::rabbitmq::replay_dead_letters;
use crate::state::AppState;

/// Messages moved when the request names no limit.
const DEFAULT_LIMIT: u64 = 100;
/// Most messages one request may move.
const MAX_LIMIT: u64 = 10_000;

/// `limit`, from the query string or a JSON body.
#[derive(Debug, Default, Deserialize)]
pub struct ReplayParams {
    limit: Option<Value>,
}

/// Moves up to `limit` (default 100, at most 10000) messages from the
/// RabbitMQ DLQ queue to their target: `{"replayed": n}`.
pub async fn rabbitmq(
    State(state): State<AppState>,
    Query(query): Query<ReplayParams>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let from_body = if body.iter().all(u8::is_ascii_whitespace) {
        ReplayParams::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| {
            ApiError::BadRequest(format!(
                "body must be a JSON object like {{\"limit\": 100}}: {e}"
            ))
        })?
    };
    let limit = parse_limit(query.limit.or(from_body.limit))?;
    let reader = state
        .rabbit_outbox_reader
        .as_ref()
        .ok_or_else(|| ApiError::Unavailable("RabbitMQ is not configured (RABBITMQ_DSN)".into()))?;
    let replayed = replay_dead_letters(reader.link(), limit)
        .await
        .map_err(|e| ApiError::Unavailable(format!("RabbitMQ replay failed: {e}")))?
        .ok_or_else(|| ApiError::Unavailable("RabbitMQ is not connected".into()))?;
    Ok(Json(json!({ "replayed": replayed })))
}

/// A whole number from 1 to [`MAX_LIMIT`], given as a number or a string.
fn parse_limit(raw: Option<Value>) -> Result<usize, ApiError> {
    let limit = match raw {
        None => Some(DEFAULT_LIMIT),
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        Some(_) => None,
    };
    match limit {
        Some(n @ 1..=MAX_LIMIT) => Ok(n as usize),
        _ => Err(ApiError::BadRequest(format!(
            "limit must be a whole number from 1 to {MAX_LIMIT}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_defaults_and_accepts_numbers_and_strings_in_range() {
        assert_eq!(parse_limit(None).unwrap(), 100);
        assert_eq!(parse_limit(Some(json!(5))).unwrap(), 5);
        assert_eq!(parse_limit(Some(json!("10000"))).unwrap(), 10_000);
        for bad in [
            json!(0),
            json!(10_001),
            json!(-1),
            json!(1.5),
            json!("x"),
            json!(null),
        ] {
            assert!(parse_limit(Some(bad.clone())).is_err(), "{bad}");
        }
    }
}
