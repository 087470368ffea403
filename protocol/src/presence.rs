//! Presence as the gateway reports it over HTTP.

use serde::{Deserialize, Serialize};

/// One live WebSocket connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionInfo {
    /// UUID the gateway gave the connection.
    pub connection_id: String,
    /// The user id from the JWT, always a string.
    pub user_id: String,
    /// Subjects the connection receives pushes for, e.g. `["user:42"]`.
    pub subjects: Vec<String>,
    /// Unix seconds of the upgrade.
    pub connected_at: i64,
}

/// Body of `GET /internal/connections` and `GET /internal/users/{id}/connections`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionList {
    /// The matching connections, in no particular order.
    pub connections: Vec<ConnectionInfo>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connection_list_round_trips_with_spec_field_names() {
        let json = r#"{"connections":[{"connection_id":"c1","user_id":"42","subjects":["user:42"],"connected_at":1700000000}]}"#;
        let list: ConnectionList = serde_json::from_str(json).unwrap();
        assert_eq!(list.connections[0].user_id, "42");
        assert_eq!(serde_json::to_string(&list).unwrap(), json);
    }
}
