<?php

// DRAFT CONTRACT — replaced by `cargo php stubs` output once the extension lands.
// The bundle codes against exactly these signatures.

namespace SnokeWs {
    /** Base of every runtime failure raised by the extension. */
    class SnokeWsException extends \RuntimeException {}

    /** The peer (gateway, broker) could not be reached, or did not answer within the timeout. */
    class ConnectionException extends SnokeWsException {}

    /** The gateway answered, but with an error status; getCode() is the HTTP status. */
    class GatewayException extends SnokeWsException {}

    /** A JWT could not be signed (bad key, unsupported algorithm for the key). */
    class JwtException extends SnokeWsException {}

    /** An argument was rejected before any I/O; the message names it. */
    class InvalidArgumentException extends \InvalidArgumentException {}

    /** A bug inside the extension (a Rust panic), caught at the boundary. */
    class InternalError extends \Error {}

    /** Publishes to the gateway's `POST /internal/publish` over a per-process keep-alive client. */
    final class HttpPublisher
    {
        public function __construct(
            string $baseUrl,
            ?string $apiKey = null,
            float $timeoutSeconds = 5.0,
            string $publishPath = '/internal/publish',
            string $apiKeyHeader = 'X-Api-Key',
        ) {}

        /**
         * @param list<string> $subjects
         * @param mixed $payload null|bool|int|float|string|array (objects: json_encode/decode first)
         * @return int connections reached (the gateway's "sent")
         */
        public function publish(array $subjects, mixed $payload, ?string $traceparent = null): int {}
    }

    /** Reads presence from the gateway's `/internal/connections` endpoints. */
    final class HttpPresence
    {
        public function __construct(
            string $baseUrl,
            ?string $apiKey = null,
            float $timeoutSeconds = 5.0,
            string $listPath = '/internal/connections',
            string $byUserPath = '/internal/users/{user_id}/connections',
            string $apiKeyHeader = 'X-Api-Key',
        ) {}

        /** @return list<array{connection_id: string, user_id: string, subjects: list<string>, connected_at: int}> */
        public function listConnections(?string $subject = null, ?string $userId = null): array {}

        /** @return list<array{connection_id: string, user_id: string, subjects: list<string>, connected_at: int}> */
        public function listConnectionsForUser(string $userId): array {}
    }

    /** Signs JWTs with HS256/384/512, RS256/384/512, PS256/384/512, ES256/384. */
    final class Jwt
    {
        /**
         * @param array<string, mixed> $claims
         * @param string $key HMAC secret for HS*, PEM private key for RS/PS/ES
         */
        public static function sign(array $claims, string $key, string $algorithm = 'RS256', ?string $keyId = null): string {}
    }

    /** Diagnostics of the per-process runtime (what this worker has opened). */
    final class Runtime
    {
        /** @return array{pid: int, http_connections_opened: int} */
        public static function stats(): array {}
    }
}
