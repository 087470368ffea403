//! Presence over HTTP: `GET /internal/connections` and
//! `GET /internal/users/{user_id}/connections`.

use axum::extract::{Path, Query, State};
use axum::Json;
use snoke_ws_protocol::ConnectionList;

use crate::presence::PresenceFilter;
use crate::state::AppState;

/// Connections, optionally filtered by `subject` and/or `user_id`.
pub async fn list(
    State(state): State<AppState>,
    Query(filter): Query<PresenceFilter>,
) -> Json<ConnectionList> {
    Json(ConnectionList {
        connections: state.sessions.hub.connections(&filter),
    })
}

/// One user's connections.
pub async fn for_user(
    State(state): State<AppState>,
    Path(user_id): Path<String>,
) -> Json<ConnectionList> {
    Json(ConnectionList {
        connections: state
            .sessions
            .hub
            .connections(&PresenceFilter::user(user_id)),
    })
}
