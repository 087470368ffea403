//! `SnokeWs\HttpPresence`: the gateway's `/internal/connections` endpoints.

// Parameters of exported methods are camelCase: PHP callers pass them as
// named arguments (`timeoutSeconds: 2.0`), and ext-php-rs keeps Rust names.
#![allow(non_snake_case)]

use ext_php_rs::boxed::ZBox;
use ext_php_rs::flags::ClassFlags;
use ext_php_rs::prelude::*;
use ext_php_rs::types::ZendHashTable;
use snoke_ws_protocol::{ConnectionInfo, ConnectionList};

use crate::boundary::guard;
use crate::error::{Error, Result};
use crate::gateway_http::{endpoint, GatewayHttp, DEFAULT_API_KEY_HEADER};

/// The gateway's presence listing (SPEC §2 "Presence").
pub const DEFAULT_LIST_PATH: &str = "/internal/connections";
/// One user's connections; `{user_id}` is replaced by the escaped id.
pub const DEFAULT_BY_USER_PATH: &str = "/internal/users/{user_id}/connections";

/// Reads presence from the gateway's `/internal/connections` endpoints.
#[php_class]
#[php(name = "SnokeWs\\HttpPresence")]
#[php(flags = ClassFlags::Final)]
pub struct HttpPresence {
    gateway: GatewayHttp,
    list_url: reqwest::Url,
    by_user_path: String,
}

#[php_impl]
impl HttpPresence {
    /// Validates the settings; no I/O happens here, the first call connects.
    ///
    /// `$baseUrl` is the gateway's base URL (`http://127.0.0.1:8000`); `$apiKey`, when
    /// non-empty, is sent in the `$apiKeyHeader` header (the gateway's `GATEWAY_API_KEY`);
    /// `$timeoutSeconds` bounds each call (connecting is capped at 2 s); `$listPath` and
    /// `$byUserPath` start with `/`, and `{user_id}` in `$byUserPath` is replaced by the
    /// URL-encoded user id.
    ///
    /// @throws InvalidArgumentException when an argument is malformed
    #[php(defaults(
        timeoutSeconds = 5.0,
        listPath = DEFAULT_LIST_PATH,
        byUserPath = DEFAULT_BY_USER_PATH,
        apiKeyHeader = DEFAULT_API_KEY_HEADER
    ))]
    pub fn __construct(
        baseUrl: String,
        apiKey: Option<String>,
        timeoutSeconds: f64,
        listPath: String,
        byUserPath: String,
        apiKeyHeader: String,
    ) -> PhpResult<Self> {
        guard(|| {
            let gateway =
                GatewayHttp::new(&baseUrl, apiKey.as_deref(), &apiKeyHeader, timeoutSeconds)?;
            let list_url = gateway.url("listPath", &listPath)?;
            endpoint::check_path("byUserPath", &byUserPath)?;
            if !byUserPath.contains("{user_id}") {
                return Err(Error::invalid_argument(
                    "byUserPath",
                    format!("must contain \"{{user_id}}\", got \"{byUserPath}\""),
                ));
            }
            Ok(Self {
                gateway,
                list_url,
                by_user_path: byUserPath,
            })
        })
    }

    /// Connections on the gateway, filtered by subject and/or user id when given
    /// (`?subject=&user_id=`).
    ///
    /// @phpstan-return list<array{connection_id: string, user_id: string, subjects: list<string>, connected_at: int}>
    /// @throws ConnectionException when the gateway cannot be reached within the timeout
    /// @throws GatewayException when the gateway answers with an error status (code = status)
    pub fn list_connections(
        &self,
        subject: Option<String>,
        userId: Option<String>,
    ) -> PhpResult<ZBox<ZendHashTable>> {
        guard(|| {
            let mut url = self.list_url.clone();
            let filters = [("subject", subject), ("user_id", userId)];
            if filters.iter().any(|(_, value)| value.is_some()) {
                let mut query = url.query_pairs_mut();
                for (name, value) in &filters {
                    if let Some(value) = value {
                        query.append_pair(name, value);
                    }
                }
            }
            self.fetch(url)
        })
    }

    /// Connections of one user.
    ///
    /// @phpstan-return list<array{connection_id: string, user_id: string, subjects: list<string>, connected_at: int}>
    /// @throws InvalidArgumentException when `$userId` is empty
    /// @throws ConnectionException when the gateway cannot be reached within the timeout
    /// @throws GatewayException when the gateway answers with an error status (code = status)
    pub fn list_connections_for_user(&self, userId: String) -> PhpResult<ZBox<ZendHashTable>> {
        guard(|| {
            if userId.is_empty() {
                return Err(Error::invalid_argument("userId", "must not be empty"));
            }
            let path = endpoint::fill_user_id(&self.by_user_path, &userId);
            let url = self.gateway.url("byUserPath", &path)?;
            self.fetch(url)
        })
    }
}

impl HttpPresence {
    fn fetch(&self, url: reqwest::Url) -> Result<ZBox<ZendHashTable>> {
        let list: ConnectionList = self.gateway.get_json(url)?;
        let mut connections = ZendHashTable::with_capacity(capacity(list.connections.len()));
        for connection in list.connections {
            connections
                .push(connection_array(connection)?)
                .map_err(php_array_error)?;
        }
        Ok(connections)
    }
}

/// `['connection_id' => …, 'user_id' => …, 'subjects' => […], 'connected_at' => …]`,
/// in the order the gateway documents the fields.
fn connection_array(connection: ConnectionInfo) -> Result<ZBox<ZendHashTable>> {
    let mut subjects = ZendHashTable::with_capacity(capacity(connection.subjects.len()));
    for subject in connection.subjects {
        subjects.push(subject).map_err(php_array_error)?;
    }
    let mut array = ZendHashTable::with_capacity(4);
    array
        .insert("connection_id", connection.connection_id)
        .map_err(php_array_error)?;
    array
        .insert("user_id", connection.user_id)
        .map_err(php_array_error)?;
    array
        .insert("subjects", subjects)
        .map_err(php_array_error)?;
    array
        .insert("connected_at", connection.connected_at)
        .map_err(php_array_error)?;
    Ok(array)
}

fn capacity(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}

fn php_array_error(err: ext_php_rs::error::Error) -> Error {
    Error::Internal(format!("building the connection list: {err}"))
}
