//! `GET /ws`: authenticate, then hand the upgraded socket to a session.

use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use futures_util::StreamExt;
use snoke_ws_protocol::frame::close_code;

use super::session;
use crate::auth::extract_token;
use crate::state::AppState;
use crate::Error;

/// Bytes read from a client socket at a time. Tungstenite allocates (and
/// zero-fills) this buffer for every connection up front, so its 128 KiB
/// default made an idle connection cost ~136 KiB; a larger frame still grows
/// the buffer to its size while it is read.
const READ_BUFFER_BYTES: usize = 2048;

/// Verifies the token before upgrading; a refused client still gets the
/// upgrade and is then closed with 4401, because browsers cannot see the HTTP
/// status of a refused upgrade.
pub async fn upgrade(
    State(state): State<AppState>,
    ws: WebSocketUpgrade,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let verdict = match extract_token(&headers, query.as_deref()) {
        Some(token) => state.auth.authenticate(&token).await,
        None => Err(Error::Unauthorized("no token".into())),
    };
    let ctx = state.sessions.clone();
    let limit = ctx.ws.max_message_bytes;
    ws.max_message_size(limit)
        .max_frame_size(limit)
        .read_buffer_size(READ_BUFFER_BYTES)
        .on_failed_upgrade(|err| tracing::debug!(error = %err, "websocket upgrade failed"))
        .on_upgrade(move |socket| async move {
            let (sink, stream) = socket.split();
            match verdict {
                Ok(identity) => session::serve(sink, stream, identity, ctx).await,
                Err(err) => {
                    ctx.metrics.ws_auth_failures.inc();
                    tracing::info!(reason = %err, "connection refused with 4401");
                    session::refuse(sink, stream, close_code::UNAUTHORIZED, "unauthorized").await;
                }
            }
        })
}
