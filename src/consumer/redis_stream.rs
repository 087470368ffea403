//! `SnokeWs\RedisStreamConsumer`: at-least-once reading of `ws.inbox` and
//! `ws.events` through a Redis consumer group.
//!
//! Delivery: an entry stays pending in the group until PHP acks it. Entries
//! pending longer than `claimIdleMs` (their consumer died, or a handler
//! failed) are re-claimed with `XAUTOCLAIM` before new ones are read; one
//! delivered `maxDeliveries` times whose handler failed again goes to the
//! dead-letter stream with the error. Blocking reads use a connection of
//! their own, so publishing and acking never wait behind them, and block in
//! short slices so a pending PHP interrupt (a signal) ends the fetch early.

// Parameters of exported methods are camelCase: PHP callers pass them as
// named arguments (`blockMs: 500`), and ext-php-rs keeps Rust names.
#![allow(non_snake_case)]

use std::cell::RefCell;
use std::time::{Duration, Instant};

use ext_php_rs::boxed::ZBox;
use ext_php_rs::flags::ClassFlags;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendCallable, ZendHashTable};
use redis::aio::MultiplexedConnection;
use redis::streams::{StreamAutoClaimReply, StreamRangeReply, StreamReadReply};

use super::consumer_name;
use super::entry::{in_id_order, Entry, DATA_FIELD};
use super::fetch_limits::fetch_limits;
use super::interrupt;
use crate::boundary::guard;
use crate::error::{Error, Result};
use crate::php_array;
use crate::redis_link::{classify, is_dead_connection, RedisTarget};
use crate::runtime;

/// The gateway's `REDIS_INBOX_STREAM`.
pub const DEFAULT_INBOX_STREAM: &str = "ws.inbox";
/// The gateway's `REDIS_EVENTS_STREAM`.
pub const DEFAULT_EVENTS_STREAM: &str = "ws.events";
/// The consumer group all `ws:consume` workers share.
pub const DEFAULT_GROUP: &str = "snoke_ws";
/// Where failed entries end (the gateway's `REDIS_DLQ_STREAM` default).
pub const DEFAULT_DEAD_LETTER_STREAM: &str = "ws.dlq";

/// One blocking read waits at most this long before the interrupt flag is checked again.
const BLOCK_SLICE: Duration = Duration::from_millis(100);

/// Reads the gateway's event streams through a consumer group, at least once.
#[php_class]
#[php(name = "SnokeWs\\RedisStreamConsumer")]
#[php(flags = ClassFlags::Final)]
pub struct RedisStreamConsumer {
    redis: RedisTarget,
    streams: Vec<String>,
    group: String,
    chosen_name: Option<String>,
    max_deliveries: u64,
    claim_idle_ms: u64,
    dead_letter_stream: String,
    reader: RefCell<Option<Reader>>,
}

/// What one process uses to read: its consumer name and blocking connection.
struct Reader {
    pid: u32,
    name: String,
    blocking: Option<MultiplexedConnection>,
    groups_ready: bool,
}

#[php_impl]
impl RedisStreamConsumer {
    /// Validates the settings; no I/O happens here, the first fetch creates the group.
    ///
    /// `$dsn` is `redis://[user:password@]host[:port][/db]` (never shown in messages);
    /// `$streams` the streams to read (the group is created on each, with `MKSTREAM`, from
    /// the first entry; an existing group is used as it is); `$consumer` the consumer name
    /// (default: `<host>-<pid>-<random>`, new in each process); an entry whose handler
    /// failed after `$maxDeliveries` deliveries goes to `$deadLetterStream`; entries pending
    /// longer than `$claimIdleMs` are re-claimed from their (dead) consumer;
    /// `$timeoutSeconds` bounds each non-blocking call.
    ///
    /// @phpstan-param list<string> $streams
    /// @throws InvalidArgumentException when an argument is malformed (a bad DSN included)
    #[php(defaults(
        streams = [String::from(DEFAULT_INBOX_STREAM), String::from(DEFAULT_EVENTS_STREAM)],
        group = DEFAULT_GROUP,
        consumer = None,
        maxDeliveries = 5,
        claimIdleMs = 30000,
        deadLetterStream = DEFAULT_DEAD_LETTER_STREAM,
        timeoutSeconds = 5.0
    ))]
    #[allow(clippy::too_many_arguments)]
    pub fn __construct(
        dsn: String,
        streams: Vec<String>,
        group: String,
        consumer: Option<String>,
        maxDeliveries: i64,
        claimIdleMs: i64,
        deadLetterStream: String,
        timeoutSeconds: f64,
    ) -> PhpResult<Self> {
        guard(|| {
            let redis = RedisTarget::new(&dsn, timeoutSeconds)?;
            if let Some(index) = streams.iter().position(String::is_empty) {
                return Err(Error::invalid_argument(
                    format!("streams[{index}]"),
                    "must not be empty",
                ));
            }
            if streams.is_empty() {
                return Err(Error::invalid_argument(
                    "streams",
                    "must name at least one stream",
                ));
            }
            non_empty("group", &group)?;
            non_empty("deadLetterStream", &deadLetterStream)?;
            if streams.contains(&deadLetterStream) {
                return Err(Error::invalid_argument(
                    "deadLetterStream",
                    "must not be one of the streams read",
                ));
            }
            let chosen_name = match consumer {
                Some(name) if name.is_empty() => {
                    return Err(Error::invalid_argument("consumer", "must not be empty"))
                }
                other => other,
            };
            let max_deliveries = positive("maxDeliveries", maxDeliveries)?;
            let claim_idle_ms = positive("claimIdleMs", claimIdleMs)?;
            Ok(Self {
                redis,
                streams,
                group,
                chosen_name,
                max_deliveries,
                claim_idle_ms,
                dead_letter_stream: deadLetterStream,
                reader: RefCell::new(None),
            })
        })
    }

    /// Up to `$count` entries, or `[]` when nothing arrived within `$blockMs` (at most
    /// 1000); returns early when PHP has a pending interrupt (a signal caught with
    /// `pcntl_async_signals(true)`). Entries left pending longer than `claimIdleMs` come
    /// first (`deliveries` > 1). `event` is the decoded `data` field; an entry without a
    /// JSON object there goes straight to the dead-letter stream and is not returned.
    ///
    /// @phpstan-return list<array{stream: string, id: string, event: array, deliveries: int}>
    /// @throws InvalidArgumentException when `$count` is not 1..10000 or `$blockMs` not 0..1000
    /// @throws ConnectionException when Redis cannot be reached within the timeout
    /// @throws BrokerException when Redis answers with an error
    #[php(defaults(count = 100, blockMs = 1000))]
    pub fn fetch(&self, count: i64, blockMs: i64) -> PhpResult<ZBox<ZendHashTable>> {
        guard(|| {
            let (count, block) = fetch_limits(count, blockMs)?;
            let entries = match self.take(count, block) {
                Err(err) if group_is_gone(&err) => {
                    self.with_reader(|reader| {
                        reader.groups_ready = false;
                        Ok(())
                    })?;
                    self.take(count, block)?
                }
                other => other?,
            };
            let mut batch = ZendHashTable::new();
            for entry in entries {
                if let Some(reason) = entry.unusable() {
                    self.dead_letter(&entry, &reason)?;
                    continue;
                }
                batch
                    .push(entry_array(entry)?)
                    .map_err(|e| Error::Internal(format!("building the batch: {e}")))?;
            }
            Ok(batch)
        })
    }

    /// Acknowledges an entry (`XACK`): it will not be delivered again.
    ///
    /// @throws ConnectionException when Redis cannot be reached within the timeout
    /// @throws BrokerException when Redis answers with an error
    pub fn ack(&self, stream: String, id: String) -> PhpResult<()> {
        guard(|| {
            self.redis
                .query::<i64>(
                    "XACK",
                    redis::cmd("XACK").arg(&stream).arg(&self.group).arg(&id),
                )
                .map(drop)
        })
    }

    /// Acknowledges several entries of one stream with a single `XACK`, e.g. every
    /// entry of a fetched batch once its handlers returned, and returns how many were
    /// still pending. An empty list sends nothing.
    ///
    /// @phpstan-param list<string> $ids
    /// @throws InvalidArgumentException when an id is not a string
    /// @throws ConnectionException when Redis cannot be reached within the timeout
    /// @throws BrokerException when Redis answers with an error
    pub fn ack_many(&self, stream: String, ids: &ZendHashTable) -> PhpResult<i64> {
        guard(|| {
            let ids = entry_ids(ids)?;
            if ids.is_empty() {
                return Ok(0);
            }
            self.redis.query::<i64>(
                "XACK",
                redis::cmd("XACK").arg(&stream).arg(&self.group).arg(&ids),
            )
        })
    }

    /// Gives entries fetched but not handled back to the group at once, e.g. the rest
    /// of a batch when the worker stops mid-way: their idle time is set to
    /// `claimIdleMs` (`XCLAIM … IDLE … JUSTID`, which leaves their delivery count
    /// alone), so the next fetch of any consumer in the group re-claims them instead
    /// of waiting `claimIdleMs`. Returns how many were still pending. An empty list
    /// sends nothing.
    ///
    /// @phpstan-param list<string> $ids
    /// @throws InvalidArgumentException when an id is not a string
    /// @throws ConnectionException when Redis cannot be reached within the timeout
    /// @throws BrokerException when Redis answers with an error
    pub fn release(&self, stream: String, ids: &ZendHashTable) -> PhpResult<i64> {
        guard(|| self.set_idle(&stream, ids, self.claim_idle_ms))
    }

    /// Says entries fetched but not handled yet are still being worked on: their idle
    /// time goes back to 0 (`XCLAIM … JUSTID`, delivery count left alone), so no other
    /// consumer re-claims them for another `claimIdleMs`. For a worker whose batch takes
    /// a while. Returns how many were still pending. An empty list sends nothing.
    ///
    /// @phpstan-param list<string> $ids
    /// @throws InvalidArgumentException when an id is not a string
    /// @throws ConnectionException when Redis cannot be reached within the timeout
    /// @throws BrokerException when Redis answers with an error
    pub fn keep(&self, stream: String, ids: &ZendHashTable) -> PhpResult<i64> {
        guard(|| self.set_idle(&stream, ids, 0))
    }

    /// The handler failed for an entry. Once the entry has been delivered `maxDeliveries`
    /// times it is added to the dead-letter stream (fields `stream`, `id`, `group`,
    /// `consumer`, `deliveries`, `error`, `data`) and acked, in one transaction, and `true`
    /// is returned; before that it stays pending and is re-claimed after `claimIdleMs`
    /// (`false`). An entry no longer pending (already acked) returns `false`.
    ///
    /// @throws ConnectionException when Redis cannot be reached within the timeout
    /// @throws BrokerException when Redis answers with an error
    pub fn fail(&self, stream: String, id: String, error: String) -> PhpResult<bool> {
        guard(|| {
            let Some(deliveries) = self.deliveries(&stream, &id)? else {
                return Ok(false);
            };
            if deliveries < self.max_deliveries {
                return Ok(false);
            }
            let found: StreamRangeReply = self.redis.query(
                "XRANGE",
                redis::cmd("XRANGE").arg(&stream).arg(&id).arg(&id),
            )?;
            let entry = found
                .ids
                .first()
                .map(|found| Entry::from_reply(&stream, found, deliveries))
                .unwrap_or(Entry {
                    stream: stream.clone(),
                    id: id.clone(),
                    data: String::new(),
                    deliveries,
                });
            self.dead_letter(&entry, &error)?;
            Ok(true)
        })
    }

    /// This process's consumer name in the group.
    pub fn consumer_name(&self) -> PhpResult<String> {
        guard(|| self.with_reader(|reader| Ok(reader.name.clone())))
    }
}

impl RedisStreamConsumer {
    /// Sets the idle time of this consumer's pending `ids` of `stream` by claiming
    /// them for itself (`XCLAIM <stream> <group> <self> 0 <ids> IDLE <idle_ms> JUSTID`).
    fn set_idle(&self, stream: &str, ids: &ZendHashTable, idle_ms: u64) -> Result<i64> {
        let ids = entry_ids(ids)?;
        if ids.is_empty() {
            return Ok(0);
        }
        let name = self.with_reader(|reader| Ok(reader.name.clone()))?;
        let claimed: Vec<String> = self.redis.query(
            "XCLAIM",
            redis::cmd("XCLAIM")
                .arg(stream)
                .arg(&self.group)
                .arg(&name)
                .arg(0)
                .arg(&ids)
                .arg("IDLE")
                .arg(idle_ms)
                .arg("JUSTID"),
        )?;
        Ok(i64::try_from(claimed.len()).unwrap_or(i64::MAX))
    }

    /// Runs `body` with this process's reader; a forked child gets a new name
    /// and connection, and leaves the parent's connection alone.
    fn with_reader<T>(&self, body: impl FnOnce(&mut Reader) -> Result<T>) -> Result<T> {
        let mut slot = self.reader.borrow_mut();
        let pid = std::process::id();
        if slot.as_ref().is_some_and(|reader| reader.pid != pid) {
            if let Some(inherited) = slot.take() {
                // Shared with the parent: see `crate::runtime`.
                std::mem::forget(inherited);
            }
        }
        let reader = slot.get_or_insert_with(|| Reader {
            pid,
            name: self
                .chosen_name
                .clone()
                .unwrap_or_else(consumer_name::for_this_process),
            blocking: None,
            groups_ready: false,
        });
        body(reader)
    }

    /// `XGROUP CREATE … MKSTREAM` on every stream, once per process.
    fn ensure_groups(&self) -> Result<()> {
        if self.with_reader(|reader| Ok(reader.groups_ready))? {
            return Ok(());
        }
        for stream in &self.streams {
            let created = self.redis.query::<()>(
                "XGROUP CREATE",
                redis::cmd("XGROUP")
                    .arg("CREATE")
                    .arg(stream)
                    .arg(&self.group)
                    .arg("0")
                    .arg("MKSTREAM"),
            );
            match created {
                Err(Error::Broker { detail, .. }) if detail.contains("BUSYGROUP") => {}
                other => other?,
            }
        }
        self.with_reader(|reader| {
            reader.groups_ready = true;
            Ok(())
        })
    }

    /// Re-claimed entries if any, else new ones.
    fn take(&self, count: usize, block: Duration) -> Result<Vec<Entry>> {
        self.ensure_groups()?;
        let claimed = self.reclaim(count)?;
        if claimed.is_empty() {
            self.read_new(count, block)
        } else {
            Ok(claimed)
        }
    }

    /// Entries pending longer than `claimIdleMs`, taken over with `XAUTOCLAIM`.
    fn reclaim(&self, count: usize) -> Result<Vec<Entry>> {
        let name = self.with_reader(|reader| Ok(reader.name.clone()))?;
        let mut pipeline = redis::pipe();
        for stream in &self.streams {
            pipeline
                .cmd("XAUTOCLAIM")
                .arg(stream)
                .arg(&self.group)
                .arg(&name)
                .arg(self.claim_idle_ms)
                .arg("0-0")
                .arg("COUNT")
                .arg(count);
        }
        let replies: Vec<StreamAutoClaimReply> =
            self.redis.query_pipeline("XAUTOCLAIM", &pipeline)?;
        let mut entries = Vec::new();
        for (stream, reply) in self.streams.iter().zip(&replies) {
            for claimed in &reply.claimed {
                if entries.len() < count {
                    entries.push(Entry::from_reply(stream, claimed, 0));
                }
            }
        }
        if entries.is_empty() {
            return Ok(entries);
        }
        in_id_order(&mut entries);
        // XAUTOCLAIM does not report delivery counts; XPENDING does, for all in one trip.
        let mut pending = redis::pipe();
        for entry in &entries {
            pending
                .cmd("XPENDING")
                .arg(&entry.stream)
                .arg(&self.group)
                .arg(&entry.id)
                .arg(&entry.id)
                .arg(1);
        }
        let counts: Vec<Vec<(String, String, u64, u64)>> =
            self.redis.query_pipeline("XPENDING", &pending)?;
        for (entry, count) in entries.iter_mut().zip(&counts) {
            entry.deliveries = count.first().map_or(1, |(_, _, _, n)| *n);
        }
        Ok(entries)
    }

    /// New entries (`XREADGROUP … >`), blocking up to `block` in short slices.
    fn read_new(&self, count: usize, block: Duration) -> Result<Vec<Entry>> {
        let runtime = runtime::current()?;
        let deadline = Instant::now() + block;
        loop {
            let slice = deadline
                .saturating_duration_since(Instant::now())
                .min(BLOCK_SLICE);
            let mut cmd = redis::cmd("XREADGROUP");
            let name = self.with_reader(|reader| Ok(reader.name.clone()))?;
            cmd.arg("GROUP")
                .arg(&self.group)
                .arg(&name)
                .arg("COUNT")
                .arg(count);
            if !slice.is_zero() {
                cmd.arg("BLOCK")
                    .arg(u64::try_from(slice.as_millis()).unwrap_or(u64::MAX).max(1));
            }
            cmd.arg("STREAMS").arg(&self.streams);
            for _ in &self.streams {
                cmd.arg(">");
            }
            let reply = self.with_reader(|reader| {
                // A kept connection found dead (Redis restarted) is replaced once.
                let mut attempts = if reader.blocking.is_some() { 2 } else { 1 };
                loop {
                    attempts -= 1;
                    let mut connection = match &reader.blocking {
                        Some(connection) => connection.clone(),
                        None => {
                            let connection = self.redis.dedicated(&runtime, BLOCK_SLICE)?;
                            reader.blocking = Some(connection.clone());
                            connection
                        }
                    };
                    let result = runtime
                        .block_on(cmd.query_async::<Option<StreamReadReply>>(&mut connection));
                    match result {
                        Ok(reply) => return Ok(reply),
                        Err(err) => {
                            let error = classify(self.redis.peer(), "XREADGROUP", &err);
                            if matches!(error, Error::Connection { .. }) {
                                reader.blocking = None;
                            }
                            if attempts == 0 || !is_dead_connection(&err) {
                                return Err(error);
                            }
                        }
                    }
                }
            })?;
            let mut entries: Vec<Entry> = reply
                .map(|reply| {
                    reply
                        .keys
                        .iter()
                        .flat_map(|key| key.ids.iter().map(|id| Entry::from_reply(&key.key, id, 1)))
                        .collect()
                })
                .unwrap_or_default();
            in_id_order(&mut entries);
            if !entries.is_empty() || slice.is_zero() || interrupt::pending() {
                return Ok(entries);
            }
        }
    }

    /// Times the group delivered the entry, or `None` when it is not pending.
    fn deliveries(&self, stream: &str, id: &str) -> Result<Option<u64>> {
        let pending: Vec<(String, String, u64, u64)> = self.redis.query(
            "XPENDING",
            redis::cmd("XPENDING")
                .arg(stream)
                .arg(&self.group)
                .arg(id)
                .arg(id)
                .arg(1),
        )?;
        Ok(pending.first().map(|(_, _, _, n)| *n))
    }

    /// Adds the entry to the dead-letter stream with `reason` and acks it, atomically.
    fn dead_letter(&self, entry: &Entry, reason: &str) -> Result<()> {
        let name = self.with_reader(|reader| Ok(reader.name.clone()))?;
        let mut pipeline = redis::pipe();
        pipeline.atomic();
        pipeline
            .cmd("XADD")
            .arg(&self.dead_letter_stream)
            .arg("*")
            .arg("stream")
            .arg(&entry.stream)
            .arg("id")
            .arg(&entry.id)
            .arg("group")
            .arg(&self.group)
            .arg("consumer")
            .arg(&name)
            .arg("deliveries")
            .arg(entry.deliveries)
            .arg("error")
            .arg(reason)
            .arg(DATA_FIELD)
            .arg(&entry.data)
            .ignore();
        pipeline
            .cmd("XACK")
            .arg(&entry.stream)
            .arg(&self.group)
            .arg(&entry.id)
            .ignore();
        self.redis.query_pipeline::<()>("MULTI", &pipeline)
    }
}

/// `['stream' => …, 'id' => …, 'event' => json_decode(data, true), 'deliveries' => n]`.
fn entry_array(entry: Entry) -> Result<ZBox<ZendHashTable>> {
    // PHP's own decoder, so the event is exactly what `json_decode($data, true)`
    // gives the handler (key order, big integers, floats).
    let json_decode = ZendCallable::try_from_name("json_decode")
        .map_err(|e| Error::Internal(format!("json_decode is not callable: {e}")))?;
    let event = json_decode
        .try_call(vec![&entry.data, &true])
        .map_err(|e| Error::Internal(format!("json_decode failed: {e}")))?;
    let deliveries = i64::try_from(entry.deliveries).unwrap_or(i64::MAX);
    let mut array = ZendHashTable::with_capacity(4);
    php_array::insert(&mut array, "stream", entry.stream)?;
    php_array::insert(&mut array, "id", entry.id)?;
    php_array::insert(&mut array, "event", event)?;
    php_array::insert(&mut array, "deliveries", deliveries)?;
    Ok(array)
}

/// The entry ids of a PHP list, each a string.
fn entry_ids(ids: &ZendHashTable) -> Result<Vec<String>> {
    ids.values()
        .enumerate()
        .map(|(index, id)| {
            id.dereference().str().map(str::to_owned).ok_or_else(|| {
                Error::invalid_argument(format!("ids[{index}]"), "must be a string entry id")
            })
        })
        .collect()
}

/// A stream deleted under us takes its group along (`NOGROUP`); the group is
/// then created again rather than failing every fetch from now on.
fn group_is_gone(err: &Error) -> bool {
    matches!(err, Error::Broker { detail, .. } if detail.contains("NOGROUP"))
}

fn non_empty(argument: &str, value: &str) -> Result<()> {
    if value.is_empty() {
        return Err(Error::invalid_argument(argument, "must not be empty"));
    }
    Ok(())
}

fn positive(argument: &str, value: i64) -> Result<u64> {
    u64::try_from(value)
        .ok()
        .filter(|v| *v > 0)
        .ok_or_else(|| Error::invalid_argument(argument, format!("must be 1 or more, got {value}")))
}
