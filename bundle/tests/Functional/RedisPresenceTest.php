<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\Functional;

use PHPUnit\Framework\TestCase;
use Snoke\WsBundle\Contract\PresenceProviderInterface;
use Snoke\WsBundle\Event\WebsocketConnectionClosedEvent;
use Snoke\WsBundle\Event\WebsocketConnectionEstablishedEvent;
use Snoke\WsBundle\Event\WebsocketMessageReceivedEvent;
use Snoke\WsBundle\Exception\PresenceUnavailableException;
use Snoke\WsBundle\Tests\Support\BootedKernel;
use Snoke\WsBundle\Tests\Support\CoreModeConfig;
use Snoke\WsBundle\Tests\Support\ExtensionRequired;
use Snoke\WsBundle\Tests\Support\TestRedis;
use Symfony\Contracts\EventDispatcher\EventDispatcherInterface;

/**
 * `presence.type: redis` and `presence.writer.type: redis` in a booted
 * kernel, real extension, real Redis: connection events write presence, the
 * provider reads it back, in the gateway's key layout.
 */
final class RedisPresenceTest extends TestCase
{
    private TestRedis $redis;
    private ?BootedKernel $kernel = null;

    protected function setUp(): void
    {
        ExtensionRequired::assertLoaded();
        $this->redis = TestRedis::connect();
    }

    protected function tearDown(): void
    {
        $this->kernel?->remove();
        $this->redis->cleanup();
    }

    /** @param array<string, mixed> $overrides */
    private function boot(array $overrides = []): void
    {
        $this->kernel = new BootedKernel([CoreModeConfig::for($this->redis, $overrides)]);
    }

    private function dispatch(object $event): void
    {
        $dispatcher = $this->kernel?->service('event_dispatcher');
        \assert($dispatcher instanceof EventDispatcherInterface);
        $dispatcher->dispatch($event);
    }

    private function presence(): PresenceProviderInterface
    {
        $presence = $this->kernel?->service(PresenceProviderInterface::class);
        \assert($presence instanceof PresenceProviderInterface);

        return $presence;
    }

    /** @return list<string> */
    private static function ids(array $listing): array
    {
        $ids = array_map(static fn (array $connection): string => $connection['connection_id'], $listing['connections']);
        sort($ids);

        return $ids;
    }

    public function testConnectedEventsAreListedByUserAndBySubject(): void
    {
        $this->boot();
        $this->dispatch(new WebsocketConnectionEstablishedEvent('c1', '42', ['user:42', 'room:a'], 1_700_000_000));
        $this->dispatch(new WebsocketConnectionEstablishedEvent('c2', '42', ['user:42'], 1_700_000_001));
        $this->dispatch(new WebsocketConnectionEstablishedEvent('c3', '7', ['user:7', 'room:a'], 1_700_000_002));

        self::assertSame(['c1', 'c2'], self::ids($this->presence()->listConnectionsForUser('42')));
        self::assertSame(['c1', 'c3'], self::ids($this->presence()->listConnections('room:a')));
        self::assertSame(['c1', 'c2', 'c3'], self::ids($this->presence()->listConnections()));

        $c1 = $this->presence()->listConnections(null, '42')['connections'];
        $c1 = array_values(array_filter($c1, static fn (array $c): bool => $c['connection_id'] === 'c1'))[0];
        self::assertSame('42', $c1['user_id']);
        self::assertSame(['user:42', 'room:a'], $c1['subjects']);
        self::assertSame(1_700_000_000, $c1['connected_at']);
    }

    public function testWriterUsesTheGatewaysKeyLayoutWithTheConfiguredTtl(): void
    {
        $this->boot();
        $this->dispatch(new WebsocketConnectionEstablishedEvent('c1', '42', ['user:42'], 1_700_000_000));

        $hash = $this->redis->command('HGETALL', $this->redis->key('presence:conn:c1'));
        self::assertSame('42', $hash['user_id']);
        self::assertSame(['user:42'], json_decode($hash['subjects'], true));
        self::assertSame('1700000000', $hash['connected_at']);
        self::assertContains('c1', $this->redis->command('SMEMBERS', $this->redis->key('presence:user:42')));
        self::assertContains('c1', $this->redis->command('SMEMBERS', $this->redis->key('presence:subject:user:42')));
        $ttl = $this->redis->command('TTL', $this->redis->key('presence:conn:c1'));
        self::assertGreaterThan(0, $ttl);
        self::assertLessThanOrEqual(60, $ttl);
    }

    public function testAMessageRefreshesLastSeenAndADisconnectRemovesTheConnection(): void
    {
        $this->boot();
        $this->dispatch(new WebsocketConnectionEstablishedEvent('c1', '42', ['user:42'], 1_700_000_000));
        $this->redis->command('HSET', $this->redis->key('presence:conn:c1'), 'last_seen_at', '1');

        $this->dispatch(new WebsocketMessageReceivedEvent('c1', '42', ['user:42'], 1_700_000_000, ['text' => 'hi'], '{"text":"hi"}'));
        $lastSeen = (int) $this->redis->command('HGET', $this->redis->key('presence:conn:c1'), 'last_seen_at');
        self::assertGreaterThan(1, $lastSeen, 'a message touches the connection');

        $this->dispatch(new WebsocketConnectionClosedEvent('c1', '42', ['user:42'], 1_700_000_000));
        self::assertSame([], $this->presence()->listConnectionsForUser('42')['connections']);
        self::assertSame(0, $this->redis->command('EXISTS', $this->redis->key('presence:conn:c1')));
    }

    public function testConnectionsWrittenByTheGatewayAreReadAndFilteredByTheInterpretation(): void
    {
        $this->boot(['presence' => ['writer' => ['type' => 'none'], 'interpretation' => [
            'strategy' => 'ttl', 'ttl_seconds' => 60, 'grace_seconds' => 0, 'use_last_seen' => true,
        ]]]);
        $now = time();
        foreach (['fresh' => $now, 'stale' => $now - 3600] as $id => $lastSeen) {
            $this->redis->command(
                'HSET',
                $this->redis->key('presence:conn:' . $id),
                'connection_id',
                $id,
                'user_id',
                '9',
                'subjects',
                '["user:9"]',
                'connected_at',
                (string) ($now - 7200),
                'last_seen_at',
                (string) $lastSeen,
            );
            $this->redis->command('SADD', $this->redis->key('presence:user:9'), $id);
        }

        self::assertSame(['fresh'], self::ids($this->presence()->listConnectionsForUser('9')));
    }

    public function testUnreachableRedisIsAPresenceUnavailableException(): void
    {
        $this->boot(['presence' => ['redis' => ['dsn' => 'redis://127.0.0.1:1']]]);

        $this->expectException(PresenceUnavailableException::class);
        $this->expectExceptionMessage('Reading presence in Redis failed');

        $this->presence()->listConnectionsForUser('42');
    }
}
