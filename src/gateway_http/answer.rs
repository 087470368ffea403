//! Reading the gateway's answer: its error text for non-2xx, its JSON body
//! otherwise.

/// Longest error text carried into an exception message.
const MAX_DETAIL: usize = 300;

/// The gateway's own explanation of a failed call, from a JSON `detail`,
/// `error` or `message` field, else the body text, else the status reason.
pub fn error_text(body: &[u8], reason: Option<&str>) -> String {
    if let Ok(serde_json::Value::Object(fields)) = serde_json::from_slice(body) {
        for key in ["detail", "error", "message"] {
            if let Some(serde_json::Value::String(text)) = fields.get(key) {
                return truncate(text);
            }
        }
    }
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    if text.is_empty() {
        reason.unwrap_or("no error text").to_owned()
    } else {
        truncate(text)
    }
}

fn truncate(text: &str) -> String {
    match text.char_indices().nth(MAX_DETAIL) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefers_json_detail_or_error_field() {
        assert_eq!(
            error_text(br#"{"detail":"unauthorized"}"#, None),
            "unauthorized"
        );
        assert_eq!(
            error_text(br#"{"error":"bad subjects"}"#, None),
            "bad subjects"
        );
    }

    #[test]
    fn falls_back_to_body_then_reason() {
        assert_eq!(error_text(b"  nope \n", Some("Bad Request")), "nope");
        assert_eq!(error_text(b"", Some("Unauthorized")), "Unauthorized");
    }

    #[test]
    fn long_bodies_are_cut() {
        let body = "x".repeat(1000);
        assert_eq!(
            error_text(body.as_bytes(), None).chars().count(),
            MAX_DETAIL + 1
        );
    }
}
