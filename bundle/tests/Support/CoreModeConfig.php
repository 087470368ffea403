<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\Support;

/**
 * A snoke_ws config for core mode over the test Redis, every stream, group and
 * presence key under the TestRedis prefix. Fast redelivery: a failed event is
 * re-claimed after 100 ms and dead-lettered on its second delivery.
 */
final class CoreModeConfig
{
    public const MAX_DELIVERIES = 2;

    /**
     * @param array<string, mixed> $overrides merged over the defaults
     *
     * @return array<string, mixed>
     */
    public static function for(TestRedis $redis, array $overrides = []): array
    {
        return array_replace_recursive([
            'mode' => 'core',
            'transport' => [
                'type' => 'redis_stream',
                'redis_stream' => ['dsn' => $redis->url, 'stream' => $redis->key('outbox')],
            ],
            'presence' => [
                'type' => 'redis',
                'redis' => ['dsn' => $redis->url, 'prefix' => $redis->key('presence:')],
                'interpretation' => ['strategy' => 'none'],
                'writer' => ['type' => 'redis', 'ttl_seconds' => 60, 'refresh_on_message' => true],
            ],
            'events' => [
                'type' => 'redis_stream',
                'redis_stream' => [
                    'dsn' => $redis->url,
                    'stream' => $redis->key('events'),
                    'inbox_stream' => $redis->key('inbox'),
                    'group' => 'symfony',
                    'dead_letter_stream' => $redis->key('dlq'),
                    'max_deliveries' => self::MAX_DELIVERIES,
                    'claim_idle_ms' => 100,
                ],
            ],
        ], $overrides);
    }
}
