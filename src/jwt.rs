//! `SnokeWs\Jwt`: signs tokens for the demo token helper (and any app that
//! issues its own WebSocket tokens).
//!
//! Only the algorithms in [`parse_algorithm`] are accepted; `none` and
//! anything unknown is refused before any key is touched.

// Parameters of exported methods are camelCase: PHP callers pass them as
// named arguments (`timeoutSeconds: 2.0`), and ext-php-rs keeps Rust names.
#![allow(non_snake_case)]

use ext_php_rs::flags::ClassFlags;
use ext_php_rs::prelude::*;
use ext_php_rs::types::ZendHashTable;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::Serialize;
use serde_json::value::RawValue;

use crate::boundary::guard;
use crate::error::{Error, Result};
use crate::php_json;

/// The gateway's default `JWT_ALG`.
pub const DEFAULT_ALGORITHM: &str = "RS256";

/// Signs JWTs with HS256/384/512, RS256/384/512, PS256/384/512, ES256/384 or EdDSA.
#[php_class]
#[php(name = "SnokeWs\\Jwt")]
#[php(flags = ClassFlags::Final)]
pub struct Jwt;

#[php_impl]
impl Jwt {
    /// Signs `$claims` and returns the compact JWT.
    ///
    /// `$claims` is an associative array, e.g. `['user_id' => '42', 'exp' => time() + 3600]`.
    /// `$key` is the HMAC secret for HS*, else a PEM private key (RSA: PKCS#8 or PKCS#1;
    /// EC and Ed25519: PKCS#8). `$algorithm` is one of HS256 HS384 HS512 RS256 RS384 RS512
    /// PS256 PS384 PS512 ES256 ES384 EdDSA. `$keyId`, when given, becomes the header's `kid`.
    ///
    /// @phpstan-param array<string, mixed> $claims
    /// @throws InvalidArgumentException for an unknown algorithm, a list as claims or an empty key
    /// @throws JwtException when the key does not fit the algorithm (the message never shows the key)
    #[php(defaults(algorithm = DEFAULT_ALGORITHM))]
    pub fn sign(
        claims: &ZendHashTable,
        key: String,
        algorithm: String,
        keyId: Option<String>,
    ) -> PhpResult<String> {
        guard(|| {
            let algorithm = parse_algorithm(&algorithm)?;
            let claims = if claims.is_empty() {
                // `[]` would encode as a JSON list; a claim set is an object.
                RawValue::from_string("{}".to_owned())
                    .map_err(|e| Error::Internal(format!("empty claim set: {e}")))?
            } else if claims.has_sequential_keys() {
                return Err(Error::invalid_argument(
                    "claims",
                    "must be an associative array (claim name => value), got a list",
                ));
            } else {
                php_json::encode_array("claims", claims)?
            };
            sign(&claims, key.as_bytes(), algorithm, keyId)
        })
    }
}

/// Registers `SnokeWs\Jwt`.
pub fn build_module(module: ModuleBuilder) -> ModuleBuilder {
    module.class::<Jwt>()
}

/// The whitelist of signing algorithms, by their JOSE names (case-sensitive).
pub fn parse_algorithm(name: &str) -> Result<Algorithm> {
    Ok(match name {
        "HS256" => Algorithm::HS256,
        "HS384" => Algorithm::HS384,
        "HS512" => Algorithm::HS512,
        "RS256" => Algorithm::RS256,
        "RS384" => Algorithm::RS384,
        "RS512" => Algorithm::RS512,
        "PS256" => Algorithm::PS256,
        "PS384" => Algorithm::PS384,
        "PS512" => Algorithm::PS512,
        "ES256" => Algorithm::ES256,
        "ES384" => Algorithm::ES384,
        "EdDSA" => Algorithm::EdDSA,
        other => {
            return Err(Error::invalid_argument(
                "algorithm",
                format!(
                    "\"{other}\" is not supported; use one of HS256 HS384 HS512 RS256 RS384 \
                     RS512 PS256 PS384 PS512 ES256 ES384 EdDSA"
                ),
            ))
        }
    })
}

/// Signs `claims` with `key` (secret or PEM, by `algorithm`).
pub fn sign(
    claims: &impl Serialize,
    key: &[u8],
    algorithm: Algorithm,
    key_id: Option<String>,
) -> Result<String> {
    if key.is_empty() {
        return Err(Error::invalid_argument("key", "must not be empty"));
    }
    let encoding_key = encoding_key(key, algorithm)?;
    let mut header = Header::new(algorithm);
    header.kid = key_id.filter(|kid| !kid.is_empty());
    jsonwebtoken::encode(&header, claims, &encoding_key).map_err(|e| {
        Error::Jwt(format!(
            "{algorithm:?} signing failed: {}",
            failure_kind(e.kind())
        ))
    })
}

/// A fixed description of what went wrong: the library's own details can
/// quote bytes of the key (a base64 error names the offending byte).
fn failure_kind(kind: &jsonwebtoken::errors::ErrorKind) -> &'static str {
    use jsonwebtoken::errors::ErrorKind;
    match kind {
        ErrorKind::InvalidKeyFormat => "not a PEM key of the expected type",
        ErrorKind::InvalidRsaKey(_) | ErrorKind::RsaFailedSigning => "RSA key rejected",
        ErrorKind::InvalidEcdsaKey => "EC key rejected (wrong curve or format)",
        ErrorKind::Base64(_) | ErrorKind::Utf8(_) => "PEM body is not valid base64",
        ErrorKind::Crypto(_) => "key rejected by the crypto library",
        ErrorKind::Json(_) => "claims could not be encoded",
        _ => "key not usable",
    }
}

fn encoding_key(key: &[u8], algorithm: Algorithm) -> Result<EncodingKey> {
    let (parsed, expected) = match algorithm {
        Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => {
            return Ok(EncodingKey::from_secret(key))
        }
        Algorithm::RS256
        | Algorithm::RS384
        | Algorithm::RS512
        | Algorithm::PS256
        | Algorithm::PS384
        | Algorithm::PS512 => (EncodingKey::from_rsa_pem(key), "an RSA private key in PEM"),
        Algorithm::ES256 | Algorithm::ES384 => (
            EncodingKey::from_ec_pem(key),
            "an EC private key in PKCS#8 PEM (\"BEGIN PRIVATE KEY\")",
        ),
        Algorithm::EdDSA => (
            EncodingKey::from_ed_pem(key),
            "an Ed25519 private key in PKCS#8 PEM",
        ),
    };
    parsed.map_err(|e| {
        Error::Jwt(format!(
            "key is not {expected} usable with {algorithm:?} ({})",
            failure_kind(e.kind())
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonwebtoken::{decode, DecodingKey, Validation};
    use serde_json::{Map, Value};

    fn claims() -> Map<String, Value> {
        serde_json::from_str(r#"{"user_id":"42","exp":4102444800}"#).unwrap()
    }

    #[test]
    fn hs256_token_verifies_with_the_same_secret() {
        let token = sign(&claims(), b"s3cret", Algorithm::HS256, Some("k1".into())).unwrap();
        let data = decode::<Map<String, Value>>(
            &token,
            &DecodingKey::from_secret(b"s3cret"),
            &Validation::new(Algorithm::HS256),
        )
        .unwrap();
        assert_eq!(data.claims["user_id"], "42");
        assert_eq!(data.header.kid.as_deref(), Some("k1"));
    }

    /// Throwaway test key (generated for this test, protects nothing).
    const ED25519_PRIVATE: &str = "-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIDBYXGvliP8RBl/R+5psm/fFv//npz8Ah3w5mujlH3nE
-----END PRIVATE KEY-----
";
    const ED25519_PUBLIC: &str = "-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAG3gzyafGkudHBKmccvWj3bKzzDdlhUiCqc5H+DLL9Kc=
-----END PUBLIC KEY-----
";

    #[test]
    fn eddsa_token_verifies_with_the_public_key() {
        let token = sign(
            &claims(),
            ED25519_PRIVATE.as_bytes(),
            Algorithm::EdDSA,
            None,
        )
        .unwrap();
        let key = DecodingKey::from_ed_pem(ED25519_PUBLIC.as_bytes()).unwrap();
        let data =
            decode::<Map<String, Value>>(&token, &key, &Validation::new(Algorithm::EdDSA)).unwrap();
        assert_eq!(data.claims["user_id"], "42");
    }

    #[test]
    fn unknown_and_none_algorithms_are_refused() {
        for name in ["none", "hs256", "HS1", ""] {
            let err = parse_algorithm(name).unwrap_err();
            assert!(err.to_string().starts_with("algorithm: "), "{err}");
        }
    }

    #[test]
    fn bad_pem_is_a_jwt_error_without_key_material() {
        let key = b"-----BEGIN PRIVATE KEY-----\nTOPSECRETMATERIAL\n-----END PRIVATE KEY-----\n";
        let err = sign(&claims(), key, Algorithm::RS256, None).unwrap_err();
        assert!(matches!(err, Error::Jwt(_)), "{err:?}");
        assert!(!err.to_string().contains("TOPSECRET"), "{err}");
    }

    #[test]
    fn empty_key_is_an_invalid_argument() {
        let err = sign(&claims(), b"", Algorithm::HS256, None).unwrap_err();
        assert!(matches!(err, Error::InvalidArgument { .. }));
    }
}
