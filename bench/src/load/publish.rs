//! `POST /internal/publish` from the bench, with the API key.

use bytes::Bytes;
use hyper::Method;
use serde::Serialize;

use super::http::HttpConn;
use super::receivers::Stamp;
use crate::error::{Error, Result};

#[derive(Serialize)]
struct Body<'a> {
    subjects: &'a [String],
    payload: Stamp,
}

/// The JSON body of a publish of `stamp` to `subjects`.
pub fn body(subjects: &[String], stamp: Stamp) -> Result<Bytes> {
    Ok(Bytes::from(serde_json::to_vec(&Body {
        subjects,
        payload: stamp,
    })?))
}

/// Publishes `body` and returns the gateway's `sent` count.
pub async fn publish(conn: &mut HttpConn, api_key: &str, body: Bytes) -> Result<u64> {
    let (status, answer) = conn
        .request(
            Method::POST,
            "/internal/publish",
            &[("content-type", "application/json"), ("x-api-key", api_key)],
            body,
        )
        .await?;
    if !status.is_success() {
        return Err(Error::Protocol(format!(
            "publish answered {status}: {}",
            String::from_utf8_lossy(&answer)
        )));
    }
    let parsed: serde_json::Value = serde_json::from_slice(&answer)?;
    parsed
        .get("sent")
        .and_then(serde_json::Value::as_u64)
        .ok_or_else(|| Error::Protocol(format!("publish answer without \"sent\": {parsed}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publish_body_carries_subjects_and_stamp() {
        let b = body(&["user:1".into()], Stamp { seq: 3, t: 9 }).unwrap();
        assert_eq!(
            &b[..],
            br#"{"subjects":["user:1"],"payload":{"seq":3,"t":9}}"#
        );
    }
}
