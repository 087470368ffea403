//! One keep-alive HTTP/1.1 connection per simulated client: hyper's
//! connection-level client, no pool in between.

use std::net::SocketAddr;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use hyper::{Method, Request, StatusCode};
use hyper_util::rt::TokioIo;

use crate::error::{Error, Result};

/// A keep-alive HTTP/1.1 connection.
pub struct HttpConn {
    sender: SendRequest<Full<Bytes>>,
    host: String,
}

impl HttpConn {
    /// Connects to `addr` (from a rotating source address).
    pub async fn connect(addr: SocketAddr) -> Result<Self> {
        let tcp = super::addr::connect(addr).await?;
        let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(tcp))
            .await
            .map_err(|source| Error::Http {
                what: "handshake",
                source,
            })?;
        tokio::spawn(async move {
            // Ends when the sender is dropped or the server closes.
            let _ = conn.await;
        });
        Ok(Self {
            sender,
            host: addr.to_string(),
        })
    }

    /// Sends one request and reads the whole answer.
    pub async fn request(
        &mut self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Bytes,
    ) -> Result<(StatusCode, Bytes)> {
        let mut builder = Request::builder()
            .method(method)
            .uri(path)
            .header("host", &self.host);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        let request = builder
            .body(Full::new(body))
            .map_err(|e| Error::Protocol(format!("building a request to {path}: {e}")))?;
        self.sender.ready().await.map_err(|source| Error::Http {
            what: "waiting for the connection",
            source,
        })?;
        let response = self
            .sender
            .send_request(request)
            .await
            .map_err(|source| Error::Http {
                what: "sending a request",
                source,
            })?;
        let status = response.status();
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|source| Error::Http {
                what: "reading a response",
                source,
            })?
            .to_bytes();
        Ok((status, body))
    }

    /// `GET path`.
    pub async fn get(&mut self, path: &str) -> Result<(StatusCode, Bytes)> {
        self.request(Method::GET, path, &[], Bytes::new()).await
    }
}
