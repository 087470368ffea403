//! Who may connect: token sources, verification and the 4401 close.
// Helpers outside #[test] fns unwrap too: a failed setup is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::*;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{json, Value};

async fn assert_accepted(ws: &mut Ws) {
    assert_next_is_pong(ws).await;
}

async fn assert_refused_bearer(gw: &Gateway, token: &str) {
    let mut ws = gw.connect_bearer(token).await;
    assert_eq!(
        close_code(&mut ws).await,
        4401,
        "token {token:?} was not refused"
    );
}

fn b64(v: &Value) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap())
}

#[tokio::test]
async fn accepts_bearer_header_with_any_scheme_case() {
    let gw = Gateway::start(&[]).await;
    let token = rs256(&claims("1"));
    assert_accepted(&mut gw.connect_bearer(&token).await).await;
    assert_accepted(&mut gw.connect_with_header(&format!("bEARer {token}")).await).await;
}

#[tokio::test]
async fn accepts_token_and_access_token_query_parameters() {
    let gw = Gateway::start(&[]).await;
    let token = rs256(&claims("1"));
    assert_accepted(&mut gw.connect_query(&format!("?token={token}")).await).await;
    assert_accepted(&mut gw.connect_query(&format!("?access_token={token}")).await).await;
}

#[tokio::test]
async fn header_token_takes_precedence_over_query_token() {
    let gw = Gateway::start(&[]).await;
    let mut request =
        tokio_tungstenite::tungstenite::client::IntoClientRequest::into_client_request(
            gw.ws_url("?token=garbage"),
        )
        .unwrap();
    request.headers_mut().insert(
        "authorization",
        format!("Bearer {}", rs256(&claims("1"))).parse().unwrap(),
    );
    let (mut ws, _) = tokio_tungstenite::connect_async(request).await.unwrap();
    assert_accepted(&mut ws).await;
}

#[tokio::test]
async fn query_token_takes_precedence_over_access_token() {
    let gw = Gateway::start(&[]).await;
    let good = rs256(&claims("1"));
    let mut ws = gw
        .connect_query(&format!("?access_token=garbage&token={good}"))
        .await;
    assert_accepted(&mut ws).await;
    let mut ws = gw
        .connect_query(&format!("?access_token={good}&token=garbage"))
        .await;
    assert_eq!(close_code(&mut ws).await, 4401);
}

#[tokio::test]
async fn missing_token_is_closed_with_4401_after_upgrade() {
    let gw = Gateway::start(&[]).await;
    let mut ws = gw.connect_query("").await;
    assert_eq!(close_code(&mut ws).await, 4401);
}

#[tokio::test]
async fn rejects_malformed_expired_not_yet_valid_and_exp_less_tokens() {
    let gw = Gateway::start(&[]).await;
    assert_refused_bearer(&gw, "not-a-jwt").await;
    assert_refused_bearer(&gw, &rs256(&json!({"user_id": "1", "exp": now() - 120}))).await;
    assert_refused_bearer(
        &gw,
        &rs256(&json!({"user_id": "1", "exp": now() + 300, "nbf": now() + 120})),
    )
    .await;
    assert_refused_bearer(&gw, &rs256(&json!({"user_id": "1"}))).await;
}

#[tokio::test]
async fn rejects_token_signed_by_another_key() {
    let gw = Gateway::start(&[]).await;
    assert_refused_bearer(&gw, &sign_rsa("rsa_b", None, &claims("1"))).await;
}

#[tokio::test]
async fn rejects_alg_none_token() {
    let gw = Gateway::start(&[]).await;
    let token = format!(
        "{}.{}.",
        b64(&json!({"alg": "none", "typ": "JWT"})),
        b64(&claims("1"))
    );
    assert_refused_bearer(&gw, &token).await;
}

#[tokio::test]
async fn rejects_hs256_token_signed_with_the_rsa_public_key() {
    let gw = Gateway::start(&[]).await;
    let public_pem = read_fixture("rsa_a_public.pem");
    assert_refused_bearer(&gw, &hs256(public_pem.as_bytes(), &claims("1"))).await;
}

#[tokio::test]
async fn rejects_wrong_issuer_and_audience() {
    let gw = Gateway::start(&[("JWT_ISSUER", "app"), ("JWT_AUDIENCE", "ws")]).await;
    let exp = now() + 300;
    let good = json!({"user_id": "1", "exp": exp, "iss": "app", "aud": "ws"});
    assert_accepted(&mut gw.connect_bearer(&rs256(&good)).await).await;
    for bad in [
        json!({"user_id": "1", "exp": exp, "iss": "other", "aud": "ws"}),
        json!({"user_id": "1", "exp": exp, "iss": "app", "aud": "other"}),
        json!({"user_id": "1", "exp": exp, "aud": "ws"}),
        json!({"user_id": "1", "exp": exp, "iss": "app"}),
    ] {
        assert_refused_bearer(&gw, &rs256(&bad)).await;
    }
}

#[tokio::test]
async fn rejects_token_without_user_claim() {
    let gw = Gateway::start(&[]).await;
    assert_refused_bearer(&gw, &rs256(&json!({"sub": "1", "exp": now() + 300}))).await;
    assert_refused_bearer(&gw, &rs256(&json!({"user_id": "", "exp": now() + 300}))).await;
}

#[tokio::test]
async fn numeric_user_id_from_custom_claim_is_delivered_as_string() {
    let gw = Gateway::start(&[("JWT_USER_ID_CLAIM", "uid")]).await;
    let mut ws = gw
        .connect_bearer(&rs256(&json!({"uid": 7, "exp": now() + 300})))
        .await;
    assert_accepted(&mut ws).await;
    let list: Value = http()
        .get(gw.url("/internal/users/7/connections"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let conn = &list["connections"][0];
    assert_eq!(conn["user_id"], "7");
    assert_eq!(conn["subjects"], json!(["user:7"]));
}

#[tokio::test]
async fn leeway_accepts_recently_expired_token() {
    let gw = Gateway::start(&[("JWT_LEEWAY", "60")]).await;
    let token = rs256(&json!({"user_id": "1", "exp": now() - 5}));
    assert_accepted(&mut gw.connect_bearer(&token).await).await;
}

#[tokio::test]
async fn hs256_with_inline_secret_and_es256_with_key_file() {
    let gw = Gateway::start(&[
        ("JWT_ALG", "HS256"),
        ("JWT_PUBLIC_KEY_FILE", ""),
        ("JWT_PUBLIC_KEY", "shared-secret"),
    ])
    .await;
    assert_accepted(
        &mut gw
            .connect_bearer(&hs256(b"shared-secret", &claims("1")))
            .await,
    )
    .await;
    assert_refused_bearer(&gw, &hs256(b"other-secret", &claims("1"))).await;
    assert_refused_bearer(&gw, &rs256(&claims("1"))).await;

    let ec_file = fixture("ec_public.pem");
    let gw = Gateway::start(&[("JWT_ALG", "ES256"), ("JWT_PUBLIC_KEY_FILE", &ec_file)]).await;
    let key = EncodingKey::from_ec_pem(read_fixture("ec_private.pem").as_bytes()).unwrap();
    let token = jsonwebtoken::encode(&Header::new(Algorithm::ES256), &claims("1"), &key).unwrap();
    assert_accepted(&mut gw.connect_bearer(&token).await).await;
}

#[tokio::test]
async fn jwks_keys_are_cached_and_refetched_for_an_unknown_kid() {
    let jwks = JwksServer::start(&["rsa_a"]).await;
    let gw = Gateway::start(&[
        ("JWT_PUBLIC_KEY_FILE", ""),
        ("JWT_JWKS_URL", &jwks.url),
        ("JWT_JWKS_MIN_REFRESH_SECONDS", "0"),
    ])
    .await;
    let token_a = sign_rsa("rsa_a", Some("rsa_a"), &claims("1"));
    assert_accepted(&mut gw.connect_bearer(&token_a).await).await;
    assert_accepted(&mut gw.connect_bearer(&token_a).await).await;
    assert_eq!(jwks.hits(), 1, "a known kid must not refetch");

    jwks.serve_keys(&["rsa_a", "rsa_b"]);
    let token_b = sign_rsa("rsa_b", Some("rsa_b"), &claims("2"));
    assert_accepted(&mut gw.connect_bearer(&token_b).await).await;
    assert_eq!(jwks.hits(), 2, "an unknown kid refetches once");
}

#[tokio::test]
async fn unknown_kid_refetches_are_rate_limited() {
    let jwks = JwksServer::start(&["rsa_a"]).await;
    let gw = Gateway::start(&[
        ("JWT_PUBLIC_KEY_FILE", ""),
        ("JWT_JWKS_URL", &jwks.url),
        ("JWT_JWKS_MIN_REFRESH_SECONDS", "60"),
    ])
    .await;
    for _ in 0..3 {
        assert_refused_bearer(&gw, &sign_rsa("rsa_b", Some("made-up"), &claims("1"))).await;
    }
    assert_eq!(jwks.hits(), 1);
    tokio::time::sleep(Duration::from_millis(10)).await;
    let token_a = sign_rsa("rsa_a", Some("rsa_a"), &claims("1"));
    assert_accepted(&mut gw.connect_bearer(&token_a).await).await;
    assert_eq!(jwks.hits(), 1);
}

#[tokio::test]
async fn eddsa_tokens_verify_against_an_ed25519_key_file() {
    let key_file = fixture("ed25519_public.pem");
    let gw = Gateway::start(&[("JWT_ALG", "EdDSA"), ("JWT_PUBLIC_KEY_FILE", &key_file)]).await;
    let key = EncodingKey::from_ed_pem(read_fixture("ed25519_private.pem").as_bytes()).unwrap();
    let token = jsonwebtoken::encode(&Header::new(Algorithm::EdDSA), &claims("1"), &key).unwrap();
    assert_accepted(&mut gw.connect_bearer(&token).await).await;
    assert_refused_bearer(&gw, &rs256(&claims("1"))).await;
}

#[tokio::test]
async fn broken_jwks_refuses_with_4401_and_recovers_when_fixed() {
    let jwks = JwksServer::start(&["rsa_a"]).await;
    jwks.serve_garbage();
    let gw = Gateway::start(&[
        ("JWT_PUBLIC_KEY_FILE", ""),
        ("JWT_JWKS_URL", &jwks.url),
        ("JWT_JWKS_MIN_REFRESH_SECONDS", "0"),
    ])
    .await;
    let token = sign_rsa("rsa_a", Some("rsa_a"), &claims("1"));
    assert_refused_bearer(&gw, &token).await;
    jwks.serve_keys(&["rsa_a"]);
    assert_accepted(&mut gw.connect_bearer(&token).await).await;
}
