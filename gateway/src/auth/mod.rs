//! Who is connecting: token extraction and JWT verification.
//!
//! The algorithm is pinned by configuration (`JWT_ALG`), so a token that names
//! another one — `none`, or HS256 signed with an RSA public key — is refused
//! before any key is consulted.

mod jwks;
pub mod key;
mod token;

use std::collections::HashSet;

use jsonwebtoken::{decode, decode_header, DecodingKey, Validation};
use serde_json::{Map, Value};

pub use jwks::JwksCache;
pub use token::extract_token;

use crate::config::{JwtKeySource, JwtSettings};
use crate::Error;

/// The authenticated user behind a connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The user id claim, as a string.
    pub user_id: String,
}

enum Keys {
    Static(DecodingKey),
    Jwks(JwksCache),
}

/// Verifies client tokens against the configured key, issuer and audience.
pub struct Authenticator {
    validation: Validation,
    keys: Keys,
    user_id_claim: String,
}

impl Authenticator {
    /// Builds the verifier; JWKS keys are fetched lazily with `http`.
    pub fn new(settings: &JwtSettings, http: reqwest::Client) -> Self {
        let mut validation = Validation::new(settings.algorithm);
        validation.algorithms = vec![settings.algorithm];
        validation.leeway = settings.leeway;
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.required_spec_claims = HashSet::from(["exp".to_owned()]);
        if let Some(issuer) = &settings.issuer {
            validation.set_issuer(&[issuer]);
            validation.required_spec_claims.insert("iss".into());
        }
        match &settings.audience {
            Some(audience) => {
                validation.set_audience(&[audience]);
                validation.required_spec_claims.insert("aud".into());
            }
            None => validation.validate_aud = false,
        }
        let keys = match &settings.key {
            JwtKeySource::Static(key) => Keys::Static(key.clone()),
            JwtKeySource::Jwks {
                url,
                cache_ttl,
                min_refresh,
            } => Keys::Jwks(JwksCache::new(url.clone(), http, *cache_ttl, *min_refresh)),
        };
        Self {
            validation,
            keys,
            user_id_claim: settings.user_id_claim.clone(),
        }
    }

    /// Verifies `token` and returns who it belongs to.
    pub async fn authenticate(&self, token: &str) -> Result<Identity, Error> {
        let header =
            decode_header(token).map_err(|e| Error::Unauthorized(format!("bad header: {e}")))?;
        if !self.validation.algorithms.contains(&header.alg) {
            return Err(Error::Unauthorized(format!(
                "algorithm {:?} is not the pinned one",
                header.alg
            )));
        }
        let claims = match &self.keys {
            Keys::Static(key) => self.verify(token, key)?,
            Keys::Jwks(cache) => {
                let key = cache.key_for(header.kid.as_deref()).await?;
                self.verify(token, &key)?
            }
        };
        let user_id = user_id(&claims, &self.user_id_claim).ok_or_else(|| {
            Error::Unauthorized(format!("claim {:?} missing or empty", self.user_id_claim))
        })?;
        Ok(Identity { user_id })
    }

    fn verify(&self, token: &str, key: &DecodingKey) -> Result<Map<String, Value>, Error> {
        decode::<Map<String, Value>>(token, key, &self.validation)
            .map(|data| data.claims)
            .map_err(|e| Error::Unauthorized(e.to_string()))
    }
}

/// The user id claim as a string: strings as they are, numbers in decimal.
fn user_id(claims: &Map<String, Value>, claim: &str) -> Option<String> {
    match claims.get(claim)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn claims(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn numeric_user_id_becomes_a_string() {
        assert_eq!(
            user_id(&claims(json!({"user_id": 42})), "user_id").as_deref(),
            Some("42")
        );
    }

    #[test]
    fn empty_or_structured_user_id_is_refused() {
        assert_eq!(user_id(&claims(json!({"user_id": ""})), "user_id"), None);
        assert_eq!(user_id(&claims(json!({"user_id": [1]})), "user_id"), None);
        assert_eq!(user_id(&claims(json!({"sub": "1"})), "user_id"), None);
    }
}
