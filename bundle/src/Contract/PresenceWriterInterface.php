<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Contract;

/**
 * Records presence from Symfony's side (core mode with `presence.writer.type:
 * redis`); driven by the connection events.
 */
interface PresenceWriterInterface
{
    /** @param list<string> $subjects */
    public function upsertConnection(string $connectionId, string $userId, array $subjects, int $connectedAt): void;

    /** @param list<string> $subjects */
    public function touchConnection(string $connectionId, string $userId, array $subjects): void;

    /** @param list<string> $subjects */
    public function removeConnection(string $connectionId, string $userId, array $subjects): void;
}
