<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\Support;

use PHPUnit\Framework\Assert;
use Symfony\Component\Process\Process;

/**
 * The test Redis (SNOKE_WS_TEST_REDIS_URL, default redis://127.0.0.1:6379),
 * inspected and seeded with redis-cli, never through bundle code. Each
 * instance owns a unique key prefix; cleanup() deletes every key under it.
 * An unreachable Redis fails the test.
 */
final class TestRedis
{
    public const DEFAULT_URL = 'redis://127.0.0.1:6379';

    private function __construct(public readonly string $url, public readonly string $prefix)
    {
    }

    public static function connect(): self
    {
        $url = getenv('SNOKE_WS_TEST_REDIS_URL') ?: self::DEFAULT_URL;
        $redis = new self($url, 'snoke-ws-bundle-test:' . bin2hex(random_bytes(5)) . ':');
        $process = new Process(['redis-cli', '-u', $url, 'PING']);
        $process->setTimeout(5);
        try {
            $process->run();
        } catch (\Throwable $e) {
            Assert::fail(sprintf('redis-cli could not run (%s): install redis-tools.', $e->getMessage()));
        }
        Assert::assertSame(
            'PONG',
            trim($process->getOutput()),
            sprintf(
                'Redis at %s is not reachable (set SNOKE_WS_TEST_REDIS_URL or start redis-server): %s',
                $url,
                trim($process->getErrorOutput() . $process->getOutput()),
            ),
        );

        return $redis;
    }

    /** A key (stream, group, prefix) unique to this test. */
    public function key(string $name): string
    {
        return $this->prefix . $name;
    }

    /** Runs one command and returns the decoded reply. */
    public function command(string ...$args): mixed
    {
        $process = new Process(['redis-cli', '-u', $this->url, '--json', ...$args]);
        $process->setTimeout(10);
        $process->mustRun();

        return json_decode($process->getOutput(), true, 512, JSON_THROW_ON_ERROR);
    }

    /**
     * Appends a gateway event the way the gateway does (`XADD <stream> * data <json>`).
     *
     * @param array<string, mixed> $event
     */
    public function addEvent(string $stream, array $event): string
    {
        return (string) $this->command('XADD', $stream, '*', 'data', json_encode($event, JSON_THROW_ON_ERROR));
    }

    /**
     * Appends many events with one redis-cli process.
     *
     * @param list<array<string, mixed>> $events
     *
     * @return list<string> the entry ids, in order
     */
    public function addEvents(string $stream, array $events): array
    {
        $commands = '';
        foreach ($events as $event) {
            $json = json_encode($event, JSON_THROW_ON_ERROR);
            Assert::assertStringNotContainsString("'", $json, 'events for addEvents() must not contain single quotes');
            $commands .= sprintf("XADD %s * data '%s'\n", $stream, $json);
        }
        $process = new Process(['redis-cli', '-u', $this->url], null, null, $commands);
        $process->setTimeout(30);
        $process->mustRun();
        $ids = array_values(array_filter(array_map('trim', explode("\n", $process->getOutput()))));
        Assert::assertCount(\count($events), $ids, 'redis-cli XADD replies: ' . $process->getOutput() . $process->getErrorOutput());

        return $ids;
    }

    /**
     * @return list<array{id: string, fields: array<string, string>}>
     */
    public function entries(string $stream): array
    {
        $entries = [];
        foreach ((array) $this->command('XRANGE', $stream, '-', '+') as [$id, $flat]) {
            $fields = [];
            for ($i = 0; $i + 1 < \count($flat); $i += 2) {
                $fields[$flat[$i]] = $flat[$i + 1];
            }
            $entries[] = ['id' => $id, 'fields' => $fields];
        }

        return $entries;
    }

    /**
     * Creates the consumer group at the start of the stream, so entries added
     * before the consumer first runs are delivered to it.
     */
    public function createGroup(string $stream, string $group): void
    {
        $this->command('XGROUP', 'CREATE', $stream, $group, '0', 'MKSTREAM');
    }

    /** Entries delivered to the group but not acked. */
    public function pendingCount(string $stream, string $group): int
    {
        $summary = $this->command('XPENDING', $stream, $group);

        return (int) ($summary[0] ?? 0);
    }

    public function cleanup(): void
    {
        $scan = new Process(['redis-cli', '-u', $this->url, '--scan', '--pattern', $this->prefix . '*']);
        $scan->setTimeout(10);
        $scan->run();
        $keys = array_values(array_filter(explode("\n", $scan->getOutput())));
        foreach (array_chunk($keys, 100) as $chunk) {
            $this->command('DEL', ...$chunk);
        }
    }
}
