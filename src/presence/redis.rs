//! `SnokeWs\RedisPresence`: presence read from and written to Redis, in the
//! gateway's key layout (SPEC §2).

// Parameters of exported methods are camelCase: PHP callers pass them as
// named arguments (`ttlSeconds: 120`), and ext-php-rs keeps Rust names.
#![allow(non_snake_case)]

use std::collections::HashMap;

use ext_php_rs::boxed::ZBox;
use ext_php_rs::flags::ClassFlags;
use ext_php_rs::prelude::*;
use ext_php_rs::types::ZendHashTable;

use super::redis_keys::{ConnectionRecord, PresenceKeys, FIELDS};
use crate::boundary::guard;
use crate::error::{Error, Result};
use crate::php_array;
use crate::redis_link::RedisTarget;

/// The gateway's `PRESENCE_REDIS_PREFIX` default.
pub const DEFAULT_PREFIX: &str = "presence:";

/// Keys per `SCAN` step.
const SCAN_COUNT: usize = 1000;

/// Sets `last_seen_at` (and the TTL) only on a hash that still exists, so a
/// touch after a remove does not bring back a half connection.
const TOUCH_SCRIPT: &str = "if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end \
redis.call('HSET', KEYS[1], 'last_seen_at', ARGV[1]) \
if tonumber(ARGV[2]) > 0 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end \
return 1";

/// Reads and writes presence in Redis: hash `<p>conn:<id>`, sets `<p>user:<uid>` and
/// `<p>subject:<s>`.
#[php_class]
#[php(name = "SnokeWs\\RedisPresence")]
#[php(flags = ClassFlags::Final)]
pub struct RedisPresence {
    redis: RedisTarget,
    keys: PresenceKeys,
}

#[php_impl]
impl RedisPresence {
    /// Validates the settings; no I/O happens here, the first call connects.
    ///
    /// `$dsn` is `redis://[user:password@]host[:port][/db]` (never shown in messages);
    /// `$prefix` the gateway's `PRESENCE_REDIS_PREFIX`; `$timeoutSeconds` bounds each call.
    ///
    /// @throws InvalidArgumentException when an argument is malformed (a bad DSN included)
    #[php(defaults(prefix = DEFAULT_PREFIX, timeoutSeconds = 5.0))]
    pub fn __construct(dsn: String, prefix: String, timeoutSeconds: f64) -> PhpResult<Self> {
        guard(|| {
            let redis = RedisTarget::new(&dsn, timeoutSeconds)?;
            Ok(Self {
                redis,
                keys: PresenceKeys::new(&prefix),
            })
        })
    }

    /// Connections, filtered by subject and/or user id when given (an empty string is no
    /// filter): the subject/user set (both: their intersection), or `SCAN` over every
    /// connection hash; the hashes are then read in one pipelined round trip. Sorted by
    /// `connected_at`, then id. Expired entries are left out (and dropped from the set).
    ///
    /// @phpstan-return list<array{connection_id: string, user_id: string, subjects: list<string>, connected_at: int, last_seen_at: int}>
    /// @throws ConnectionException when Redis cannot be reached within the timeout
    /// @throws BrokerException when Redis answers with an error
    pub fn list_connections(
        &self,
        subject: Option<String>,
        userId: Option<String>,
    ) -> PhpResult<ZBox<ZendHashTable>> {
        guard(|| {
            let subject = subject.filter(|s| !s.is_empty());
            let user_id = userId.filter(|u| !u.is_empty());
            self.list(subject.as_deref(), user_id.as_deref())
        })
    }

    /// Connections of one user.
    ///
    /// @phpstan-return list<array{connection_id: string, user_id: string, subjects: list<string>, connected_at: int, last_seen_at: int}>
    /// @throws InvalidArgumentException when `$userId` is empty
    /// @throws ConnectionException when Redis cannot be reached within the timeout
    /// @throws BrokerException when Redis answers with an error
    pub fn list_connections_for_user(&self, userId: String) -> PhpResult<ZBox<ZendHashTable>> {
        guard(|| {
            if userId.is_empty() {
                return Err(Error::invalid_argument("userId", "must not be empty"));
            }
            self.list(None, Some(&userId))
        })
    }

    /// Writes the connection hash (`last_seen_at` = now) and adds the id to its user and
    /// subject sets, atomically (`MULTI`); `$ttlSeconds` > 0 sets `EXPIRE` on the hash.
    ///
    /// @phpstan-param list<string> $subjects
    /// @throws InvalidArgumentException for an empty id, a non-string subject or a negative TTL
    /// @throws ConnectionException when Redis cannot be reached within the timeout
    /// @throws BrokerException when Redis answers with an error
    #[php(defaults(ttlSeconds = 0))]
    pub fn upsert(
        &self,
        connectionId: String,
        userId: String,
        subjects: &ZendHashTable,
        connectedAt: i64,
        ttlSeconds: i64,
    ) -> PhpResult<()> {
        guard(|| {
            non_empty("connectionId", &connectionId)?;
            non_empty("userId", &userId)?;
            let subjects = php_array::string_list("subjects", subjects)?;
            let ttl = ttl("ttlSeconds", ttlSeconds)?;
            let subjects_json = serde_json::to_string(&subjects)
                .map_err(|e| Error::Internal(format!("encoding subjects: {e}")))?;
            let hash = self.keys.connection(&connectionId);
            let mut pipeline = redis::pipe();
            pipeline.atomic();
            pipeline
                .cmd("HSET")
                .arg(&hash)
                .arg("connection_id")
                .arg(&connectionId)
                .arg("user_id")
                .arg(&userId)
                .arg("subjects")
                .arg(&subjects_json)
                .arg("connected_at")
                .arg(connectedAt)
                .arg("last_seen_at")
                .arg(unix_now())
                .ignore();
            pipeline
                .cmd("SADD")
                .arg(self.keys.user(&userId))
                .arg(&connectionId)
                .ignore();
            for subject in &subjects {
                pipeline
                    .cmd("SADD")
                    .arg(self.keys.subject(subject))
                    .arg(&connectionId)
                    .ignore();
            }
            if ttl > 0 {
                pipeline.cmd("EXPIRE").arg(&hash).arg(ttl).ignore();
            }
            self.redis.query_pipeline::<()>("MULTI", &pipeline)
        })
    }

    /// Sets `last_seen_at` = now (and refreshes the TTL when `$ttlSeconds` > 0) on a
    /// connection that is still present; a removed or expired one is left absent.
    ///
    /// @throws InvalidArgumentException for an empty id or a negative TTL
    /// @throws ConnectionException when Redis cannot be reached within the timeout
    /// @throws BrokerException when Redis answers with an error
    #[php(defaults(ttlSeconds = 0))]
    pub fn touch(&self, connectionId: String, ttlSeconds: i64) -> PhpResult<()> {
        guard(|| {
            non_empty("connectionId", &connectionId)?;
            let ttl = ttl("ttlSeconds", ttlSeconds)?;
            let mut cmd = redis::cmd("EVAL");
            cmd.arg(TOUCH_SCRIPT)
                .arg(1)
                .arg(self.keys.connection(&connectionId))
                .arg(unix_now())
                .arg(ttl);
            self.redis.query::<i64>("EVAL", &cmd).map(drop)
        })
    }

    /// Deletes the connection hash and removes the id from its user and subject sets.
    ///
    /// @throws InvalidArgumentException for an empty id
    /// @throws ConnectionException when Redis cannot be reached within the timeout
    /// @throws BrokerException when Redis answers with an error
    pub fn remove(&self, connectionId: String) -> PhpResult<()> {
        guard(|| {
            non_empty("connectionId", &connectionId)?;
            let hash_key = self.keys.connection(&connectionId);
            let hash: HashMap<String, String> = self
                .redis
                .query("HGETALL", redis::cmd("HGETALL").arg(&hash_key))?;
            let mut pipeline = redis::pipe();
            pipeline.atomic();
            pipeline.cmd("DEL").arg(&hash_key).ignore();
            if let Some(record) = ConnectionRecord::from_hash(&connectionId, &hash) {
                pipeline
                    .cmd("SREM")
                    .arg(self.keys.user(&record.user_id))
                    .arg(&connectionId)
                    .ignore();
                for subject in &record.subjects {
                    pipeline
                        .cmd("SREM")
                        .arg(self.keys.subject(subject))
                        .arg(&connectionId)
                        .ignore();
                }
            }
            self.redis.query_pipeline::<()>("MULTI", &pipeline)
        })
    }
}

impl RedisPresence {
    fn list(&self, subject: Option<&str>, user_id: Option<&str>) -> Result<ZBox<ZendHashTable>> {
        let set = match (subject, user_id) {
            (Some(s), Some(u)) => Some(vec![self.keys.subject(s), self.keys.user(u)]),
            (Some(s), None) => Some(vec![self.keys.subject(s)]),
            (None, Some(u)) => Some(vec![self.keys.user(u)]),
            (None, None) => None,
        };
        let ids: Vec<String> = match &set {
            Some(sets) => {
                let mut members: Vec<String> =
                    self.redis.query("SINTER", redis::cmd("SINTER").arg(sets))?;
                members.sort();
                members
            }
            None => self.scan_ids()?,
        };
        // HMGET of the known fields rather than HGETALL: half the reply to parse,
        // and no map per connection.
        let mut pipeline = redis::pipe();
        for id in &ids {
            pipeline
                .cmd("HMGET")
                .arg(self.keys.connection(id))
                .arg(&FIELDS[..]);
        }
        let hashes: Vec<Vec<Option<String>>> = if ids.is_empty() {
            Vec::new()
        } else {
            self.redis.query_pipeline("HMGET", &pipeline)?
        };
        let mut records = Vec::with_capacity(ids.len());
        let mut expired = Vec::new();
        for (id, values) in ids.iter().zip(hashes) {
            match ConnectionRecord::from_fields(id, values) {
                Some(record) if record.matches(subject, user_id) => records.push(record),
                Some(_) => {}
                None => expired.push(id.as_str()),
            }
        }
        if let (Some(sets), false) = (&set, expired.is_empty()) {
            let mut cleanup = redis::pipe();
            for key in sets {
                cleanup.cmd("SREM").arg(key).arg(&expired).ignore();
            }
            self.redis.query_pipeline::<()>("SREM", &cleanup)?;
        }
        records.sort_by(|a, b| {
            (a.connected_at, &a.connection_id).cmp(&(b.connected_at, &b.connection_id))
        });
        let mut list = ZendHashTable::with_capacity(u32::try_from(records.len()).unwrap_or(0));
        for record in records {
            list.push(record_array(record)?)
                .map_err(|e| Error::Internal(format!("building the connection list: {e}")))?;
        }
        Ok(list)
    }

    /// Every connection id, by `SCAN` (never `KEYS`, which blocks Redis).
    fn scan_ids(&self) -> Result<Vec<String>> {
        let pattern = self.keys.connection_pattern();
        let mut cursor: u64 = 0;
        let mut ids = Vec::new();
        loop {
            let (next, keys): (u64, Vec<String>) = self.redis.query(
                "SCAN",
                redis::cmd("SCAN")
                    .arg(cursor)
                    .arg("MATCH")
                    .arg(&pattern)
                    .arg("COUNT")
                    .arg(SCAN_COUNT),
            )?;
            ids.extend(
                keys.iter()
                    .filter_map(|key| self.keys.connection_id(key))
                    .map(str::to_owned),
            );
            if next == 0 {
                break;
            }
            cursor = next;
        }
        ids.sort();
        ids.dedup();
        Ok(ids)
    }
}

fn record_array(record: ConnectionRecord) -> Result<ZBox<ZendHashTable>> {
    let mut array = ZendHashTable::with_capacity(5);
    php_array::insert(&mut array, "connection_id", record.connection_id)?;
    php_array::insert(&mut array, "user_id", record.user_id)?;
    php_array::insert(&mut array, "subjects", php_array::list(record.subjects)?)?;
    php_array::insert(&mut array, "connected_at", record.connected_at)?;
    php_array::insert(&mut array, "last_seen_at", record.last_seen_at)?;
    Ok(array)
}

fn non_empty(argument: &str, value: &str) -> Result<()> {
    if value.is_empty() {
        return Err(Error::invalid_argument(argument, "must not be empty"));
    }
    Ok(())
}

fn ttl(argument: &str, seconds: i64) -> Result<i64> {
    if seconds < 0 {
        return Err(Error::invalid_argument(
            argument,
            format!("must be 0 (no expiry) or more, got {seconds}"),
        ));
    }
    Ok(seconds)
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}
