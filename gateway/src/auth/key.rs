//! Turning configured key material into a verification key.

use jsonwebtoken::{Algorithm, DecodingKey};

/// Builds the key for `algorithm` from `material`: the shared secret for HS*,
/// a PEM public key (or certificate) otherwise.
///
/// PEM given through an environment variable often has its newlines written as
/// `\n`; those are restored first. Errors name the expected format, never the key.
pub fn decoding_key(algorithm: Algorithm, material: &str) -> Result<DecodingKey, String> {
    use Algorithm::*;
    if matches!(algorithm, HS256 | HS384 | HS512) {
        return Ok(DecodingKey::from_secret(material.as_bytes()));
    }
    let pem = material.trim().replace("\\n", "\n");
    let parsed = match algorithm {
        RS256 | RS384 | RS512 | PS256 | PS384 | PS512 => DecodingKey::from_rsa_pem(pem.as_bytes()),
        ES256 | ES384 => DecodingKey::from_ec_pem(pem.as_bytes()),
        EdDSA => DecodingKey::from_ed_pem(pem.as_bytes()),
        HS256 | HS384 | HS512 => Ok(DecodingKey::from_secret(material.as_bytes())),
    };
    parsed.map_err(|err| format!("not a valid PEM public key for {algorithm:?}: {err}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_garbage_as_rsa_key_without_echoing_it() {
        let err = decoding_key(Algorithm::RS256, "s3cr3t-not-a-key")
            .err()
            .unwrap();
        assert!(err.contains("RS256"));
        assert!(!err.contains("s3cr3t"));
    }

    #[test]
    fn accepts_any_secret_for_hmac() {
        assert!(decoding_key(Algorithm::HS256, "secret").is_ok());
    }

    #[test]
    fn accepts_rsa_pem_with_escaped_newlines() {
        let pem = include_str!("../../tests/fixtures/rsa_a_public.pem").replace('\n', "\\n");
        assert!(decoding_key(Algorithm::RS256, &pem).is_ok());
    }
}
