//! Calls to the gateway's `/internal/*` HTTP API, shared by the HTTP
//! publisher and the HTTP presence reader.
//!
//! One call = one request on this process's keep-alive client, bounded by the
//! caller's timeouts; every failure becomes [`Error::Connection`] (no answer)
//! or [`Error::Gateway`] (an answer we cannot use).

mod answer;
pub mod endpoint;

use std::error::Error as _;

use reqwest::header::{HeaderName, HeaderValue};
use reqwest::{Method, Url};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::runtime::{self, Timeouts};
use endpoint::{redacted, BaseUrl};

/// The header the gateway reads the API key from (any case).
pub const DEFAULT_API_KEY_HEADER: &str = "X-Api-Key";

/// Connection settings for one gateway, as given to a PHP constructor.
#[derive(Debug, Clone)]
pub struct GatewayHttp {
    base: BaseUrl,
    api_key: Option<(HeaderName, HeaderValue)>,
    timeouts: Timeouts,
}

impl GatewayHttp {
    /// Validates the constructor arguments shared by publisher and presence.
    pub fn new(
        base_url: &str,
        api_key: Option<&str>,
        api_key_header: &str,
        timeout_seconds: f64,
    ) -> Result<Self> {
        let base = BaseUrl::parse("baseUrl", base_url)?;
        let timeouts = Timeouts::from_seconds("timeoutSeconds", timeout_seconds)?;
        let api_key = match api_key {
            None | Some("") => None,
            Some(key) => Some(api_key_header_pair(api_key_header, key)?),
        };
        Ok(Self {
            base,
            api_key,
            timeouts,
        })
    }

    /// `base + path` for a configured path (named `argument` in errors).
    pub fn url(&self, argument: &str, path: &str) -> Result<Url> {
        self.base.join(argument, path)
    }

    /// `POST url` with a JSON body; the 2xx answer parsed as `R`.
    pub fn post_json<B: Serialize, R: DeserializeOwned>(&self, url: Url, body: &B) -> Result<R> {
        let body = serde_json::to_vec(body)
            .map_err(|e| Error::Internal(format!("serialising the request body: {e}")))?;
        self.call(Method::POST, url, Some(body))
    }

    /// `GET url`; the 2xx answer parsed as `R`.
    pub fn get_json<R: DeserializeOwned>(&self, url: Url) -> Result<R> {
        self.call(Method::GET, url, None)
    }

    fn call<R: DeserializeOwned>(
        &self,
        method: Method,
        url: Url,
        body: Option<Vec<u8>>,
    ) -> Result<R> {
        let method_name = method_name(&method);
        let shown_url = redacted(&url);
        let process = runtime::current()?;
        let client = process.http_client(self.timeouts)?;

        let mut request = client
            .request(method, url)
            .header(reqwest::header::ACCEPT, "application/json");
        if let Some((name, value)) = &self.api_key {
            request = request.header(name.clone(), value.clone());
        }
        if let Some(body) = body {
            request = request
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body);
        }

        let no_answer = |err: reqwest::Error| Error::Connection {
            method: method_name,
            url: shown_url.clone(),
            reason: describe_failure(&err, self.timeouts),
        };
        let (status, bytes) = process.block_on(async {
            // The runtime only runs inside calls. Yielding once lets it read
            // what arrived on idle keep-alive connections since the last call,
            // so one the gateway has closed is dropped from the pool instead of
            // being written to.
            tokio::task::yield_now().await;
            let response = request.send().await.map_err(no_answer)?;
            let status = response.status();
            let bytes = response.bytes().await.map_err(no_answer)?;
            Ok::<_, Error>((status, bytes))
        })?;

        if !status.is_success() {
            return Err(Error::Gateway {
                method: method_name,
                url: shown_url,
                status: status.as_u16(),
                detail: answer::error_text(&bytes, status.canonical_reason()),
            });
        }
        serde_json::from_slice(&bytes).map_err(|e| Error::Gateway {
            method: method_name,
            url: shown_url,
            status: status.as_u16(),
            detail: format!("unexpected answer body ({e})"),
        })
    }
}

/// The API key header, validated up front; the key itself never reaches a
/// message, and is marked sensitive so it is kept out of debug output.
fn api_key_header_pair(header: &str, key: &str) -> Result<(HeaderName, HeaderValue)> {
    let name = HeaderName::from_bytes(header.as_bytes()).map_err(|_| {
        Error::invalid_argument(
            "apiKeyHeader",
            format!("\"{header}\" is not a valid HTTP header name"),
        )
    })?;
    let mut value = HeaderValue::from_str(key).map_err(|_| {
        Error::invalid_argument(
            "apiKey",
            "contains characters not allowed in an HTTP header (value not shown)",
        )
    })?;
    value.set_sensitive(true);
    Ok((name, value))
}

fn method_name(method: &Method) -> &'static str {
    if method == Method::POST {
        "POST"
    } else {
        "GET"
    }
}

/// Why no usable answer arrived: timed out, refused, reset, … with the causes
/// (reqwest's own text would repeat the URL, query included).
fn describe_failure(err: &reqwest::Error, timeouts: Timeouts) -> String {
    if err.is_timeout() {
        return format!(
            "no answer within {:.3}s (connect limit {:.3}s)",
            timeouts.total.as_secs_f64(),
            timeouts.connect.as_secs_f64()
        );
    }
    let mut reason = if err.is_connect() {
        "cannot connect".to_owned()
    } else {
        "connection failed".to_owned()
    };
    let mut cause = err.source();
    while let Some(inner) = cause {
        reason.push_str(": ");
        reason.push_str(&inner.to_string());
        cause = inner.source();
    }
    reason
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_api_key_is_rejected_without_showing_it() {
        let err =
            GatewayHttp::new("http://127.0.0.1:1", Some("se\ncret"), "X-Api-Key", 1.0).unwrap_err();
        let message = err.to_string();
        assert!(message.starts_with("apiKey: "), "{message}");
        assert!(!message.contains("se\ncret") && !message.contains("cret"));
    }

    #[test]
    fn invalid_header_name_is_named() {
        let err = GatewayHttp::new("http://127.0.0.1:1", Some("k"), "X Api Key", 1.0).unwrap_err();
        assert!(err.to_string().starts_with("apiKeyHeader: "));
    }

    #[test]
    fn empty_api_key_means_no_header() {
        let gateway = GatewayHttp::new("http://127.0.0.1:1", Some(""), "X Api Key", 1.0).unwrap();
        assert!(gateway.api_key.is_none());
    }

    /// A one-thread HTTP server answering `{"sent":7}`; with `close_after_answer`
    /// it closes each connection shortly after answering (like an idle timeout).
    fn serve(close_after_answer: bool) -> (String, std::sync::Arc<std::sync::atomic::AtomicU64>) {
        use std::io::{BufRead, BufReader, Read, Write};
        use std::sync::atomic::{AtomicU64, Ordering};

        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let accepted = std::sync::Arc::new(AtomicU64::new(0));
        let counter = std::sync::Arc::clone(&accepted);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                counter.fetch_add(1, Ordering::SeqCst);
                let mut reader = BufReader::new(stream);
                loop {
                    let mut length = 0usize;
                    let mut line = String::new();
                    loop {
                        line.clear();
                        if reader.read_line(&mut line).unwrap_or(0) == 0 {
                            break;
                        }
                        if let Some(value) =
                            line.to_ascii_lowercase().strip_prefix("content-length:")
                        {
                            length = value.trim().parse().unwrap();
                        }
                        if line == "\r\n" {
                            break;
                        }
                    }
                    if line != "\r\n" {
                        break;
                    }
                    let mut body = vec![0; length];
                    reader.read_exact(&mut body).unwrap();
                    let answer = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 10\r\n\r\n{\"sent\":7}";
                    reader.get_mut().write_all(answer.as_bytes()).unwrap();
                    if close_after_answer {
                        std::thread::sleep(std::time::Duration::from_millis(50));
                        break;
                    }
                }
            }
        });
        (url, accepted)
    }

    fn publish_once(gateway: &GatewayHttp) -> Result<snoke_ws_protocol::PublishResponse> {
        let url = gateway.url("publishPath", "/internal/publish").unwrap();
        let body = serde_json::json!({"subjects": ["user:1"], "payload": null});
        gateway.post_json(url, &body)
    }

    #[test]
    fn consecutive_calls_reuse_one_keep_alive_connection() {
        let (url, accepted) = serve(false);
        // A timeout of its own, so this test's client is not shared with others.
        let gateway = GatewayHttp::new(&url, None, "X-Api-Key", 3.25).unwrap();
        for _ in 0..3 {
            assert_eq!(publish_once(&gateway).unwrap().sent, 7);
        }
        assert_eq!(accepted.load(std::sync::atomic::Ordering::SeqCst), 1);
    }

    #[test]
    fn connection_closed_by_the_server_while_idle_is_replaced() {
        let (url, accepted) = serve(true);
        let gateway = GatewayHttp::new(&url, None, "X-Api-Key", 3.5).unwrap();
        assert_eq!(publish_once(&gateway).unwrap().sent, 7);
        std::thread::sleep(std::time::Duration::from_millis(300));
        assert_eq!(publish_once(&gateway).unwrap().sent, 7);
        assert_eq!(accepted.load(std::sync::atomic::Ordering::SeqCst), 2);
    }

    #[test]
    fn closed_port_is_a_connection_error() {
        let port = {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            listener.local_addr().unwrap().port()
        };
        let gateway =
            GatewayHttp::new(&format!("http://127.0.0.1:{port}"), None, "X-Api-Key", 2.0).unwrap();
        let url = gateway.url("listPath", "/internal/connections").unwrap();
        let err = gateway.get_json::<serde_json::Value>(url).unwrap_err();
        assert!(matches!(err, Error::Connection { .. }), "{err:?}");
        assert!(err.to_string().contains("cannot connect"), "{err}");
    }
}
