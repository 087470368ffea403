//! JWT verification settings: algorithm, key source, issuer/audience, claims.

use std::time::Duration;

use jsonwebtoken::{Algorithm, DecodingKey};

use super::names::*;
use super::reader::Reader;
use crate::auth::key::decoding_key;

/// Where the verification key comes from.
#[derive(Clone)]
pub enum JwtKeySource {
    /// A key given inline or read from `JWT_PUBLIC_KEY_FILE` at start-up.
    Static(DecodingKey),
    /// Keys fetched from a JWKS document and chosen by `kid`.
    Jwks {
        /// The JWKS document URL.
        url: String,
        /// How long a fetched document is trusted.
        cache_ttl: Duration,
        /// Minimum time between fetches triggered by an unknown `kid`.
        min_refresh: Duration,
    },
}

/// JWT verification settings.
#[derive(Clone)]
pub struct JwtSettings {
    /// The only algorithm accepted.
    pub algorithm: Algorithm,
    /// The verification key.
    pub key: JwtKeySource,
    /// Required `iss`.
    pub issuer: Option<String>,
    /// Required `aud`.
    pub audience: Option<String>,
    /// Allowed clock skew in seconds.
    pub leeway: u64,
    /// Claim holding the user id.
    pub user_id_claim: String,
}

pub(super) fn read_jwt(r: &mut Reader<'_>) -> Option<JwtSettings> {
    let alg_name = r.string(JWT_ALG, "RS256");
    let algorithm = parse_algorithm(&alg_name);
    if algorithm.is_none() {
        r.fail(
            JWT_ALG,
            format!("expected one of {}, got {alg_name:?}", ALGORITHMS.join("|")),
        );
    }
    let leeway = r.parse(JWT_LEEWAY, 0u64, "a whole number of seconds");
    let issuer = r.optional(JWT_ISSUER);
    let audience = r.optional(JWT_AUDIENCE);
    let user_id_claim = r.string(JWT_USER_ID_CLAIM, "user_id");
    let cache_ttl = Duration::from_secs_f64(r.seconds(JWT_JWKS_CACHE_SECONDS, 300.0));
    let min_refresh = Duration::from_secs_f64(r.seconds(JWT_JWKS_MIN_REFRESH_SECONDS, 10.0));

    let key = read_jwt_key(r, algorithm, cache_ttl, min_refresh);
    Some(JwtSettings {
        algorithm: algorithm?,
        key: key?,
        issuer,
        audience,
        leeway,
        user_id_claim,
    })
}

/// Algorithm names `JWT_ALG` accepts (case-insensitive); `none` is not one of them.
const ALGORITHMS: [&str; 12] = [
    "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256",
    "ES384", "EdDSA",
];

pub(super) fn parse_algorithm(name: &str) -> Option<Algorithm> {
    ALGORITHMS
        .iter()
        .find(|known| known.eq_ignore_ascii_case(name))
        .and_then(|known| known.parse().ok())
}

fn read_jwt_key(
    r: &mut Reader<'_>,
    algorithm: Option<Algorithm>,
    cache_ttl: Duration,
    min_refresh: Duration,
) -> Option<JwtKeySource> {
    if let Some(url) = r.optional(JWT_JWKS_URL) {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            r.fail(JWT_JWKS_URL, "expected an http:// or https:// URL");
            return None;
        }
        return Some(JwtKeySource::Jwks {
            url,
            cache_ttl,
            min_refresh,
        });
    }
    let (var, material) = if let Some(path) = r.optional(JWT_PUBLIC_KEY_FILE) {
        match std::fs::read_to_string(&path) {
            Ok(text) => (JWT_PUBLIC_KEY_FILE, text),
            Err(err) => {
                r.fail(JWT_PUBLIC_KEY_FILE, format!("cannot read {path:?}: {err}"));
                return None;
            }
        }
    } else if let Some(inline) = r.optional_raw(JWT_PUBLIC_KEY) {
        (JWT_PUBLIC_KEY, inline)
    } else {
        r.fail(
            JWT_PUBLIC_KEY,
            "no verification key: set JWT_PUBLIC_KEY, JWT_PUBLIC_KEY_FILE or JWT_JWKS_URL",
        );
        return None;
    };
    let algorithm = algorithm?;
    match decoding_key(algorithm, &material) {
        Ok(key) => Some(JwtKeySource::Static(key)),
        Err(problem) => {
            r.fail(var, problem);
            None
        }
    }
}
