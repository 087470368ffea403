//! One stream entry as handed to PHP, and the reasons an entry cannot be.

use redis::streams::StreamId;
use redis::Value;

/// The field of an entry that holds the event JSON (SPEC §2: `XADD <stream> * data <json>`).
pub const DATA_FIELD: &str = "data";

/// An entry read from a stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The stream it was read from.
    pub stream: String,
    /// Its id.
    pub id: String,
    /// Its `data` field (empty when absent).
    pub data: String,
    /// Times it was delivered to a consumer of the group, this one included.
    pub deliveries: u64,
}

impl Entry {
    /// Reads an entry of a stream reply.
    pub fn from_reply(stream: &str, entry: &StreamId, deliveries: u64) -> Self {
        let data = match entry.map.get(DATA_FIELD) {
            Some(Value::BulkString(bytes)) => String::from_utf8_lossy(bytes).into_owned(),
            Some(Value::SimpleString(text)) => text.clone(),
            _ => String::new(),
        };
        Self {
            stream: stream.to_owned(),
            id: entry.id.clone(),
            data,
            deliveries,
        }
    }

    /// Why the entry cannot be handed to PHP as an event, if it cannot: its
    /// `data` must be a JSON object.
    pub fn unusable(&self) -> Option<String> {
        if self.data.is_empty() {
            return Some(format!("entry has no \"{DATA_FIELD}\" field"));
        }
        match serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&self.data) {
            Ok(_) => None,
            Err(e) => Some(format!("\"{DATA_FIELD}\" is not a JSON object: {e}")),
        }
    }

    /// The id as `(milliseconds, sequence)`, or `None` when it is not a stream id.
    fn id_key(&self) -> Option<(u64, u64)> {
        let (ms, seq) = self.id.split_once('-')?;
        Some((ms.parse().ok()?, seq.parse().ok()?))
    }
}

/// Puts entries read from several streams of one Redis server in the order
/// the server added them: a reply groups them by stream, so without this a
/// batch would hand every `ws.inbox` message to PHP before the `connected`
/// event in `ws.events` that preceded it. The sort is stable, and an id that
/// cannot be parsed keeps its place after the parsed ones.
pub fn in_id_order(entries: &mut [Entry]) {
    entries.sort_by_key(|entry| entry.id_key().map_or((1, 0, 0), |(ms, seq)| (0, ms, seq)));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(data: &str) -> Entry {
        Entry {
            stream: "s".into(),
            id: "1-0".into(),
            data: data.into(),
            deliveries: 1,
        }
    }

    #[test]
    fn json_objects_are_usable_anything_else_names_the_reason() {
        assert_eq!(entry(r#"{"type":"connected"}"#).unusable(), None);
        assert!(entry("").unusable().unwrap().contains("no \"data\""));
        assert!(entry("[1]")
            .unusable()
            .unwrap()
            .contains("not a JSON object"));
        assert!(entry("{oops")
            .unusable()
            .unwrap()
            .contains("not a JSON object"));
    }

    #[test]
    fn entries_of_several_streams_come_out_in_the_order_redis_added_them() {
        let at = |stream: &str, id: &str| Entry {
            stream: stream.into(),
            id: id.into(),
            data: String::new(),
            deliveries: 1,
        };
        let mut entries = vec![
            at("ws.inbox", "1700000000002-0"),
            at("ws.inbox", "1700000000010-1"),
            at("ws.events", "1700000000001-5"),
            at("ws.events", "1700000000010-0"),
            at("ws.events", "not-an-id"),
        ];
        in_id_order(&mut entries);
        let ids: Vec<&str> = entries.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "1700000000001-5",
                "1700000000002-0",
                "1700000000010-0",
                "1700000000010-1",
                "not-an-id"
            ]
        );
    }
}
