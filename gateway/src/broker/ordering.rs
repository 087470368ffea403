//! Ordering keys (SPEC §2 "Ordering") and the partition suffix they give
//! stream names. Pure functions: the session stamps the key on the event, the
//! broker sinks pick the stream from it.

use serde_json::{Map, Value};
use sha1::{Digest, Sha1};
use snoke_ws_protocol::ConnectionInfo;

use crate::config::{OrderingSettings, OrderingStrategy, PartitionMode, SubjectSource};

/// The ordering key of a client `message`, and the strategy name that produced
/// it (`"topic"` / `"subject"`); `None` with `ORDERING_STRATEGY=none`.
pub fn ordering_key(
    settings: &OrderingSettings,
    message: &Map<String, Value>,
    info: &ConnectionInfo,
) -> Option<(String, &'static str)> {
    match settings.strategy {
        OrderingStrategy::None => None,
        OrderingStrategy::Topic => {
            let field = settings.topic_field.as_str();
            let key = key_text(message.get(field))
                .or_else(|| key_text(message.get("meta").and_then(|meta| meta.get(field))))
                .or_else(|| key_text(message.get("type")))?;
            Some((key, "topic"))
        }
        OrderingStrategy::Subject => {
            let from_message = key_text(message.get("subject")).or_else(|| {
                key_text(
                    message
                        .get("subjects")
                        .and_then(Value::as_array)
                        .and_then(|s| s.first()),
                )
            });
            let key = from_message.or_else(|| match settings.subject_source {
                SubjectSource::User => Some(info.user_id.clone()),
                SubjectSource::Subject => info.subjects.first().cloned(),
            })?;
            Some((key, "subject"))
        }
    }
}

/// A non-empty string or a number as key text; anything else is no key.
fn key_text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `key` made safe for a stream name / routing key: characters outside
/// `[A-Za-z0-9._:-]` become `_`; a result longer than `max_len` is replaced by
/// the SHA-1 hex of the original key.
pub fn partition_suffix(key: &str, max_len: usize) -> String {
    let clean: String = key
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | ':' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if clean.len() > max_len {
        hex::encode(Sha1::digest(key.as_bytes()))
    } else {
        clean
    }
}

/// The stream an event with `ordering_key` goes to: `base` itself, or
/// `base.<suffix>` with `ORDERING_PARTITION_MODE=suffix`.
pub fn partitioned_name(
    base: &str,
    ordering_key: Option<&str>,
    settings: &OrderingSettings,
) -> String {
    match (settings.partition_mode, ordering_key) {
        (PartitionMode::Suffix, Some(key)) if !key.is_empty() => {
            format!(
                "{base}.{}",
                partition_suffix(key, settings.partition_max_len)
            )
        }
        _ => base.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn settings(strategy: OrderingStrategy) -> OrderingSettings {
        OrderingSettings {
            strategy,
            topic_field: "topic".into(),
            subject_source: SubjectSource::User,
            partition_mode: PartitionMode::Suffix,
            partition_max_len: 64,
        }
    }

    fn obj(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap()
    }

    fn info() -> ConnectionInfo {
        ConnectionInfo {
            connection_id: "c1".into(),
            user_id: "42".into(),
            subjects: vec!["user:42".into()],
            connected_at: 0,
        }
    }

    #[test]
    fn topic_strategy_prefers_field_then_meta_then_type() {
        let s = settings(OrderingStrategy::Topic);
        let key = |m: Value| ordering_key(&s, &obj(m), &info()).map(|(k, _)| k);
        assert_eq!(
            key(json!({"topic":"room:1","meta":{"topic":"x"}})).as_deref(),
            Some("room:1")
        );
        assert_eq!(
            key(json!({"meta":{"topic":"room:2"},"type":"chat"})).as_deref(),
            Some("room:2")
        );
        assert_eq!(key(json!({"type":"chat"})).as_deref(), Some("chat"));
        assert_eq!(key(json!({"text":"hi"})), None);
        assert_eq!(
            ordering_key(&s, &obj(json!({"topic":7})), &info()),
            Some(("7".into(), "topic"))
        );
    }

    #[test]
    fn subject_strategy_falls_back_to_the_connection() {
        let mut s = settings(OrderingStrategy::Subject);
        let key =
            |s: &OrderingSettings, m: Value| ordering_key(s, &obj(m), &info()).map(|(k, _)| k);
        assert_eq!(
            key(&s, json!({"subject":"room:9"})).as_deref(),
            Some("room:9")
        );
        assert_eq!(key(&s, json!({"subjects":["a","b"]})).as_deref(), Some("a"));
        assert_eq!(key(&s, json!({})).as_deref(), Some("42"));
        s.subject_source = SubjectSource::Subject;
        assert_eq!(key(&s, json!({})).as_deref(), Some("user:42"));
    }

    #[test]
    fn none_strategy_gives_no_key() {
        let s = settings(OrderingStrategy::None);
        assert_eq!(ordering_key(&s, &obj(json!({"topic":"a"})), &info()), None);
    }

    #[test]
    fn suffix_replaces_characters_outside_the_allowed_set() {
        assert_eq!(partition_suffix("room:123", 64), "room:123");
        assert_eq!(partition_suffix("a b/c*d.e_f-g", 64), "a_b_c_d.e_f-g");
        assert_eq!(partition_suffix("zürich", 64), "z_rich");
    }

    #[test]
    fn suffix_longer_than_the_limit_is_the_sha1_hex_of_the_key() {
        let long = "x".repeat(65);
        let suffix = partition_suffix(&long, 64);
        assert_eq!(suffix, hex::encode(Sha1::digest(long.as_bytes())));
        assert_eq!(suffix.len(), 40);
        assert_eq!(partition_suffix(&"x".repeat(64), 64), "x".repeat(64));
    }

    #[test]
    fn partitioned_name_appends_only_in_suffix_mode() {
        let mut s = settings(OrderingStrategy::Topic);
        assert_eq!(
            partitioned_name("ws.inbox", Some("room:1"), &s),
            "ws.inbox.room:1"
        );
        assert_eq!(partitioned_name("ws.inbox", None, &s), "ws.inbox");
        s.partition_mode = PartitionMode::None;
        assert_eq!(partitioned_name("ws.inbox", Some("room:1"), &s), "ws.inbox");
    }
}
