<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Service;

use Snoke\WsBundle\Contract\PresenceProviderInterface;
use SnokeWs\RedisPresence as ExtensionRedisPresence;

/**
 * `presence.type: redis`: reads the presence keys the gateways (or the
 * presence writer) keep in Redis, then applies the interpretation filter.
 */
final class RedisPresenceProvider implements PresenceProviderInterface
{
    private ?ExtensionRedisPresence $store = null;

    /**
     * @param array<string, mixed> $config the `snoke_ws.presence` section
     */
    public function __construct(#[\SensitiveParameter] private array $config, private PresenceInterpreter $interpreter)
    {
    }

    public function listConnections(?string $subjectKey = null, ?string $userId = null): array
    {
        $store = $this->store ??= RedisPresenceConnection::open($this->config);
        $connections = RedisPresenceConnection::call('Reading presence', static fn (): array => $store->listConnections(
            $subjectKey === '' ? null : $subjectKey,
            $userId === '' ? null : $userId,
        ));

        return ['connections' => $this->interpreter->filterConnections($connections)];
    }

    public function listConnectionsForUser(string $userId): array
    {
        $store = $this->store ??= RedisPresenceConnection::open($this->config);
        $connections = RedisPresenceConnection::call(
            'Reading presence',
            static fn (): array => $store->listConnectionsForUser($userId),
        );

        return ['connections' => $this->interpreter->filterConnections($connections)];
    }
}
