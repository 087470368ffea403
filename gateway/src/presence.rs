//! Which connections a presence query asks for.
//!
//! The in-memory registry lives in [`crate::hub::Hub`]; Redis presence
//! ([`crate::broker::redis::RedisPresence`]) mirrors the same
//! [`ConnectionInfo`] records.

use serde::Deserialize;
use snoke_ws_protocol::ConnectionInfo;

/// Filters of `GET /internal/connections`; empty values mean "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct PresenceFilter {
    /// Only connections that have this subject.
    #[serde(default)]
    pub subject: Option<String>,
    /// Only connections of this user.
    #[serde(default)]
    pub user_id: Option<String>,
}

impl PresenceFilter {
    /// A filter for one user's connections.
    pub fn user(user_id: impl Into<String>) -> Self {
        Self {
            subject: None,
            user_id: Some(user_id.into()),
        }
    }

    /// Whether `info` passes every filter that is set.
    pub fn matches(&self, info: &ConnectionInfo) -> bool {
        let subject_ok = match self.subject.as_deref() {
            None | Some("") => true,
            Some(subject) => info.subjects.iter().any(|s| s == subject),
        };
        let user_ok = match self.user_id.as_deref() {
            None | Some("") => true,
            Some(user_id) => info.user_id == user_id,
        };
        subject_ok && user_ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(user: &str) -> ConnectionInfo {
        ConnectionInfo {
            connection_id: "c".into(),
            user_id: user.into(),
            subjects: vec![format!("user:{user}")],
            connected_at: 0,
        }
    }

    #[test]
    fn empty_filter_matches_everyone() {
        assert!(PresenceFilter::default().matches(&info("1")));
        let blank = PresenceFilter {
            subject: Some(String::new()),
            user_id: Some(String::new()),
        };
        assert!(blank.matches(&info("1")));
    }

    #[test]
    fn filters_by_subject_and_user() {
        let by_subject = PresenceFilter {
            subject: Some("user:2".into()),
            user_id: None,
        };
        assert!(!by_subject.matches(&info("1")));
        assert!(by_subject.matches(&info("2")));
        assert!(PresenceFilter::user("1").matches(&info("1")));
        assert!(!PresenceFilter::user("1").matches(&info("2")));
    }
}
