<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\Functional;

use PHPUnit\Framework\TestCase;
use Snoke\WsBundle\Exception\PublishFailedException;
use Snoke\WsBundle\Service\RedisStreamPublisher;
use Snoke\WsBundle\Service\WebsocketPublisher;
use Snoke\WsBundle\Tests\Support\BootedKernel;
use Snoke\WsBundle\Tests\Support\CoreModeConfig;
use Snoke\WsBundle\Tests\Support\ExtensionRequired;
use Snoke\WsBundle\Tests\Support\TestRedis;

/**
 * `transport.type: redis_stream` in a booted kernel, real extension, real Redis.
 */
final class RedisStreamPublisherTest extends TestCase
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

    private function publisher(array $overrides = []): WebsocketPublisher
    {
        $this->kernel = new BootedKernel([CoreModeConfig::for($this->redis, $overrides)]);
        $publisher = $this->kernel->service('snoke_ws.publisher');
        \assert($publisher instanceof WebsocketPublisher);

        return $publisher;
    }

    public function testSendAppendsResolvedSubjectsAndPayloadToTheOutboxStream(): void
    {
        $this->publisher()->send([42, 'user:7'], ['type' => 'chat', 'text' => 'hi ✓']);

        $entries = $this->redis->entries($this->redis->key('outbox'));
        self::assertCount(1, $entries);
        self::assertSame(
            ['subjects' => ['user:42', 'user:7'], 'payload' => ['type' => 'chat', 'text' => 'hi ✓']],
            json_decode($entries[0]['fields']['data'], true, 512, JSON_THROW_ON_ERROR),
        );
    }

    public function testEachSendIsOneEntryInOrder(): void
    {
        $publisher = $this->publisher();
        foreach (range(1, 3) as $n) {
            $publisher->send(['user:1'], ['n' => $n]);
        }

        $payloads = array_map(
            static fn (array $entry): mixed => json_decode($entry['fields']['data'], true)['payload']['n'],
            $this->redis->entries($this->redis->key('outbox')),
        );
        self::assertSame([1, 2, 3], $payloads);
    }

    public function testTheOutboxIsTrimmedSoPushesDoNotPileUpInRedis(): void
    {
        $publisher = new RedisStreamPublisher(
            ['redis_stream' => ['dsn' => $this->redis->url, 'stream' => $this->redis->key('outbox')]],
            200,
        );
        foreach (range(1, 2000) as $n) {
            $publisher->publish(['user:1'], ['n' => $n]);
        }

        $length = (int) $this->redis->command('XLEN', $this->redis->key('outbox'));
        // MAXLEN ~ trims whole nodes (100 entries each by default), never below the cap.
        self::assertGreaterThanOrEqual(200, $length);
        self::assertLessThan(400, $length);
        $entries = $this->redis->entries($this->redis->key('outbox'));
        self::assertSame(2000, json_decode(end($entries)['fields']['data'], true)['payload']['n']);
    }

    public function testUnreachableRedisIsAPublishFailedException(): void
    {
        $publisher = $this->publisher(['transport' => ['redis_stream' => ['dsn' => 'redis://127.0.0.1:1']]]);

        $this->expectException(PublishFailedException::class);
        $this->expectExceptionMessage('Publishing to the Redis outbox stream failed');

        $publisher->send(['user:1'], ['lost' => false]);
    }
}
