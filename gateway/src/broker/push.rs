//! Reading an outbox entry: a `POST /internal/publish` body, or the reason it
//! is not one (what the dead-letter entry records).

use snoke_ws_protocol::PublishRequest;

/// The publish body in `data` (its payload kept as the publisher's exact
/// JSON text), or why it is not one (the DLQ reason).
pub(crate) fn parse_push(data: &[u8]) -> Result<PublishRequest, String> {
    // Nearly every entry is a valid body: read it once, straight into the
    // request. The slow path below only runs to name what is wrong. (The
    // object check matters: serde would also read the struct from an array.)
    if data.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
        if let Ok(push) = serde_json::from_slice(data) {
            return Ok(push);
        }
    }
    let value: serde_json::Value =
        serde_json::from_slice(data).map_err(|e| format!("data is not valid JSON: {e}"))?;
    if !value.is_object() {
        return Err("data must be a JSON object".into());
    }
    let subjects_ok = value
        .get("subjects")
        .and_then(serde_json::Value::as_array)
        .is_some_and(|list| list.iter().all(serde_json::Value::is_string));
    if !subjects_ok {
        return Err("\"subjects\" must be a list of strings".into());
    }
    serde_json::from_slice(data).map_err(|e| format!("invalid publish body: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_publish_body_parses() {
        let push = parse_push(br#"{"subjects":["user:1"],"payload":{"a":1}}"#).unwrap();
        assert_eq!(push.subjects, ["user:1"]);
        assert_eq!(push.payload.get(), r#"{"a":1}"#);
        let no_payload = parse_push(br#"{"subjects":[]}"#).unwrap();
        assert_eq!(no_payload.payload.get(), "null");
    }

    #[test]
    fn bad_bodies_get_a_reason_naming_the_problem() {
        assert!(parse_push(b"nope").unwrap_err().contains("JSON"));
        assert!(parse_push(b"[1]").unwrap_err().contains("object"));
        assert!(parse_push(br#"{"subjects":"user:1"}"#)
            .unwrap_err()
            .contains("subjects"));
        assert!(parse_push(br#"{"subjects":[1]}"#)
            .unwrap_err()
            .contains("subjects"));
        assert!(parse_push(br#"[["user:1"],1]"#)
            .unwrap_err()
            .contains("object"));
    }
}
