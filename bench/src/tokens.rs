//! JWTs for the load: HS256 with a secret made per run, RS256 with the dev
//! key pair in `var/keys`.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::Serialize;

use crate::error::{Error, Result};

#[derive(Serialize)]
struct Claims<'a> {
    user_id: &'a str,
    iat: u64,
    exp: u64,
}

/// Mints tokens the gateway under test accepts.
pub struct Minter {
    header: Header,
    key: EncodingKey,
    /// Environment that makes the gateway verify these tokens.
    pub gateway_env: Vec<(String, String)>,
}

impl Minter {
    /// HS256 with `secret`.
    pub fn hs256(secret: &str) -> Self {
        Self {
            header: Header::new(Algorithm::HS256),
            key: EncodingKey::from_secret(secret.as_bytes()),
            gateway_env: vec![
                ("JWT_ALG".into(), "HS256".into()),
                ("JWT_PUBLIC_KEY".into(), secret.into()),
            ],
        }
    }

    /// RS256 with the PEM private key at `private` (the gateway reads `public`).
    pub fn rs256(private: &Path, public: &Path) -> Result<Self> {
        let pem = std::fs::read(private).map_err(|source| Error::File {
            path: private.to_owned(),
            source,
        })?;
        let public = absolute(public)?;
        if !public.is_file() {
            return Err(Error::Usage(format!(
                "RS256 public key {} does not exist",
                public.display()
            )));
        }
        Ok(Self {
            header: Header::new(Algorithm::RS256),
            key: EncodingKey::from_rsa_pem(&pem)?,
            gateway_env: vec![
                ("JWT_ALG".into(), "RS256".into()),
                (
                    "JWT_PUBLIC_KEY_FILE".into(),
                    public.to_string_lossy().into_owned(),
                ),
            ],
        })
    }

    /// A token for `user_id`, valid for two hours.
    pub fn mint(&self, user_id: &str) -> Result<String> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or_default();
        let claims = Claims {
            user_id,
            iat: now,
            exp: now + 7200,
        };
        Ok(jsonwebtoken::encode(&self.header, &claims, &self.key)?)
    }

    /// Tokens for users `<prefix>0` … `<prefix>{n-1}`.
    pub fn mint_many(&self, prefix: &str, n: usize) -> Result<Vec<String>> {
        (0..n).map(|i| self.mint(&format!("{prefix}{i}"))).collect()
    }
}

fn absolute(path: &Path) -> Result<PathBuf> {
    std::path::absolute(path).map_err(|e| Error::io(format!("resolving {}", path.display()), e))
}
