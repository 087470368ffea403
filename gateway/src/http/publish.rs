//! `POST /internal/publish`: push a payload to every connection of the subjects.

use axum::extract::ws::Utf8Bytes;
use axum::extract::State;
use axum::Json;
use bytes::Bytes;
use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::error::Category;
use serde_json::value::RawValue;
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
    let frame = Utf8Bytes::from(event_frame(request.payload.get()));
    let ctx = &state.sessions;
    let sent = ctx.hub.publish(&request.subjects, &frame);
    ctx.metrics.publish.inc();
    Ok(Json(PublishResponse { sent }))
}

/// The publish body as it arrives: the payload stays borrowed JSON text and the
/// other fields are checked one by one, so each mistake gets its own message.
#[derive(Deserialize)]
struct RawBody<'a> {
    #[serde(borrow, default)]
    subjects: Option<&'a RawValue>,
    #[serde(borrow, default)]
    payload: Option<&'a RawValue>,
    #[serde(default)]
    traceparent: Option<Value>,
}

/// The publish body, or a message saying what is wrong with it.
fn parse(body: &[u8]) -> Result<PublishRequest, ApiError> {
    // serde would also read a struct from a JSON array; the SPEC wants an object.
    if body.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(match serde_json::from_slice::<IgnoredAny>(body) {
            Err(e) => ApiError::BadRequest(format!("body is not valid JSON: {e}")),
            Ok(_) => ApiError::BadRequest("body must be a JSON object".into()),
        });
    }
    let raw: RawBody = serde_json::from_slice(body).map_err(|e| match e.classify() {
        Category::Syntax | Category::Eof | Category::Io => {
            ApiError::BadRequest(format!("body is not valid JSON: {e}"))
        }
        Category::Data => ApiError::BadRequest(format!("invalid publish body: {e}")),
    })?;
    let subjects = raw
        .subjects
        .and_then(|list| serde_json::from_str::<Vec<String>>(list.get()).ok())
        .ok_or_else(|| ApiError::BadRequest("\"subjects\" must be a list of strings".into()))?;
    Ok(PublishRequest {
        subjects,
        payload: raw.payload.unwrap_or(RawValue::NULL).to_owned(),
        // An optional field of the wrong type is dropped rather than failing a
        // push that is otherwise valid.
        traceparent: match raw.traceparent {
            Some(Value::String(text)) => Some(text),
            _ => None,
        },
        api_key: None,
    })
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
        assert_eq!(req.payload.get(), "null");
    }

    #[test]
    fn payload_is_forwarded_verbatim_with_its_key_order() {
        let req = parse(br#"{"subjects":["user:1"],"payload":{"type":"chat","text":"hi","a":1}}"#)
            .unwrap();
        assert_eq!(req.payload.get(), r#"{"type":"chat","text":"hi","a":1}"#);
    }

    #[test]
    fn non_string_traceparent_is_dropped() {
        let req = parse(br#"{"subjects":[],"traceparent":5}"#).unwrap();
        assert_eq!(req.traceparent, None);
    }
}
