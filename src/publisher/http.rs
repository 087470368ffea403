//! `SnokeWs\HttpPublisher`: `POST /internal/publish` on the gateway.

// Parameters of exported methods are camelCase: PHP callers pass them as
// named arguments (`timeoutSeconds: 2.0`), and ext-php-rs keeps Rust names.
#![allow(non_snake_case)]

use ext_php_rs::flags::ClassFlags;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendHashTable, Zval};
use serde::Serialize;
use serde_json::value::RawValue;
use snoke_ws_protocol::PublishResponse;

use crate::boundary::guard;
use crate::error::Result;
use crate::gateway_http::{GatewayHttp, DEFAULT_API_KEY_HEADER};
use crate::php_json;

/// The gateway's publish endpoint (SPEC §2 "Server-side push").
pub const DEFAULT_PUBLISH_PATH: &str = "/internal/publish";

/// Publishes to the gateway's `POST /internal/publish` over a per-process keep-alive client.
#[php_class]
#[php(name = "SnokeWs\\HttpPublisher")]
#[php(flags = ClassFlags::Final)]
pub struct HttpPublisher {
    gateway: GatewayHttp,
    publish_url: reqwest::Url,
}

#[php_impl]
impl HttpPublisher {
    /// Validates the settings; no I/O happens here, the first publish connects.
    ///
    /// `$baseUrl` is the gateway's base URL (`http://127.0.0.1:8000`); `$apiKey`, when
    /// non-empty, is sent in the `$apiKeyHeader` header (the gateway's `GATEWAY_API_KEY`);
    /// `$timeoutSeconds` bounds each call (connecting is capped at 2 s); `$publishPath`
    /// starts with `/`.
    ///
    /// @throws InvalidArgumentException when an argument is malformed
    #[php(defaults(
        timeoutSeconds = 5.0,
        publishPath = DEFAULT_PUBLISH_PATH,
        apiKeyHeader = DEFAULT_API_KEY_HEADER
    ))]
    pub fn __construct(
        baseUrl: String,
        apiKey: Option<String>,
        timeoutSeconds: f64,
        publishPath: String,
        apiKeyHeader: String,
    ) -> PhpResult<Self> {
        guard(|| {
            let gateway =
                GatewayHttp::new(&baseUrl, apiKey.as_deref(), &apiKeyHeader, timeoutSeconds)?;
            let publish_url = gateway.url("publishPath", &publishPath)?;
            Ok(Self {
                gateway,
                publish_url,
            })
        })
    }

    /// Sends `{"subjects":[...],"payload":...,"traceparent"?}` to the gateway and returns
    /// how many connections it reached (the gateway's `sent`).
    ///
    /// `$payload` may be null, bool, int, float, string or array (a list when keyed
    /// `0..n-1`, else an object), nested; objects are refused (json_decode them to arrays
    /// first). `$traceparent` is the W3C trace context forwarded with the message.
    ///
    /// @phpstan-param list<string> $subjects
    /// @throws InvalidArgumentException for a non-string subject or an unsupported payload value
    /// @throws ConnectionException when the gateway cannot be reached within the timeout
    /// @throws GatewayException when the gateway answers with an error status (code = status)
    pub fn publish(
        &self,
        subjects: &ZendHashTable,
        payload: &Zval,
        traceparent: Option<String>,
    ) -> PhpResult<i64> {
        guard(|| {
            let subjects = subject_list(subjects)?;
            let payload = php_json::encode("payload", payload)?;
            let body = PublishBody {
                subjects: &subjects,
                payload: &payload,
                traceparent: traceparent.as_deref().filter(|t| !t.is_empty()),
            };
            let answer: PublishResponse =
                self.gateway.post_json(self.publish_url.clone(), &body)?;
            Ok(i64::try_from(answer.sent).unwrap_or(i64::MAX))
        })
    }
}

/// The body of `POST /internal/publish` and of an outbox entry: the fields of
/// [`snoke_ws_protocol::PublishRequest`], with the payload kept as the JSON
/// text built from the PHP value so its key order survives.
#[derive(Debug, Serialize)]
pub(super) struct PublishBody<'a> {
    pub(super) subjects: &'a [String],
    pub(super) payload: &'a RawValue,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) traceparent: Option<&'a str>,
}

/// The array's values, each of which must be a non-empty string.
pub(super) fn subject_list(subjects: &ZendHashTable) -> Result<Vec<String>> {
    crate::php_array::string_list("subjects", subjects)
}

#[cfg(test)]
mod tests {
    use super::*;
    use snoke_ws_protocol::PublishRequest;

    #[test]
    fn publish_body_is_a_protocol_publish_request_with_payload_order_kept() {
        let payload = RawValue::from_string(r#"{"z":1,"a":[true,null]}"#.to_owned()).unwrap();
        let subjects = vec!["user:1".to_owned()];
        let body = PublishBody {
            subjects: &subjects,
            payload: &payload,
            traceparent: Some("00-abc-def-01"),
        };
        let json = serde_json::to_string(&body).unwrap();
        assert_eq!(
            json,
            r#"{"subjects":["user:1"],"payload":{"z":1,"a":[true,null]},"traceparent":"00-abc-def-01"}"#
        );
        let parsed: PublishRequest = serde_json::from_str(&json).unwrap();
        assert_eq!(parsed.subjects, subjects);
        assert_eq!(parsed.payload.get(), r#"{"z":1,"a":[true,null]}"#);
        assert_eq!(parsed.traceparent.as_deref(), Some("00-abc-def-01"));
    }

    #[test]
    fn publish_body_omits_absent_traceparent() {
        let payload = RawValue::from_string("null".to_owned()).unwrap();
        let body = PublishBody {
            subjects: &[],
            payload: &payload,
            traceparent: None,
        };
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"subjects":[],"payload":null}"#
        );
    }
}
