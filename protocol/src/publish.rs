//! Server-side push: Symfony → gateway → clients.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// Body of `POST /internal/publish`, and of every outbox entry.
///
/// `api_key` is only read from HTTP bodies (the SPEC accepts the key there);
/// publishers never write it, so it is skipped when absent.
///
/// The payload stays the publisher's JSON text: the gateway never looks inside
/// it, so it forwards the bytes as they came (key order included) instead of
/// parsing and re-serialising them for every push.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PublishRequest {
    /// Subjects whose connections receive the payload, each at most once.
    pub subjects: Vec<String>,
    /// Any JSON value; clients receive `{"type":"event","payload":<payload>}`.
    /// A missing payload is `null`.
    #[serde(default = "null_payload")]
    pub payload: Box<RawValue>,
    /// W3C trace context of the publishing request, when tracing is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub traceparent: Option<String>,
    /// API key, when the caller authenticates in the body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key: Option<String>,
}

fn null_payload() -> Box<RawValue> {
    RawValue::NULL.to_owned()
}

/// Answer of `POST /internal/publish`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishResponse {
    /// Connections on this gateway that the payload was queued for.
    pub sent: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publish_request_omits_absent_optional_fields() {
        let req = PublishRequest {
            subjects: vec!["user:1".into()],
            payload: RawValue::from_string(r#"{"a":1}"#.into()).unwrap(),
            traceparent: None,
            api_key: None,
        };
        assert_eq!(
            serde_json::to_string(&req).unwrap(),
            r#"{"subjects":["user:1"],"payload":{"a":1}}"#
        );
    }

    #[test]
    fn publish_request_accepts_missing_payload_as_null() {
        let req: PublishRequest = serde_json::from_str(r#"{"subjects":[]}"#).unwrap();
        assert_eq!(req.payload.get(), "null");
    }

    #[test]
    fn publish_request_keeps_payload_text_and_key_order() {
        let req: PublishRequest =
            serde_json::from_str(r#"{"subjects":["s"],"payload":{"z":1,"a":"\u00e9"}}"#).unwrap();
        assert_eq!(req.payload.get(), r#"{"z":1,"a":"\u00e9"}"#);
    }
}
