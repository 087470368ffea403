<?php

// Stubs for snoke_ws

namespace SnokeWs {
    /**
     * Reads presence from the gateway's `/internal/connections` endpoints.
     */
    class HttpPresence {
        /**
         * Validates the settings; no I/O happens here, the first call connects.
         *
         * `$baseUrl` is the gateway's base URL (`http://127.0.0.1:8000`); `$apiKey`, when
         * non-empty, is sent in the `$apiKeyHeader` header (the gateway's `GATEWAY_API_KEY`);
         * `$timeoutSeconds` bounds each call (connecting is capped at 2 s); `$listPath` and
         * `$byUserPath` start with `/`, and `{user_id}` in `$byUserPath` is replaced by the
         * URL-encoded user id.
         *
         * @throws InvalidArgumentException when an argument is malformed
         *
         * @param string $baseUrl
         * @param string|null $apiKey
         * @param float $timeoutSeconds
         * @param string $listPath
         * @param string $byUserPath
         * @param string $apiKeyHeader
         */
        public function __construct(string $baseUrl, ?string $apiKey = null, float $timeoutSeconds = 5.0, string $listPath = '/internal/connections', string $byUserPath = '/internal/users/{user_id}/connections', string $apiKeyHeader = 'X-Api-Key') {}

        /**
         * Connections on the gateway, filtered by subject and/or user id when given
         * (`?subject=&user_id=`).
         *
         * @phpstan-return list<array{connection_id: string, user_id: string, subjects: list<string>, connected_at: int}>
         * @throws ConnectionException when the gateway cannot be reached within the timeout
         * @throws GatewayException when the gateway answers with an error status (code = status)
         *
         * @param string|null $subject
         * @param string|null $userId
         * @return array
         */
        public function listConnections(?string $subject = null, ?string $userId = null): array {}

        /**
         * Connections of one user.
         *
         * @phpstan-return list<array{connection_id: string, user_id: string, subjects: list<string>, connected_at: int}>
         * @throws InvalidArgumentException when `$userId` is empty
         * @throws ConnectionException when the gateway cannot be reached within the timeout
         * @throws GatewayException when the gateway answers with an error status (code = status)
         *
         * @param string $userId
         * @return array
         */
        public function listConnectionsForUser(string $userId): array {}
    }

    /**
     * Publishes to the gateway's `POST /internal/publish` over a per-process keep-alive client.
     */
    class HttpPublisher {
        /**
         * Validates the settings; no I/O happens here, the first publish connects.
         *
         * `$baseUrl` is the gateway's base URL (`http://127.0.0.1:8000`); `$apiKey`, when
         * non-empty, is sent in the `$apiKeyHeader` header (the gateway's `GATEWAY_API_KEY`);
         * `$timeoutSeconds` bounds each call (connecting is capped at 2 s); `$publishPath`
         * starts with `/`.
         *
         * @throws InvalidArgumentException when an argument is malformed
         *
         * @param string $baseUrl
         * @param string|null $apiKey
         * @param float $timeoutSeconds
         * @param string $publishPath
         * @param string $apiKeyHeader
         */
        public function __construct(string $baseUrl, ?string $apiKey = null, float $timeoutSeconds = 5.0, string $publishPath = '/internal/publish', string $apiKeyHeader = 'X-Api-Key') {}

        /**
         * Sends `{"subjects":[...],"payload":...,"traceparent"?}` to the gateway and returns
         * how many connections it reached (the gateway's `sent`).
         *
         * `$payload` may be null, bool, int, float, string or array (a list when keyed
         * `0..n-1`, else an object), nested; objects are refused (json_decode them to arrays
         * first). `$traceparent` is the W3C trace context forwarded with the message.
         *
         * @phpstan-param list<string> $subjects
         * @throws InvalidArgumentException for a non-string subject or an unsupported payload value
         * @throws ConnectionException when the gateway cannot be reached within the timeout
         * @throws GatewayException when the gateway answers with an error status (code = status)
         *
         * @param array $subjects
         * @param mixed $payload
         * @param string|null $traceparent
         * @return int
         */
        public function publish(array $subjects, mixed $payload, ?string $traceparent = null): int {}
    }

    /**
     * Signs JWTs with HS256/384/512, RS256/384/512, PS256/384/512, ES256/384 or EdDSA.
     */
    class Jwt {
        public function __construct() {}

        /**
         * Signs `$claims` and returns the compact JWT.
         *
         * `$claims` is an associative array, e.g. `['user_id' => '42', 'exp' => time() + 3600]`.
         * `$key` is the HMAC secret for HS*, else a PEM private key (RSA: PKCS#8 or PKCS#1;
         * EC and Ed25519: PKCS#8). `$algorithm` is one of HS256 HS384 HS512 RS256 RS384 RS512
         * PS256 PS384 PS512 ES256 ES384 EdDSA. `$keyId`, when given, becomes the header's `kid`.
         *
         * @phpstan-param array<string, mixed> $claims
         * @throws InvalidArgumentException for an unknown algorithm, a list as claims or an empty key
         * @throws JwtException when the key does not fit the algorithm (the message never shows the key)
         *
         * @param array $claims
         * @param string $key
         * @param string $algorithm
         * @param string|null $keyId
         * @return string
         */
        public static function sign(array $claims, string $key, string $algorithm = 'RS256', ?string $keyId = null): string {}
    }

    /**
     * Reads the gateway's event exchanges through a durable queue, at least once.
     */
    class RabbitMqConsumer {
        /**
         * Validates the settings; no I/O happens here, the first fetch connects and declares.
         *
         * `$dsn` is `amqp://[user:password@]host[:port][/vhost]` (never shown in messages);
         * `$queue` the durable queue, bound to each binding's durable direct `exchange` with its
         * `routing_key`; `$prefetch` the unacked messages the broker sends ahead; a message whose
         * handler failed on its `$maxDeliveries`th delivery goes to `$deadLetterExchange` (durable
         * direct) and from there to `$deadLetterQueue` (both declared, and set as the queue's
         * dead-letter target); `$timeoutSeconds` bounds each call; `$messageTtlMs` > 0 declares
         * the queue with that `x-message-ttl` (expired messages are dead-lettered too) and must
         * match the gateway's `RABBITMQ_*_QUEUE` TTL when both declare the same queue.
         *
         * @phpstan-param list<array{exchange: string, routing_key: string}> $bindings
         * @throws InvalidArgumentException when an argument is malformed (a bad DSN included)
         *
         * @param string $dsn
         * @param string $queue
         * @param array $bindings
         * @param int $prefetch
         * @param int $maxDeliveries
         * @param string $deadLetterExchange
         * @param string $deadLetterQueue
         * @param float $timeoutSeconds
         * @param int $messageTtlMs
         */
        public function __construct(string $dsn, string $queue = 'ws.inbox', array $bindings = [['exchange' => 'ws.inbox', 'routing_key' => 'ws.inbox'], ['exchange' => 'ws.events', 'routing_key' => 'ws.events']], int $prefetch = 100, int $maxDeliveries = 5, string $deadLetterExchange = 'ws.dlq', string $deadLetterQueue = 'ws.dlq', float $timeoutSeconds = 5.0, int $messageTtlMs = 0) {}

        /**
         * Acknowledges a delivery: it will not be delivered again. An unknown id (already
         * acked, or from before a reconnect, when the broker redelivers it anyway) is ignored.
         *
         * @throws ConnectionException when RabbitMQ cannot be reached within the timeout
         *
         * @param string $stream
         * @param string $id
         * @return void
         */
        public function ack(string $stream, string $id): void {}

        /**
         * This process's consumer tag.
         *
         * @return string
         */
        public function consumerName(): string {}

        /**
         * The handler failed for a delivery. Before its `maxDeliveries`th delivery a copy
         * counting this delivery is published (confirmed) to the back of the queue and the
         * delivery acked (`false`); on it, the message is published to the dead-letter exchange
         * with `x-snoke-error`, `x-snoke-deliveries` and `x-snoke-target-exchange` /
         * `x-snoke-target-routing-key`, then acked (`true`). An unknown id returns `false`.
         *
         * @throws ConnectionException when RabbitMQ cannot be reached within the timeout (the
         *         delivery is then redelivered by the broker)
         * @throws BrokerException when RabbitMQ refuses the copy (nack)
         *
         * @param string $stream
         * @param string $id
         * @param string $error
         * @return bool
         */
        public function fail(string $stream, string $id, string $error): bool {}

        /**
         * Up to `$count` deliveries, or `[]` when nothing arrived within `$blockMs` (at most
         * 1000); returns early when PHP has a pending interrupt (a signal caught with
         * `pcntl_async_signals(true)`). `stream` is the exchange the message was published to,
         * `id` an opaque delivery id for `ack()`/`fail()`, `event` the decoded JSON body,
         * `deliveries` how often it was delivered (a broker redelivery counts). A body that is
         * not a JSON object goes straight to the dead-letter exchange and is not returned.
         * `headers` (an addition to the Redis consumer's shape) holds the message's text and
         * integer headers.
         *
         * @phpstan-return list<array{stream: string, id: string, event: array, deliveries: int, headers: array<string, string|int>}>
         * @throws InvalidArgumentException when `$count` is not 1..10000 or `$blockMs` not 0..1000
         * @throws ConnectionException when RabbitMQ cannot be reached within the timeout (the
         *         next fetch reconnects; unacked deliveries are redelivered by the broker)
         * @throws BrokerException when RabbitMQ refuses the topology (e.g. a queue declared
         *         elsewhere with other arguments)
         *
         * @param int $count
         * @param int $blockMs
         * @return array
         */
        public function fetch(int $count = 100, int $blockMs = 1000): array {}
    }

    /**
     * Publishes outbox messages with publisher confirms over a per-process connection.
     */
    class RabbitMqPublisher {
        /**
         * Validates the settings; no I/O happens here, the first publish connects.
         *
         * `$dsn` is `amqp://[user:password@]host[:port][/vhost]` (never shown in messages);
         * `$exchange` a durable direct exchange (declared once per process); `$routingKey` the
         * key every message is published with; `$timeoutSeconds` bounds each call, the
         * broker's confirm included (connecting is capped at 2 s).
         *
         * @throws InvalidArgumentException when an argument is malformed (a bad DSN included)
         *
         * @param string $dsn
         * @param string $exchange
         * @param string $routingKey
         * @param float $timeoutSeconds
         */
        public function __construct(string $dsn, string $exchange = 'ws.outbox', string $routingKey = 'ws.outbox', float $timeoutSeconds = 5.0) {}

        /**
         * Publishes `{"subjects":[...],"payload":...,"traceparent"?}` (persistent,
         * `application/json`) and returns once the broker has confirmed it.
         *
         * `$payload` follows the same rules as `HttpPublisher::publish()` (arrays and scalars).
         *
         * @phpstan-param list<string> $subjects
         * @throws InvalidArgumentException for a non-string subject or an unsupported payload value
         * @throws ConnectionException when RabbitMQ cannot be reached, or the confirm does not
         *         arrive, within the timeout (the next call reconnects)
         * @throws BrokerException when RabbitMQ refuses the message (nack) or the exchange
         *
         * @param array $subjects
         * @param mixed $payload
         * @param string|null $traceparent
         * @return void
         */
        public function publish(array $subjects, mixed $payload, ?string $traceparent = null): void {}

        /**
         * Publishes every message, then waits for all their confirms.
         *
         * Each message is `['subjects' => [...], 'payload' => ..., 'traceparent' => ?string]`;
         * all are validated before anything is sent.
         *
         * @phpstan-param list<array{subjects: list<string>, payload: mixed, traceparent?: string}> $messages
         * @throws InvalidArgumentException naming the first malformed message (`messages[3].subjects`)
         * @throws ConnectionException when RabbitMQ cannot be reached, or the confirms do not
         *         arrive, within the timeout (the next call reconnects)
         * @throws BrokerException when RabbitMQ refuses a message (nack) or the exchange
         *
         * @param array $messages
         * @return void
         */
        public function publishBatch(array $messages): void {}
    }

    /**
     * Reads and writes presence in Redis: hash `<p>conn:<id>`, sets `<p>user:<uid>` and
     * `<p>subject:<s>`.
     */
    class RedisPresence {
        /**
         * Validates the settings; no I/O happens here, the first call connects.
         *
         * `$dsn` is `redis://[user:password@]host[:port][/db]` (never shown in messages);
         * `$prefix` the gateway's `PRESENCE_REDIS_PREFIX`; `$timeoutSeconds` bounds each call.
         *
         * @throws InvalidArgumentException when an argument is malformed (a bad DSN included)
         *
         * @param string $dsn
         * @param string $prefix
         * @param float $timeoutSeconds
         */
        public function __construct(string $dsn, string $prefix = 'presence:', float $timeoutSeconds = 5.0) {}

        /**
         * Connections, filtered by subject and/or user id when given (an empty string is no
         * filter): the subject/user set (both: their intersection), or `SCAN` over every
         * connection hash; the hashes are then read in one pipelined round trip. Sorted by
         * `connected_at`, then id. Expired entries are left out (and dropped from the set).
         *
         * @phpstan-return list<array{connection_id: string, user_id: string, subjects: list<string>, connected_at: int, last_seen_at: int}>
         * @throws ConnectionException when Redis cannot be reached within the timeout
         * @throws BrokerException when Redis answers with an error
         *
         * @param string|null $subject
         * @param string|null $userId
         * @return array
         */
        public function listConnections(?string $subject = null, ?string $userId = null): array {}

        /**
         * Connections of one user.
         *
         * @phpstan-return list<array{connection_id: string, user_id: string, subjects: list<string>, connected_at: int, last_seen_at: int}>
         * @throws InvalidArgumentException when `$userId` is empty
         * @throws ConnectionException when Redis cannot be reached within the timeout
         * @throws BrokerException when Redis answers with an error
         *
         * @param string $userId
         * @return array
         */
        public function listConnectionsForUser(string $userId): array {}

        /**
         * Deletes the connection hash and removes the id from its user and subject sets.
         *
         * @throws InvalidArgumentException for an empty id
         * @throws ConnectionException when Redis cannot be reached within the timeout
         * @throws BrokerException when Redis answers with an error
         *
         * @param string $connectionId
         * @return void
         */
        public function remove(string $connectionId): void {}

        /**
         * Sets `last_seen_at` = now (and refreshes the TTL when `$ttlSeconds` > 0) on a
         * connection that is still present; a removed or expired one is left absent.
         *
         * @throws InvalidArgumentException for an empty id or a negative TTL
         * @throws ConnectionException when Redis cannot be reached within the timeout
         * @throws BrokerException when Redis answers with an error
         *
         * @param string $connectionId
         * @param int $ttlSeconds
         * @return void
         */
        public function touch(string $connectionId, int $ttlSeconds = 0): void {}

        /**
         * Writes the connection hash (`last_seen_at` = now) and adds the id to its user and
         * subject sets, atomically (`MULTI`); `$ttlSeconds` > 0 sets `EXPIRE` on the hash.
         *
         * @phpstan-param list<string> $subjects
         * @throws InvalidArgumentException for an empty id, a non-string subject or a negative TTL
         * @throws ConnectionException when Redis cannot be reached within the timeout
         * @throws BrokerException when Redis answers with an error
         *
         * @param string $connectionId
         * @param string $userId
         * @param array $subjects
         * @param int $connectedAt
         * @param int $ttlSeconds
         * @return void
         */
        public function upsert(string $connectionId, string $userId, array $subjects, int $connectedAt, int $ttlSeconds = 0): void {}
    }

    /**
     * Reads the gateway's event streams through a consumer group, at least once.
     */
    class RedisStreamConsumer {
        /**
         * Validates the settings; no I/O happens here, the first fetch creates the group.
         *
         * `$dsn` is `redis://[user:password@]host[:port][/db]` (never shown in messages);
         * `$streams` the streams to read (the group is created on each, with `MKSTREAM`, from
         * the first entry; an existing group is used as it is); `$consumer` the consumer name
         * (default: `<host>-<pid>-<random>`, new in each process); an entry whose handler
         * failed after `$maxDeliveries` deliveries goes to `$deadLetterStream`; entries pending
         * longer than `$claimIdleMs` are re-claimed from their (dead) consumer;
         * `$timeoutSeconds` bounds each non-blocking call.
         *
         * @phpstan-param list<string> $streams
         * @throws InvalidArgumentException when an argument is malformed (a bad DSN included)
         *
         * @param string $dsn
         * @param array $streams
         * @param string $group
         * @param string|null $consumer
         * @param int $maxDeliveries
         * @param int $claimIdleMs
         * @param string $deadLetterStream
         * @param float $timeoutSeconds
         */
        public function __construct(string $dsn, array $streams = ['ws.inbox', 'ws.events'], string $group = 'snoke_ws', ?string $consumer = null, int $maxDeliveries = 5, int $claimIdleMs = 30000, string $deadLetterStream = 'ws.dlq', float $timeoutSeconds = 5.0) {}

        /**
         * Acknowledges an entry (`XACK`): it will not be delivered again.
         *
         * @throws ConnectionException when Redis cannot be reached within the timeout
         * @throws BrokerException when Redis answers with an error
         *
         * @param string $stream
         * @param string $id
         * @return void
         */
        public function ack(string $stream, string $id): void {}

        /**
         * Acknowledges several entries of one stream with a single `XACK`, e.g. every
         * entry of a fetched batch once its handlers returned, and returns how many were
         * still pending. An empty list sends nothing.
         *
         * @phpstan-param list<string> $ids
         * @throws InvalidArgumentException when an id is not a string
         * @throws ConnectionException when Redis cannot be reached within the timeout
         * @throws BrokerException when Redis answers with an error
         *
         * @param string $stream
         * @param array $ids
         * @return int
         */
        public function ackMany(string $stream, array $ids): int {}

        /**
         * This process's consumer name in the group.
         *
         * @return string
         */
        public function consumerName(): string {}

        /**
         * The handler failed for an entry. Once the entry has been delivered `maxDeliveries`
         * times it is added to the dead-letter stream (fields `stream`, `id`, `group`,
         * `consumer`, `deliveries`, `error`, `data`) and acked, in one transaction, and `true`
         * is returned; before that it stays pending and is re-claimed after `claimIdleMs`
         * (`false`). An entry no longer pending (already acked) returns `false`.
         *
         * @throws ConnectionException when Redis cannot be reached within the timeout
         * @throws BrokerException when Redis answers with an error
         *
         * @param string $stream
         * @param string $id
         * @param string $error
         * @return bool
         */
        public function fail(string $stream, string $id, string $error): bool {}

        /**
         * Up to `$count` entries, or `[]` when nothing arrived within `$blockMs` (at most
         * 1000); returns early when PHP has a pending interrupt (a signal caught with
         * `pcntl_async_signals(true)`). Entries left pending longer than `claimIdleMs` come
         * first (`deliveries` > 1). `event` is the decoded `data` field; an entry without a
         * JSON object there goes straight to the dead-letter stream and is not returned.
         *
         * @phpstan-return list<array{stream: string, id: string, event: array, deliveries: int}>
         * @throws InvalidArgumentException when `$count` is not 1..10000 or `$blockMs` not 0..1000
         * @throws ConnectionException when Redis cannot be reached within the timeout
         * @throws BrokerException when Redis answers with an error
         *
         * @param int $count
         * @param int $blockMs
         * @return array
         */
        public function fetch(int $count = 100, int $blockMs = 1000): array {}

        /**
         * Says entries fetched but not handled yet are still being worked on: their idle
         * time goes back to 0 (`XCLAIM … JUSTID`, delivery count left alone), so no other
         * consumer re-claims them for another `claimIdleMs`. For a worker whose batch takes
         * a while. Returns how many were still pending. An empty list sends nothing.
         *
         * @phpstan-param list<string> $ids
         * @throws InvalidArgumentException when an id is not a string
         * @throws ConnectionException when Redis cannot be reached within the timeout
         * @throws BrokerException when Redis answers with an error
         *
         * @param string $stream
         * @param array $ids
         * @return int
         */
        public function keep(string $stream, array $ids): int {}

        /**
         * Gives entries fetched but not handled back to the group at once, e.g. the rest
         * of a batch when the worker stops mid-way: their idle time is set to
         * `claimIdleMs` (`XCLAIM … IDLE … JUSTID`, which leaves their delivery count
         * alone), so the next fetch of any consumer in the group re-claims them instead
         * of waiting `claimIdleMs`. Returns how many were still pending. An empty list
         * sends nothing.
         *
         * @phpstan-param list<string> $ids
         * @throws InvalidArgumentException when an id is not a string
         * @throws ConnectionException when Redis cannot be reached within the timeout
         * @throws BrokerException when Redis answers with an error
         *
         * @param string $stream
         * @param array $ids
         * @return int
         */
        public function release(string $stream, array $ids): int {}
    }

    /**
     * Publishes outbox entries `data=<json>` with `XADD` over a per-process connection.
     */
    class RedisStreamPublisher {
        /**
         * Validates the settings; no I/O happens here, the first publish connects.
         *
         * `$dsn` is `redis://[user:password@]host[:port][/db]` (never shown in messages);
         * `$stream` the outbox stream; `$maxLen` > 0 trims it with `MAXLEN ~ $maxLen` on
         * every add (0 keeps everything); `$timeoutSeconds` bounds each call (connecting is
         * capped at 2 s).
         *
         * @throws InvalidArgumentException when an argument is malformed (a bad DSN included)
         *
         * @param string $dsn
         * @param string $stream
         * @param int $maxLen
         * @param float $timeoutSeconds
         */
        public function __construct(string $dsn, string $stream = 'ws.outbox', int $maxLen = 0, float $timeoutSeconds = 5.0) {}

        /**
         * Adds `{"subjects":[...],"payload":...,"traceparent"?}` to the stream and returns the
         * entry id once Redis has accepted it.
         *
         * `$payload` follows the same rules as `HttpPublisher::publish()` (arrays and scalars).
         *
         * @phpstan-param list<string> $subjects
         * @throws InvalidArgumentException for a non-string subject or an unsupported payload value
         * @throws ConnectionException when Redis cannot be reached within the timeout
         * @throws BrokerException when Redis answers with an error
         *
         * @param array $subjects
         * @param mixed $payload
         * @param string|null $traceparent
         * @return string
         */
        public function publish(array $subjects, mixed $payload, ?string $traceparent = null): string {}

        /**
         * Adds every message in one pipelined round trip; returns the entry ids, in order.
         *
         * Each message is `['subjects' => [...], 'payload' => ..., 'traceparent' => ?string]`;
         * all are validated before anything is sent.
         *
         * @phpstan-param list<array{subjects: list<string>, payload: mixed, traceparent?: string}> $messages
         * @phpstan-return list<string>
         * @throws InvalidArgumentException naming the first malformed message (`messages[3].subjects`)
         * @throws ConnectionException when Redis cannot be reached within the timeout
         * @throws BrokerException when Redis answers with an error
         *
         * @param array $messages
         * @return array
         */
        public function publishBatch(array $messages): array {}
    }

    /**
     * Diagnostics of the per-process runtime (what this worker has opened).
     */
    class Runtime {
        public function __construct() {}

        /**
         * What this process has opened: `pid` (this process), `http_connections_opened`
         * (TCP connections made by this process's HTTP clients; keep-alive keeps it low) and
         * `redis_connections_opened` (Redis connections: one shared per DSN and timeout, plus
         * one per consumer for its blocking reads) and `amqp_connections_opened` (RabbitMQ
         * connections: one shared per DSN and timeout, plus one per consumer). A forked child
         * starts again from 0.
         *
         * @phpstan-return array{pid: int, http_connections_opened: int, redis_connections_opened: int, amqp_connections_opened: int}
         *
         * @return array
         */
        public static function stats(): array {}
    }
}
