<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Service;

use Snoke\WsBundle\Config\InterpretationStrategy;

/**
 * Applies `presence.interpretation`: with `ttl` or `heartbeat` a connection
 * counts only if it was seen within that window plus `grace_seconds` (seen =
 * `last_seen_at` when `use_last_seen` and present, else `connected_at`;
 * connections with neither are dropped). `none`, `session` and a window of 0
 * keep every connection.
 */
final class PresenceInterpreter
{
    private InterpretationStrategy $strategy;
    private int $ttlSeconds;
    private int $heartbeatSeconds;
    private int $graceSeconds;
    private bool $useLastSeen;

    /** @var \Closure(): int */
    private \Closure $clock;

    /**
     * @param array<string, mixed> $config the `snoke_ws.presence` section
     * @param (\Closure(): int)|null $clock current unix time, for tests
     */
    public function __construct(array $config, ?\Closure $clock = null)
    {
        $interpretation = (array) ($config['interpretation'] ?? []);
        $this->strategy = InterpretationStrategy::fromConfig($interpretation['strategy'] ?? null);
        $this->ttlSeconds = (int) ($interpretation['ttl_seconds'] ?? 120);
        $this->heartbeatSeconds = (int) ($interpretation['heartbeat_seconds'] ?? 30);
        $this->graceSeconds = max(0, (int) ($interpretation['grace_seconds'] ?? 15));
        $this->useLastSeen = (bool) ($interpretation['use_last_seen'] ?? true);
        $this->clock = $clock ?? static fn (): int => time();
    }

    /**
     * @param array<mixed> $connections
     *
     * @return list<array<string, mixed>>
     */
    public function filterConnections(array $connections): array
    {
        $connections = array_values(array_filter($connections, 'is_array'));
        $window = match ($this->strategy) {
            InterpretationStrategy::Ttl => $this->ttlSeconds,
            InterpretationStrategy::Heartbeat => $this->heartbeatSeconds,
            InterpretationStrategy::None, InterpretationStrategy::Session => 0,
        };
        if ($window <= 0) {
            return $connections;
        }

        $oldestAllowed = ($this->clock)() - ($window + $this->graceSeconds);

        return array_values(array_filter(
            $connections,
            fn (array $connection): bool => ($seen = $this->lastSeen($connection)) !== null && $seen >= $oldestAllowed,
        ));
    }

    /** @param array<string, mixed> $connection */
    private function lastSeen(array $connection): ?int
    {
        $candidate = null;
        if ($this->useLastSeen && isset($connection['last_seen_at'])) {
            $candidate = $connection['last_seen_at'];
        }
        $candidate ??= $connection['connected_at'] ?? null;

        return is_numeric($candidate) ? (int) $candidate : null;
    }
}
