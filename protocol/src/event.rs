//! Events the gateway emits about connections (to the webhook or a broker).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Which lifecycle moment an [`Event`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// A client authenticated and its socket is open.
    Connected,
    /// The socket is gone; the connection has left presence.
    Disconnected,
    /// The client sent a frame that is forwarded to Symfony.
    MessageReceived,
}

/// One event, serialised exactly as the SPEC's "Events" section lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// `connected` | `disconnected` | `message_received`.
    #[serde(rename = "type")]
    pub kind: EventKind,
    /// UUID of the connection.
    pub connection_id: String,
    /// User id from the token, always a string.
    pub user_id: String,
    /// Subjects of the connection.
    pub subjects: Vec<String>,
    /// Unix seconds of the upgrade.
    pub connected_at: i64,
    /// The client's frame as a JSON object (`message_received` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<Map<String, Value>>,
    /// The client's frame exactly as received (`message_received` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw: Option<String>,
    /// W3C trace context, when the client sent one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub traceparent: Option<String>,
    /// Partition key chosen by `ORDERING_STRATEGY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ordering_key: Option<String>,
    /// `topic` | `subject`, when an ordering key was set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ordering_strategy: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connected_event_has_only_common_fields() {
        let ev = Event {
            kind: EventKind::Connected,
            connection_id: "c".into(),
            user_id: "42".into(),
            subjects: vec!["user:42".into()],
            connected_at: 1,
            message: None,
            raw: None,
            traceparent: None,
            ordering_key: None,
            ordering_strategy: None,
        };
        assert_eq!(
            serde_json::to_string(&ev).unwrap(),
            r#"{"type":"connected","connection_id":"c","user_id":"42","subjects":["user:42"],"connected_at":1}"#
        );
    }

    #[test]
    fn message_received_parses_from_spec_shape() {
        let json = r#"{"type":"message_received","connection_id":"c","user_id":"1","subjects":["user:1"],"connected_at":5,"message":{"type":"chat"},"raw":"{\"type\":\"chat\"}"}"#;
        let ev: Event = serde_json::from_str(json).unwrap();
        assert_eq!(ev.kind, EventKind::MessageReceived);
        assert_eq!(ev.raw.as_deref(), Some(r#"{"type":"chat"}"#));
    }
}
