//! `GATEWAY_API_KEY` enforcement for every `/internal/*` route.

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::error::ApiError;
use super::MAX_BODY_BYTES;
use crate::state::AppState;

/// The configured key, kept as a digest so comparisons take the same time
/// whatever the candidate's length or content.
pub struct ApiKey {
    digest: [u8; 32],
}

impl ApiKey {
    /// Wraps the configured key.
    pub fn new(key: &str) -> Self {
        Self {
            digest: Sha256::digest(key.as_bytes()).into(),
        }
    }

    /// Constant-time check of `candidate`.
    pub fn matches(&self, candidate: &str) -> bool {
        let digest: [u8; 32] = Sha256::digest(candidate.as_bytes()).into();
        digest.ct_eq(&self.digest).into()
    }
}

/// Lets the request through when the key is in the `X-Api-Key` header (any
/// case), the `api_key` query parameter or the JSON body's `api_key` field.
pub async fn require_api_key(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let Some(key) = state.api_key.as_deref() else {
        return Ok(next.run(request).await);
    };
    let in_header = request
        .headers()
        .get("x-api-key")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| key.matches(v.trim()));
    let in_query = request
        .uri()
        .query()
        .and_then(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).ok())
        .is_some_and(|pairs| pairs.iter().any(|(k, v)| k == "api_key" && key.matches(v)));
    if in_header || in_query {
        return Ok(next.run(request).await);
    }
    let (parts, body) = request.into_parts();
    let bytes = to_bytes(body, MAX_BODY_BYTES)
        .await
        .map_err(|_| ApiError::PayloadTooLarge)?;
    let in_body = serde_json::from_slice::<serde_json::Value>(&bytes)
        .ok()
        .and_then(|v| v.get("api_key")?.as_str().map(|k| key.matches(k)))
        .unwrap_or(false);
    if !in_body {
        return Err(ApiError::Unauthorized);
    }
    Ok(next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_only_the_exact_key() {
        let key = ApiKey::new("dev-key");
        assert!(key.matches("dev-key"));
        assert!(!key.matches("dev-key "));
        assert!(!key.matches(""));
        assert!(!key.matches("DEV-KEY"));
    }
}
