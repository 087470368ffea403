//! Core mode over the shared Redis: stream and key names unique to one
//! scenario run, the gateway environment naming them, the redis-server pid
//! (its CPU is part of the system under test) and the clean-up.

use redis::aio::MultiplexedConnection;

use super::unique;
use crate::error::{Error, Result};

/// Keys of one run, all under one unique prefix.
pub struct RedisKeys {
    prefix: String,
    /// Outbox stream the bench XADDs pushes to.
    pub outbox: String,
    /// Inbox stream the gateway writes client messages to.
    pub inbox: String,
    /// Events stream (connected/disconnected).
    pub events: String,
    /// Dead-letter stream.
    pub dlq: String,
    /// Stream of the bench's own XADD loop (the limit row).
    pub limit: String,
}

impl RedisKeys {
    /// Fresh names.
    pub fn new() -> Self {
        let prefix = unique("snoke-bench:");
        Self {
            outbox: format!("{prefix}:outbox"),
            inbox: format!("{prefix}:inbox"),
            events: format!("{prefix}:events"),
            dlq: format!("{prefix}:dlq"),
            limit: format!("{prefix}:limit"),
            prefix,
        }
    }

    /// Gateway environment for core mode on these names.
    pub fn gateway_env(&self, redis_url: &str) -> Vec<(String, String)> {
        [
            ("WS_MODE", "core".to_owned()),
            ("REDIS_DSN", redis_url.to_owned()),
            ("REDIS_STREAM", self.outbox.clone()),
            ("REDIS_INBOX_STREAM", self.inbox.clone()),
            ("REDIS_EVENTS_STREAM", self.events.clone()),
            ("REDIS_DLQ_STREAM", self.dlq.clone()),
            (
                "PRESENCE_REDIS_PREFIX",
                format!("{}:presence:", self.prefix),
            ),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect()
    }

    /// Deletes every key under the prefix (streams and presence leftovers).
    pub async fn delete(&self, conn: &mut MultiplexedConnection) -> Result<()> {
        let pattern = format!("{}:*", self.prefix);
        let mut cursor: u64 = 0;
        // Bounded: a SCAN over the whole keyspace ends in finitely many steps,
        // and the cap guards against a server that never returns cursor 0.
        for _ in 0..100_000 {
            let (next, keys): (u64, Vec<String>) = redis::cmd("SCAN")
                .arg(cursor)
                .arg("MATCH")
                .arg(&pattern)
                .arg("COUNT")
                .arg(1000)
                .query_async(conn)
                .await
                .map_err(|e| Error::redis("SCAN", e))?;
            if !keys.is_empty() {
                let _: () = redis::cmd("DEL")
                    .arg(&keys)
                    .query_async(conn)
                    .await
                    .map_err(|e| Error::redis("DEL", e))?;
            }
            if next == 0 {
                break;
            }
            cursor = next;
        }
        Ok(())
    }
}

/// A multiplexed connection to `url`.
pub async fn connect(url: &str) -> Result<MultiplexedConnection> {
    redis::Client::open(url)
        .map_err(|e| Error::redis("parsing the URL", e))?
        .get_multiplexed_async_connection()
        .await
        .map_err(|e| Error::redis("connecting", e))
}

/// The pid of the redis-server (from `INFO server`), if it reports one.
pub async fn server_pid(conn: &mut MultiplexedConnection) -> Result<Option<u32>> {
    let info: String = redis::cmd("INFO")
        .arg("server")
        .query_async(conn)
        .await
        .map_err(|e| Error::redis("INFO", e))?;
    Ok(parse_process_id(&info))
}

/// `process_id` from the text of `INFO server`.
pub fn parse_process_id(info: &str) -> Option<u32> {
    info.lines()
        .find_map(|l| l.strip_prefix("process_id:"))
        .and_then(|v| v.trim().parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn process_id_is_read_from_info() {
        let info = "# Server\r\nredis_version:7.0.15\r\nprocess_id:812\r\nrun_id:ab\r\n";
        assert_eq!(parse_process_id(info), Some(812));
        assert_eq!(parse_process_id("# Server\r\n"), None);
    }

    #[test]
    fn every_name_shares_the_unique_prefix() {
        let k = RedisKeys::new();
        for name in [&k.outbox, &k.inbox, &k.events, &k.dlq, &k.limit] {
            assert!(name.starts_with(&k.prefix));
        }
        let env = k.gateway_env("redis://127.0.0.1:6379");
        assert!(env.contains(&("WS_MODE".into(), "core".into())));
        assert!(env
            .iter()
            .any(|(n, v)| n == "PRESENCE_REDIS_PREFIX" && v.starts_with(&k.prefix)));
    }
}
