//! What a client's text frame means.

use serde_json::{Map, Value};

/// The gateway's reading of one text frame.
#[derive(Debug, Clone, PartialEq)]
pub enum Inbound {
    /// `{"type":"ping"}`: answer `pong`, do not forward.
    Ping,
    /// `{"type":"heartbeat"}`: answer `heartbeat_ack`, do not forward.
    Heartbeat,
    /// Anything else: forwarded as `message_received` with this `message`.
    Forward(Map<String, Value>),
}

/// Classifies a text frame. A JSON object is forwarded as it is; anything else
/// (not JSON, or JSON that is not an object) is wrapped as
/// `{"type":"raw","payload":"<text>"}` so Symfony always receives an object.
pub fn classify(text: &str) -> Inbound {
    // Keep-alives are most of the traffic and nearly always sent in exactly
    // this form: answer them without building a JSON map.
    match text {
        r#"{"type":"ping"}"# => return Inbound::Ping,
        r#"{"type":"heartbeat"}"# => return Inbound::Heartbeat,
        _ => {}
    }
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(map)) => match map.get("type").and_then(Value::as_str) {
            Some("ping") => Inbound::Ping,
            Some("heartbeat") => Inbound::Heartbeat,
            _ => Inbound::Forward(map),
        },
        _ => Inbound::Forward(raw(text)),
    }
}

fn raw(text: &str) -> Map<String, Value> {
    let mut map = Map::with_capacity(2);
    map.insert("type".into(), Value::String("raw".into()));
    map.insert("payload".into(), Value::String(text.to_owned()));
    map
}

/// The W3C `traceparent` a client put in its message, if it is a string.
pub fn traceparent(message: &Map<String, Value>) -> Option<String> {
    message
        .get("traceparent")
        .and_then(Value::as_str)
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn forwarded(text: &str) -> Value {
        match classify(text) {
            Inbound::Forward(map) => Value::Object(map),
            other => panic!("expected Forward, got {other:?}"),
        }
    }

    #[test]
    fn ping_and_heartbeat_are_recognised() {
        assert_eq!(classify(r#"{"type":"ping"}"#), Inbound::Ping);
        assert_eq!(classify(r#"{ "type": "ping" }"#), Inbound::Ping);
        assert_eq!(classify(r#"{"type":"heartbeat"}"#), Inbound::Heartbeat);
        assert_eq!(
            classify(r#"{"type":"heartbeat","x":1}"#),
            Inbound::Heartbeat
        );
    }

    #[test]
    fn json_object_is_forwarded_verbatim() {
        assert_eq!(
            forwarded(r#"{"type":"chat","text":"hi"}"#),
            json!({"type":"chat","text":"hi"})
        );
    }

    #[test]
    fn non_objects_are_wrapped_as_raw() {
        for text in ["hello", "[1,2]", "42", "null", "\"s\"", "{broken"] {
            assert_eq!(
                forwarded(text),
                json!({"type":"raw","payload":text}),
                "{text}"
            );
        }
    }
}
