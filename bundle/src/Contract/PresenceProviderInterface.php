<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Contract;

/**
 * Lists the open connections, filtered by the `presence.interpretation` rules.
 *
 * Each connection is an array with `connection_id`, `user_id`, `subjects` and
 * `connected_at` (plus `last_seen_at` where the store keeps it).
 */
interface PresenceProviderInterface
{
    /**
     * @return array{connections: list<array<string, mixed>>}
     *
     * @throws \Snoke\WsBundle\Exception\WsExceptionInterface when presence cannot be read
     */
    public function listConnections(?string $subjectKey = null, ?string $userId = null): array;

    /**
     * @return array{connections: list<array<string, mixed>>}
     *
     * @throws \Snoke\WsBundle\Exception\WsExceptionInterface when presence cannot be read
     */
    public function listConnectionsForUser(string $userId): array;
}
