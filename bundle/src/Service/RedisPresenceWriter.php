<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Service;

use Snoke\WsBundle\Config\SectionValue;
use Snoke\WsBundle\Contract\PresenceWriterInterface;
use SnokeWs\RedisPresence as ExtensionRedisPresence;

/**
 * `presence.writer.type: redis`: records presence from Symfony's side in the
 * gateway's key layout; each write refreshes the TTL of
 * `presence.writer.ttl_seconds` (0: keys do not expire).
 */
final class RedisPresenceWriter implements PresenceWriterInterface
{
    public const DEFAULT_TTL_SECONDS = 120;

    private ?ExtensionRedisPresence $store = null;
    private int $ttlSeconds;

    /**
     * @param array<string, mixed> $config the `snoke_ws.presence` section
     */
    public function __construct(#[\SensitiveParameter] private array $config)
    {
        $this->ttlSeconds = SectionValue::int(
            (array) ($config['writer'] ?? []),
            'ttl_seconds',
            self::DEFAULT_TTL_SECONDS,
            0,
            'snoke_ws.presence.writer.ttl_seconds',
        );
    }

    public function upsertConnection(string $connectionId, string $userId, array $subjects, int $connectedAt): void
    {
        $store = $this->store();
        RedisPresenceConnection::call('Writing presence', fn () => $store->upsert(
            $connectionId,
            $userId,
            array_values(array_map('strval', $subjects)),
            $connectedAt,
            $this->ttlSeconds,
        ));
    }

    public function touchConnection(string $connectionId, string $userId, array $subjects): void
    {
        $store = $this->store();
        RedisPresenceConnection::call('Refreshing presence', fn () => $store->touch($connectionId, $this->ttlSeconds));
    }

    public function removeConnection(string $connectionId, string $userId, array $subjects): void
    {
        $store = $this->store();
        RedisPresenceConnection::call('Removing presence', static fn () => $store->remove($connectionId));
    }

    private function store(): ExtensionRedisPresence
    {
        return $this->store ??= RedisPresenceConnection::open($this->config);
    }
}
