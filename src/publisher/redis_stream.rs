//! `SnokeWs\RedisStreamPublisher`: `XADD` to the outbox stream the gateways read.

// Parameters of exported methods are camelCase: PHP callers pass them as
// named arguments (`maxLen: 10000`), and ext-php-rs keeps Rust names.
#![allow(non_snake_case)]

use ext_php_rs::boxed::ZBox;
use ext_php_rs::flags::ClassFlags;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendHashTable, Zval};
use serde_json::value::RawValue;

use super::http::{subject_list, PublishBody};
use crate::boundary::guard;
use crate::error::{Error, Result};
use crate::php_json;
use crate::redis_link::RedisTarget;

/// The outbox stream of SPEC §2 (`REDIS_STREAM`).
pub const DEFAULT_STREAM: &str = "ws.outbox";

/// Publishes outbox entries `data=<json>` with `XADD` over a per-process connection.
#[php_class]
#[php(name = "SnokeWs\\RedisStreamPublisher")]
#[php(flags = ClassFlags::Final)]
pub struct RedisStreamPublisher {
    redis: RedisTarget,
    stream: String,
    max_len: u64,
}

#[php_impl]
impl RedisStreamPublisher {
    /// Validates the settings; no I/O happens here, the first publish connects.
    ///
    /// `$dsn` is `redis://[user:password@]host[:port][/db]` (never shown in messages);
    /// `$stream` the outbox stream; `$maxLen` > 0 trims it with `MAXLEN ~ $maxLen` on
    /// every add (0 keeps everything); `$timeoutSeconds` bounds each call (connecting is
    /// capped at 2 s).
    ///
    /// @throws InvalidArgumentException when an argument is malformed (a bad DSN included)
    #[php(defaults(stream = DEFAULT_STREAM, maxLen = 0, timeoutSeconds = 5.0))]
    pub fn __construct(
        dsn: String,
        stream: String,
        maxLen: i64,
        timeoutSeconds: f64,
    ) -> PhpResult<Self> {
        guard(|| {
            let redis = RedisTarget::new(&dsn, timeoutSeconds)?;
            if stream.is_empty() {
                return Err(Error::invalid_argument("stream", "must not be empty"));
            }
            let max_len = u64::try_from(maxLen).map_err(|_| {
                Error::invalid_argument("maxLen", format!("must be 0 or more, got {maxLen}"))
            })?;
            Ok(Self {
                redis,
                stream,
                max_len,
            })
        })
    }

    /// Adds `{"subjects":[...],"payload":...,"traceparent"?}` to the stream and returns the
    /// entry id once Redis has accepted it.
    ///
    /// `$payload` follows the same rules as `HttpPublisher::publish()` (arrays and scalars).
    ///
    /// @phpstan-param list<string> $subjects
    /// @throws InvalidArgumentException for a non-string subject or an unsupported payload value
    /// @throws ConnectionException when Redis cannot be reached within the timeout
    /// @throws BrokerException when Redis answers with an error
    pub fn publish(
        &self,
        subjects: &ZendHashTable,
        payload: &Zval,
        traceparent: Option<String>,
    ) -> PhpResult<String> {
        guard(|| {
            let body = entry_body(
                subject_list(subjects)?,
                php_json::encode("payload", payload)?,
                traceparent,
            )?;
            self.redis.query("XADD", &self.xadd(&body))
        })
    }

    /// Adds every message in one pipelined round trip; returns the entry ids, in order.
    ///
    /// Each message is `['subjects' => [...], 'payload' => ..., 'traceparent' => ?string]`;
    /// all are validated before anything is sent.
    ///
    /// @phpstan-param list<array{subjects: list<string>, payload: mixed, traceparent?: string}> $messages
    /// @phpstan-return list<string>
    /// @throws InvalidArgumentException naming the first malformed message (`messages[3].subjects`)
    /// @throws ConnectionException when Redis cannot be reached within the timeout
    /// @throws BrokerException when Redis answers with an error
    pub fn publish_batch(&self, messages: &ZendHashTable) -> PhpResult<ZBox<ZendHashTable>> {
        guard(|| {
            let mut pipeline = redis::pipe();
            for (index, message) in messages.values().enumerate() {
                let body = batch_message(index, message)?;
                pipeline.add_command(self.xadd(&body));
            }
            let ids: Vec<String> = if messages.is_empty() {
                Vec::new()
            } else {
                self.redis.query_pipeline("XADD", &pipeline)?
            };
            let mut list = ZendHashTable::with_capacity(u32::try_from(ids.len()).unwrap_or(0));
            for id in ids {
                list.push(id)
                    .map_err(|e| Error::Internal(format!("building the id list: {e}")))?;
            }
            Ok(list)
        })
    }
}

impl RedisStreamPublisher {
    fn xadd(&self, body: &str) -> redis::Cmd {
        let mut cmd = redis::cmd("XADD");
        cmd.arg(&self.stream);
        if self.max_len > 0 {
            cmd.arg("MAXLEN").arg("~").arg(self.max_len);
        }
        cmd.arg("*").arg("data").arg(body);
        cmd
    }
}

/// The entry's `data` field (also the body of a RabbitMQ outbox message).
pub(crate) fn entry_body(
    subjects: Vec<String>,
    payload: Box<RawValue>,
    traceparent: Option<String>,
) -> Result<String> {
    let body = PublishBody {
        subjects: &subjects,
        payload: &payload,
        traceparent: traceparent.as_deref().filter(|t| !t.is_empty()),
    };
    serde_json::to_string(&body).map_err(|e| Error::Internal(format!("encoding entry: {e}")))
}

/// One message of `publishBatch()`, validated with its index in the messages.
pub(crate) fn batch_message(index: usize, message: &Zval) -> Result<String> {
    let at = |field: &str| format!("messages[{index}]{field}");
    let Some(message) = message.dereference().array() else {
        return Err(Error::invalid_argument(
            at(""),
            "must be an array with keys subjects, payload and optionally traceparent",
        ));
    };
    let subjects = match message
        .get("subjects")
        .and_then(|s| s.dereference().array())
    {
        Some(subjects) => subject_list(subjects).map_err(|err| match err {
            Error::InvalidArgument { argument, reason } => {
                Error::invalid_argument(at(&format!(".{argument}")), reason)
            }
            other => other,
        })?,
        None => {
            return Err(Error::invalid_argument(
                at(".subjects"),
                "must be a list of strings",
            ))
        }
    };
    let payload = match message.get("payload") {
        Some(payload) => php_json::encode(&at(".payload"), payload)?,
        None => RawValue::NULL.to_owned(),
    };
    let traceparent = match message.get("traceparent").map(Zval::dereference) {
        None => None,
        Some(value) if value.is_null() => None,
        Some(value) => match value.str() {
            Some(text) => Some(text.to_owned()),
            None => {
                return Err(Error::invalid_argument(
                    at(".traceparent"),
                    "must be a string",
                ))
            }
        },
    };
    entry_body(subjects, payload, traceparent)
}
