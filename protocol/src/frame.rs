//! Frames the gateway sends to WebSocket clients, and the close codes it uses.
//!
//! The fixed frames are constants so the hot path sends shared bytes instead
//! of serialising the same object again.

/// Answer to `{"type":"ping"}`.
pub const PONG: &str = r#"{"type":"pong"}"#;
/// Answer to `{"type":"heartbeat"}`.
pub const HEARTBEAT_ACK: &str = r#"{"type":"heartbeat_ack"}"#;
/// Sent instead of forwarding a frame that exceeded the token bucket.
pub const RATE_LIMITED: &str = r#"{"type":"rate_limited"}"#;

/// WebSocket close codes with the meaning snoke-ws gives them.
pub mod close_code {
    /// Server going away (shutdown).
    pub const GOING_AWAY: u16 = 1001;
    /// Binary frames are not accepted.
    pub const UNSUPPORTED_DATA: u16 = 1003;
    /// A frame was larger than the configured limit.
    pub const MESSAGE_TOO_BIG: u16 = 1009;
    /// The client could not keep up with pushes (backpressure `close`).
    pub const TRY_AGAIN_LATER: u16 = 1013;
    /// Authentication failed: missing, malformed, expired or wrongly signed token.
    pub const UNAUTHORIZED: u16 = 4401;
}

/// Wraps a publish payload as the frame clients receive:
/// `{"type":"event","payload":<payload>}`.
///
/// Takes the payload already serialised so a broadcast builds it once.
pub fn event_frame(payload_json: &str) -> String {
    let mut out = String::with_capacity(payload_json.len() + 28);
    out.push_str(r#"{"type":"event","payload":"#);
    out.push_str(payload_json);
    out.push('}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_frame_wraps_payload_verbatim() {
        let frame = event_frame(r#"{"a":[1,2]}"#);
        assert_eq!(frame, r#"{"type":"event","payload":{"a":[1,2]}}"#);
        let v: serde_json::Value = serde_json::from_str(&frame).unwrap();
        assert_eq!(v["payload"]["a"][1], 2);
    }
}
