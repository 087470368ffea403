//! A cached JWKS document, refetched when stale or when a token names a `kid`
//! the cache does not know — but never more than once per `min_refresh`, so a
//! flood of connections with made-up `kid`s cannot turn into a flood of fetches.

use std::time::{Duration, Instant};

use jsonwebtoken::jwk::Jwk;
use jsonwebtoken::DecodingKey;
use tokio::sync::{Mutex, RwLock};

use crate::Error;

/// Longest a single JWKS fetch may take.
const FETCH_TIMEOUT: Duration = Duration::from_secs(5);

struct Fetched {
    keys: Vec<(Option<String>, DecodingKey)>,
    at: Instant,
}

/// Verification keys from one JWKS URL.
pub struct JwksCache {
    url: String,
    http: reqwest::Client,
    ttl: Duration,
    min_refresh: Duration,
    cached: RwLock<Option<Fetched>>,
    /// Held while fetching so concurrent misses share one fetch; remembers the last attempt.
    last_attempt: Mutex<Option<Instant>>,
}

impl JwksCache {
    /// A cache that has not fetched anything yet (the first token triggers the fetch).
    pub fn new(url: String, http: reqwest::Client, ttl: Duration, min_refresh: Duration) -> Self {
        Self {
            url,
            http,
            ttl,
            min_refresh,
            cached: RwLock::new(None),
            last_attempt: Mutex::new(None),
        }
    }

    /// The key for `kid` (or the only key, when the token names none).
    pub async fn key_for(&self, kid: Option<&str>) -> Result<DecodingKey, Error> {
        if let Some(key) = self.lookup(kid, true).await {
            return Ok(key);
        }
        let mut last_attempt = self.last_attempt.lock().await;
        if let Some(key) = self.lookup(kid, true).await {
            return Ok(key);
        }
        let may_fetch = last_attempt.is_none_or(|at| at.elapsed() >= self.min_refresh);
        if may_fetch {
            *last_attempt = Some(Instant::now());
            match self.fetch().await {
                Ok(keys) => {
                    *self.cached.write().await = Some(Fetched {
                        keys,
                        at: Instant::now(),
                    });
                }
                Err(err) => {
                    tracing::warn!(error = %err, "JWKS refresh failed; keeping cached keys")
                }
            }
        }
        drop(last_attempt);
        // A stale key beats no key while the JWKS endpoint is unreachable.
        self.lookup(kid, false)
            .await
            .ok_or_else(|| Error::Unauthorized(format!("no JWKS key for kid {kid:?}")))
    }

    async fn lookup(&self, kid: Option<&str>, fresh_only: bool) -> Option<DecodingKey> {
        let guard = self.cached.read().await;
        let fetched = guard.as_ref()?;
        if fresh_only && fetched.at.elapsed() >= self.ttl {
            return None;
        }
        match kid {
            Some(kid) => fetched
                .keys
                .iter()
                .find(|(k, _)| k.as_deref() == Some(kid))
                .map(|(_, key)| key.clone()),
            None if fetched.keys.len() == 1 => fetched.keys.first().map(|(_, key)| key.clone()),
            None => None,
        }
    }

    async fn fetch(&self) -> Result<Vec<(Option<String>, DecodingKey)>, Error> {
        let fail = |reason: String| Error::Jwks {
            url: self.url.clone(),
            reason,
        };
        let doc: serde_json::Value = self
            .http
            .get(&self.url)
            .timeout(FETCH_TIMEOUT)
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(|e| fail(e.to_string()))?
            .json()
            .await
            .map_err(|e| fail(format!("not JSON: {e}")))?;
        let entries = doc
            .get("keys")
            .and_then(serde_json::Value::as_array)
            .ok_or_else(|| fail("no \"keys\" array".into()))?;
        // Keys of types this build cannot use are skipped, not fatal: a JWKS
        // often lists keys for other consumers too.
        let keys = entries
            .iter()
            .filter_map(|entry| serde_json::from_value::<Jwk>(entry.clone()).ok())
            .filter_map(|jwk| {
                let key = DecodingKey::from_jwk(&jwk).ok()?;
                Some((jwk.common.key_id.clone(), key))
            })
            .collect();
        Ok(keys)
    }
}
