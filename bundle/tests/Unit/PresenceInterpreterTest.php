<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\Unit;

use PHPUnit\Framework\TestCase;
use Snoke\WsBundle\Exception\InvalidConfigurationException;
use Snoke\WsBundle\Service\PresenceInterpreter;

final class PresenceInterpreterTest extends TestCase
{
    private const NOW = 1_700_000_000;

    /**
     * @param array<string, mixed> $interpretation
     */
    private static function interpreter(array $interpretation): PresenceInterpreter
    {
        return new PresenceInterpreter(['interpretation' => $interpretation], static fn (): int => self::NOW);
    }

    /** @return array<string, mixed> */
    private static function connection(string $id, ?int $connectedAt, ?int $lastSeenAt = null): array
    {
        $connection = ['connection_id' => $id, 'user_id' => '1', 'subjects' => ['user:1']];
        if ($connectedAt !== null) {
            $connection['connected_at'] = $connectedAt;
        }
        if ($lastSeenAt !== null) {
            $connection['last_seen_at'] = $lastSeenAt;
        }

        return $connection;
    }

    /**
     * @return iterable<string, array{0: string}>
     */
    public static function keepAllStrategies(): iterable
    {
        yield 'none' => ['none'];
        yield 'session' => ['session'];
        yield 'empty means none' => [''];
    }

    /**
     * @dataProvider keepAllStrategies
     */
    public function testStrategiesWithoutWindowKeepEveryConnection(string $strategy): void
    {
        $connections = [self::connection('old', 1), self::connection('no-timestamps', null)];

        self::assertSame($connections, self::interpreter(['strategy' => $strategy])->filterConnections($connections));
    }

    public function testTtlKeepsConnectionsSeenWithinTtlPlusGrace(): void
    {
        $filtered = self::interpreter(['strategy' => 'ttl', 'ttl_seconds' => 120, 'grace_seconds' => 15])->filterConnections([
            self::connection('fresh', self::NOW - 10),
            self::connection('at-the-edge', self::NOW - 135),
            self::connection('stale', self::NOW - 136),
        ]);

        self::assertSame(['fresh', 'at-the-edge'], array_column($filtered, 'connection_id'));
    }

    public function testHeartbeatUsesTheHeartbeatWindow(): void
    {
        $filtered = self::interpreter(['strategy' => 'heartbeat', 'heartbeat_seconds' => 30, 'grace_seconds' => 15, 'ttl_seconds' => 1000])
            ->filterConnections([self::connection('alive', self::NOW - 45), self::connection('gone', self::NOW - 46)]);

        self::assertSame(['alive'], array_column($filtered, 'connection_id'));
    }

    public function testLastSeenWinsOverConnectedAtWhenEnabled(): void
    {
        $connection = self::connection('long-lived', self::NOW - 3600, self::NOW - 5);

        self::assertCount(1, self::interpreter(['strategy' => 'ttl', 'ttl_seconds' => 60, 'grace_seconds' => 0, 'use_last_seen' => true])
            ->filterConnections([$connection]));
        self::assertCount(0, self::interpreter(['strategy' => 'ttl', 'ttl_seconds' => 60, 'grace_seconds' => 0, 'use_last_seen' => false])
            ->filterConnections([$connection]));
    }

    public function testConnectionsWithoutTimestampAreDroppedByWindowedStrategies(): void
    {
        self::assertSame([], self::interpreter(['strategy' => 'ttl', 'ttl_seconds' => 60])->filterConnections([self::connection('x', null)]));
    }

    public function testZeroWindowKeepsEveryConnectionLikeTheOldBundle(): void
    {
        $connections = [self::connection('ancient', 1)];

        self::assertSame($connections, self::interpreter(['strategy' => 'ttl', 'ttl_seconds' => 0])->filterConnections($connections));
    }

    public function testNegativeGraceCountsAsZero(): void
    {
        $filtered = self::interpreter(['strategy' => 'ttl', 'ttl_seconds' => 60, 'grace_seconds' => -100])
            ->filterConnections([self::connection('ok', self::NOW - 60)]);

        self::assertCount(1, $filtered);
    }

    public function testEntriesThatAreNotConnectionsAreDropped(): void
    {
        self::assertSame([], self::interpreter(['strategy' => 'none'])->filterConnections(['nope', 42, null]));
    }

    public function testDefaultsMatchTheOldBundle(): void
    {
        $filtered = (new PresenceInterpreter([], static fn (): int => self::NOW))->filterConnections([self::connection('any', 1)]);

        self::assertCount(1, $filtered, 'default strategy none keeps everything');
    }

    public function testUnknownStrategyIsRejectedNamingThePath(): void
    {
        $this->expectException(InvalidConfigurationException::class);
        $this->expectExceptionMessage('Invalid value "sometimes" for "snoke_ws.presence.interpretation.strategy"');

        self::interpreter(['strategy' => 'sometimes']);
    }
}
