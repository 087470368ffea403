use std::collections::HashMap;

use jsonwebtoken::Algorithm;

use super::jwt::parse_algorithm;
use super::*;

fn parse(vars: &[(&str, &str)]) -> Result<Config, ConfigErrors> {
    let map: HashMap<&str, &str> = vars.iter().copied().collect();
    Config::from_source(&map)
}

#[test]
fn defaults_apply_with_only_a_key() {
    let config = parse(&[("JWT_ALG", "HS256"), ("JWT_PUBLIC_KEY", "secret")]).unwrap();
    assert_eq!(config.listen.to_string(), "0.0.0.0:8000");
    assert_eq!(config.events_mode, EventsMode::Webhook);
    assert_eq!(config.backpressure.strategy, BackpressureStrategy::Close);
    assert_eq!(config.backpressure.per_conn_buffer, DEFAULT_PER_CONN_BUFFER);
    assert_eq!(config.ws.max_message_bytes, 65_536);
    assert_eq!(config.ws.rate_limit_per_sec, 10.0);
    assert_eq!(config.ws.rate_limit_burst, 20.0);
    assert_eq!(config.webhook.retry_attempts, 3);
    assert_eq!(config.webhook.retry_base, Duration::from_millis(500));
    assert_eq!(config.webhook.timeout, Duration::from_secs(5));
    assert_eq!(config.jwt.user_id_claim, "user_id");
    assert_eq!(config.log.format, LogFormat::Json);
    assert_eq!(config.brokers.redis_inbox_stream, "ws.inbox");
    assert_eq!(config.presence.prefix, "presence:");
    assert_eq!(config.ordering.partition_max_len, 64);
}

#[test]
fn reports_every_mistake_together() {
    let err = parse(&[
        ("GATEWAY_LISTEN", "nowhere"),
        ("JWT_ALG", "none"),
        ("WS_RATE_LIMIT_PER_SEC", "fast"),
        ("BACKPRESSURE_STRATEGY", "panic"),
        ("LOG_FORMAT", "xml"),
        ("ORDERING_STRATEGY", "random"),
    ])
    .err()
    .unwrap();
    let vars: Vec<&str> = err.0.iter().map(|i| i.var).collect();
    for var in [
        "GATEWAY_LISTEN",
        "JWT_ALG",
        "WS_RATE_LIMIT_PER_SEC",
        "BACKPRESSURE_STRATEGY",
        "LOG_FORMAT",
        "ORDERING_STRATEGY",
    ] {
        assert!(vars.contains(&var), "{var} missing from {err}");
    }
}

#[test]
fn missing_key_is_reported() {
    let err = parse(&[]).err().unwrap();
    assert!(err.to_string().contains("JWT_PUBLIC_KEY"));
}

#[test]
fn invalid_pem_is_reported_without_the_value() {
    let err = parse(&[("JWT_PUBLIC_KEY", "super-secret-value")])
        .err()
        .unwrap();
    assert!(err.to_string().contains("JWT_PUBLIC_KEY"));
    assert!(!err.to_string().contains("super-secret-value"));
}

#[test]
fn broker_events_without_a_broker_are_refused_clearly() {
    let err = parse(&[
        ("JWT_ALG", "HS256"),
        ("JWT_PUBLIC_KEY", "s"),
        ("WS_MODE", "core"),
    ])
    .err()
    .unwrap();
    assert!(err.to_string().contains("EVENTS_MODE"));
    assert!(err.to_string().contains("REDIS_DSN"));
    let core = parse(&[
        ("JWT_ALG", "HS256"),
        ("JWT_PUBLIC_KEY", "s"),
        ("WS_MODE", "core"),
        ("REDIS_DSN", "redis://127.0.0.1:6379"),
    ]);
    assert_eq!(core.unwrap().events_mode, EventsMode::Broker);
    let ok = parse(&[
        ("JWT_ALG", "HS256"),
        ("JWT_PUBLIC_KEY", "s"),
        ("EVENTS_MODE", "NONE"),
    ]);
    assert_eq!(ok.unwrap().events_mode, EventsMode::None);
}

#[test]
fn rabbitmq_alone_carries_broker_and_both_events() {
    for mode in ["broker", "both"] {
        let config = parse(&[
            ("JWT_ALG", "HS256"),
            ("JWT_PUBLIC_KEY", "s"),
            ("EVENTS_MODE", mode),
            ("RABBITMQ_DSN", "amqp://guest:guest@127.0.0.1:5672/%2f"),
        ])
        .unwrap();
        assert!(config.events_mode.broker(), "{mode}");
    }
    let err = parse(&[
        ("JWT_ALG", "HS256"),
        ("JWT_PUBLIC_KEY", "s"),
        ("EVENTS_MODE", "broker"),
    ])
    .err()
    .unwrap();
    assert!(err.to_string().contains("RABBITMQ_DSN"));
}

#[test]
fn jwks_url_is_a_key_source() {
    let config = parse(&[("JWT_JWKS_URL", "http://127.0.0.1:1/jwks.json")]).unwrap();
    assert!(matches!(config.jwt.key, JwtKeySource::Jwks { .. }));
}

#[test]
fn algorithm_names_are_case_insensitive() {
    for (name, alg) in [
        ("eddsa", Algorithm::EdDSA),
        ("rs512", Algorithm::RS512),
        ("Es256", Algorithm::ES256),
    ] {
        assert_eq!(parse_algorithm(name), Some(alg), "{name}");
    }
    assert_eq!(parse_algorithm("none"), None);
}

#[test]
fn inline_pem_public_key_is_accepted() {
    let pem = include_str!("../../tests/fixtures/rsa_a_public.pem");
    let config = parse(&[("JWT_PUBLIC_KEY", pem)]).unwrap();
    assert!(matches!(config.jwt.key, JwtKeySource::Static(_)));
}

#[test]
fn refuses_tls_broker_dsns_this_build_cannot_honour() {
    let err = parse(&[
        ("JWT_ALG", "HS256"),
        ("JWT_PUBLIC_KEY", "secret"),
        ("REDIS_DSN", "rediss://127.0.0.1:6380"),
        ("RABBITMQ_DSN", "amqps://guest:guest@127.0.0.1:5671/%2f"),
    ])
    .err()
    .unwrap()
    .to_string();
    assert!(
        err.contains("REDIS_DSN: rediss:// (TLS) is not supported"),
        "{err}"
    );
    assert!(
        err.contains("RABBITMQ_DSN: amqps:// (TLS) is not supported"),
        "{err}"
    );
}
