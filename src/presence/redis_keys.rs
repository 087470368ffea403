//! The Redis presence layout of SPEC §2, as pure functions: key names, and a
//! connection record read back from its hash.

use std::collections::HashMap;

/// Key names under one prefix (`presence:` by default).
#[derive(Debug, Clone)]
pub struct PresenceKeys {
    prefix: String,
}

impl PresenceKeys {
    /// Keys under `prefix`.
    pub fn new(prefix: &str) -> Self {
        Self {
            prefix: prefix.to_owned(),
        }
    }

    /// Hash `<p>conn:<id>`.
    pub fn connection(&self, connection_id: &str) -> String {
        format!("{}conn:{connection_id}", self.prefix)
    }

    /// Set `<p>user:<user_id>` of connection ids.
    pub fn user(&self, user_id: &str) -> String {
        format!("{}user:{user_id}", self.prefix)
    }

    /// Set `<p>subject:<subject>` of connection ids.
    pub fn subject(&self, subject: &str) -> String {
        format!("{}subject:{subject}", self.prefix)
    }

    /// `SCAN MATCH` pattern of every connection hash; glob characters of the
    /// prefix are escaped so they match themselves.
    pub fn connection_pattern(&self) -> String {
        let mut pattern = String::with_capacity(self.prefix.len() + 6);
        for c in self.prefix.chars() {
            if matches!(c, '*' | '?' | '[' | ']' | '\\') {
                pattern.push('\\');
            }
            pattern.push(c);
        }
        pattern.push_str("conn:*");
        pattern
    }

    /// The connection id of a connection hash key.
    pub fn connection_id<'k>(&self, key: &'k str) -> Option<&'k str> {
        key.strip_prefix(&self.prefix)?.strip_prefix("conn:")
    }
}

/// One connection, as stored in its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionRecord {
    /// The gateway's connection UUID.
    pub connection_id: String,
    /// The user the connection belongs to.
    pub user_id: String,
    /// Subjects it is subscribed to.
    pub subjects: Vec<String>,
    /// Unix seconds.
    pub connected_at: i64,
    /// Unix seconds of the last heartbeat or message (`connected_at` when never seen).
    pub last_seen_at: i64,
}

/// The hash fields of a connection, in the order [`ConnectionRecord::from_fields`]
/// takes them (the order of an `HMGET` of them).
pub const FIELDS: [&str; 5] = [
    "connection_id",
    "user_id",
    "subjects",
    "connected_at",
    "last_seen_at",
];

impl ConnectionRecord {
    /// Reads a hash; `None` when it is empty (expired or removed since its id was listed).
    pub fn from_hash(connection_id: &str, hash: &HashMap<String, String>) -> Option<Self> {
        if hash.is_empty() {
            return None;
        }
        Some(Self::build(
            connection_id,
            FIELDS.map(|field| hash.get(field).cloned()),
        ))
    }

    /// Reads the values of [`FIELDS`] (an `HMGET`); `None` when none is set (the
    /// hash expired or was removed since its id was listed).
    pub fn from_fields(connection_id: &str, values: Vec<Option<String>>) -> Option<Self> {
        let values: [Option<String>; 5] = values.try_into().ok()?;
        if values.iter().all(Option::is_none) {
            return None;
        }
        Some(Self::build(connection_id, values))
    }

    fn build(connection_id: &str, values: [Option<String>; 5]) -> Self {
        let [id, user_id, subjects, connected_at, last_seen_at] = values;
        let number = |value: Option<String>| value.and_then(|v| v.trim().parse::<i64>().ok());
        let connected_at = number(connected_at).unwrap_or(0);
        Self {
            connection_id: id
                .filter(|id| !id.is_empty())
                .unwrap_or_else(|| connection_id.to_owned()),
            user_id: user_id.unwrap_or_default(),
            subjects: subjects
                .and_then(|json| serde_json::from_str(&json).ok())
                .unwrap_or_default(),
            connected_at,
            last_seen_at: number(last_seen_at).unwrap_or(connected_at),
        }
    }

    /// Still matches the filters it was listed by (set memberships can be
    /// stale after a connection changed or its hash expired).
    pub fn matches(&self, subject: Option<&str>, user_id: Option<&str>) -> bool {
        subject.is_none_or(|s| self.subjects.iter().any(|own| own == s))
            && user_id.is_none_or(|u| self.user_id == u)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_follow_the_spec_layout() {
        let keys = PresenceKeys::new("presence:");
        assert_eq!(keys.connection("c1"), "presence:conn:c1");
        assert_eq!(keys.user("42"), "presence:user:42");
        assert_eq!(keys.subject("room:a"), "presence:subject:room:a");
        assert_eq!(keys.connection_id("presence:conn:c1"), Some("c1"));
        assert_eq!(keys.connection_id("presence:user:c1"), None);
    }

    #[test]
    fn scan_pattern_escapes_glob_characters_of_the_prefix() {
        assert_eq!(
            PresenceKeys::new("p[1]*:").connection_pattern(),
            "p\\[1\\]\\*:conn:*"
        );
    }

    #[test]
    fn record_reads_fields_and_falls_back_sensibly() {
        let hash: HashMap<String, String> = [
            ("user_id", "42"),
            ("subjects", r#"["user:42","room:a"]"#),
            ("connected_at", "100"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let record = ConnectionRecord::from_hash("c1", &hash).unwrap();
        assert_eq!(record.connection_id, "c1");
        assert_eq!(record.subjects, ["user:42", "room:a"]);
        assert_eq!(record.last_seen_at, 100);
        assert!(record.matches(Some("room:a"), Some("42")));
        assert!(!record.matches(Some("room:b"), None));
        assert!(ConnectionRecord::from_hash("c1", &HashMap::new()).is_none());
    }

    #[test]
    fn fields_read_like_the_hash_and_all_unset_is_absent() {
        let values = vec![
            None,
            Some("42".to_owned()),
            Some(r#"["user:42"]"#.to_owned()),
            Some("100".to_owned()),
            Some("160".to_owned()),
        ];
        let record = ConnectionRecord::from_fields("c1", values).unwrap();
        assert_eq!(record.connection_id, "c1");
        assert_eq!(record.user_id, "42");
        assert_eq!(record.subjects, ["user:42"]);
        assert_eq!((record.connected_at, record.last_seen_at), (100, 160));
        assert!(ConnectionRecord::from_fields("c1", vec![None; 5]).is_none());
        assert!(ConnectionRecord::from_fields("c1", vec![]).is_none());
    }
}
