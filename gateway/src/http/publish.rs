//! `POST /internal/publish`: push a payload to every connection of the subjects.

use axum::extract::ws::Utf8Bytes;
use axum::extract::State;
use axum::Json;
use bytes::Bytes;
use serde_json::Value;
use snoke_ws_protocol::frame::event_frame;
use snoke_ws_protocol::{PublishRequest, PublishResponse};

use super::error::ApiError;
use crate::state::AppState;

/// Validates the body, serialises the client frame once and queues it for
/// each matching connection (once per connection).
pub async fn publish(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<PublishResponse>, ApiError> {
    let request = parse(&body)?;
    let _permit = match &state.publish_permits {
        Some(permits) => Some(
            permits
                .clone()
                .try_acquire_owned()
                .map_err(|_| ApiError::Busy)?,
        ),
        None => None,
    };
    let frame = Utf8Bytes::from(event_frame(&request.payload.to_string()));
    let ctx = &state.sessions;
    let sent = ctx.hub.publish(&request.subjects, &frame);
    ctx.metrics.publish.inc();
    Ok(Json(PublishResponse { sent }))
}

/// The publish body, or a message saying what is wrong with it.
fn parse(body: &[u8]) -> Result<PublishRequest, ApiError> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::BadRequest(format!("body is not valid JSON: {e}")))?;
    let Value::Object(mut object) = value else {
        return Err(ApiError::BadRequest("body must be a JSON object".into()));
    };
    let subjects_ok = object
        .get("subjects")
        .and_then(Value::as_array)
        .is_some_and(|list| list.iter().all(Value::is_string));
    if !subjects_ok {
        return Err(ApiError::BadRequest(
            "\"subjects\" must be a list of strings".into(),
        ));
    }
    // `traceparent` and `api_key` are optional strings; anything else there is
    // dropped rather than failing a push that is otherwise valid.
    for field in ["traceparent", "api_key"] {
        if object.get(field).is_some_and(|v| !v.is_string()) {
            object.remove(field);
        }
    }
    serde_json::from_value(Value::Object(object))
        .map_err(|e| ApiError::BadRequest(format!("invalid publish body: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bad(body: &str) -> String {
        match parse(body.as_bytes()) {
            Err(ApiError::BadRequest(message)) => message,
            other => panic!("expected BadRequest, got {other:?}"),
        }
    }

    #[test]
    fn subjects_must_be_a_list_of_strings() {
        for body in [
            r#"{"subjects":"user:1","payload":1}"#,
            r#"{"subjects":[1],"payload":1}"#,
            r#"{"payload":1}"#,
        ] {
            assert!(bad(body).contains("subjects"), "{body}");
        }
    }

    #[test]
    fn non_json_and_non_objects_are_refused() {
        assert!(bad("nope").contains("JSON"));
        assert!(bad("[1]").contains("object"));
    }

    #[test]
    fn missing_payload_is_null() {
        let req = parse(br#"{"subjects":["user:1"]}"#).unwrap();
        assert_eq!(req.payload, Value::Null);
    }
}
