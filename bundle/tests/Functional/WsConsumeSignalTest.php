<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\Functional;

use PHPUnit\Framework\TestCase;
use Snoke\WsBundle\Tests\Support\ConsumerProcess;
use Snoke\WsBundle\Tests\Support\CoreModeConfig;
use Snoke\WsBundle\Tests\Support\ExtensionRequired;
use Snoke\WsBundle\Tests\Support\TestRedis;
use Symfony\Component\Filesystem\Filesystem;
use Symfony\Component\Process\Process;

/**
 * `ws:consume` as real processes: SIGTERM / SIGINT stop it cleanly (exit 0,
 * within 1.5 s, nothing left pending, what it fetched but did not start handed
 * to the next consumer), and a slow batch is not taken over by a consumer
 * running beside it.
 */
final class WsConsumeSignalTest extends TestCase
{
    private TestRedis $redis;
    private string $varDir;
    private ?Process $consumer = null;

    protected function setUp(): void
    {
        ExtensionRequired::assertLoaded();
        $this->redis = TestRedis::connect();
        foreach (['inbox', 'events'] as $stream) {
            $this->redis->createGroup($this->redis->key($stream), 'symfony');
        }
        $this->varDir = sys_get_temp_dir() . '/snoke-ws-bundle-tests/' . bin2hex(random_bytes(6));
    }

    protected function tearDown(): void
    {
        if ($this->consumer?->isRunning()) {
            $this->consumer->stop(0, \SIGKILL);
        }
        (new Filesystem())->remove($this->varDir);
        $this->redis->cleanup();
    }

    private function startConsumer(): Process
    {
        return $this->consumer = ConsumerProcess::start($this->redis, $this->varDir);
    }

    /**
     * @return iterable<string, array{0: int}>
     */
    public static function stopSignals(): iterable
    {
        yield 'SIGTERM' => [\SIGTERM];
        yield 'SIGINT' => [\SIGINT];
    }

    /**
     * @dataProvider stopSignals
     */
    public function testSignalStopsTheConsumerPromptlyWithExitZero(int $signal): void
    {
        $inbox = $this->redis->key('inbox');
        $consumer = $this->startConsumer();
        $id = $this->redis->addEvent($inbox, [
            'type' => 'message_received', 'connection_id' => 'c1', 'user_id' => '1',
            'subjects' => ['user:1'], 'connected_at' => 1, 'message' => ['n' => 1], 'raw' => '{"n":1}',
        ]);
        $consumer->waitUntil(static fn (string $type, string $output): bool => str_contains($output, $id . ' message_received'));
        self::assertTrue($consumer->isRunning(), $consumer->getOutput() . $consumer->getErrorOutput());

        $consumer->signal($signal);
        $signalledAt = microtime(true);
        while ($consumer->isRunning() && microtime(true) - $signalledAt < 10) {
            usleep(10_000);
        }
        $stoppedAfter = microtime(true) - $signalledAt;

        self::assertFalse($consumer->isRunning(), 'the consumer ignored the signal');
        self::assertSame(0, $consumer->getExitCode(), $consumer->getOutput() . $consumer->getErrorOutput());
        self::assertLessThan(1.5, $stoppedAfter, 'the consumer exits within 1.5 s of the signal');
        self::assertStringContainsString('ws:consume stopped (stop requested)', $consumer->getOutput());
        self::assertSame(0, $this->redis->pendingCount($inbox, 'symfony'));
    }

    public function testSigtermDuringAListenerFinishesAndAcksTheEventInHand(): void
    {
        $inbox = $this->redis->key('inbox');
        $consumer = $this->startConsumer();
        $id = $this->redis->addEvent($inbox, [
            'type' => 'message_received', 'connection_id' => 'c1', 'user_id' => '1', 'subjects' => ['user:1'],
            'connected_at' => 1, 'message' => ['slow_ms' => 700], 'raw' => '{"slow_ms":700}',
        ]);
        $deadline = microtime(true) + 30;
        while ($this->redis->pendingCount($inbox, 'symfony') === 0 && microtime(true) < $deadline) {
            usleep(20_000);
        }
        self::assertSame(1, $this->redis->pendingCount($inbox, 'symfony'), 'the consumer took the event: ' . $consumer->getErrorOutput());

        $consumer->signal(\SIGTERM);
        $consumer->wait();

        self::assertSame(0, $consumer->getExitCode(), $consumer->getOutput() . $consumer->getErrorOutput());
        self::assertStringContainsString($id . ' message_received (delivery 1): handled', $consumer->getOutput());
        self::assertStringContainsString('1 handled', $consumer->getOutput());
        self::assertSame(0, $this->redis->pendingCount($inbox, 'symfony'), 'the event in hand is acked');
    }

    public function testEventsFetchedBehindTheOneInHandGoStraightToTheNextConsumer(): void
    {
        $inbox = $this->redis->key('inbox');
        // A claim delay far longer than the test: only a release can hand them over in time.
        $config = CoreModeConfig::for($this->redis, ['events' => ['redis_stream' => ['claim_idle_ms' => 60_000]]]);
        $message = static fn (array $body): array => [
            'type' => 'message_received', 'connection_id' => 'c1', 'user_id' => '1', 'subjects' => ['user:1'],
            'connected_at' => 1, 'message' => $body, 'raw' => json_encode($body),
        ];
        [$slow, $second, $third] = $this->redis->addEvents($inbox, [
            $message(['slow_ms' => 700]), $message(['n' => 2]), $message(['n' => 3]),
        ]);
        $this->consumer = ConsumerProcess::startWith($config, $this->varDir);
        $deadline = microtime(true) + 30;
        while ($this->redis->pendingCount($inbox, 'symfony') < 3 && microtime(true) < $deadline) {
            usleep(20_000);
        }
        self::assertSame(3, $this->redis->pendingCount($inbox, 'symfony'), 'one batch took all three: ' . $this->consumer->getErrorOutput());

        $this->consumer->signal(\SIGTERM);
        $this->consumer->wait();
        self::assertSame(0, $this->consumer->getExitCode(), $this->consumer->getOutput() . $this->consumer->getErrorOutput());
        self::assertSame([$slow], ConsumerProcess::handledIds($this->consumer, $inbox));

        $next = $this->consumer = ConsumerProcess::startWith($config, $this->varDir . '-next');
        $deadline = microtime(true) + 10;
        while (\count(ConsumerProcess::handledIds($next, $inbox)) < 2 && microtime(true) < $deadline) {
            usleep(20_000);
        }
        self::assertSame([$second, $third], ConsumerProcess::handledIds($next, $inbox), $next->getOutput() . $next->getErrorOutput());
        $next->signal(\SIGTERM);
        $next->wait();
        (new Filesystem())->remove($this->varDir . '-next');
        self::assertSame(0, $this->redis->pendingCount($inbox, 'symfony'));
    }

    public function testASlowBatchKeepsItsEventsFromAConsumerRunningBesideIt(): void
    {
        $inbox = $this->redis->key('inbox');
        // Eight events of 400 ms each: the batch outlasts the claim delay three times over.
        $config = CoreModeConfig::for($this->redis, ['events' => ['redis_stream' => ['claim_idle_ms' => 900]]]);
        $ids = $this->redis->addEvents($inbox, array_map(static fn (int $n): array => [
            'type' => 'message_received', 'connection_id' => 'c1', 'user_id' => '1', 'subjects' => ['user:1'],
            'connected_at' => 1, 'message' => ['slow_ms' => 400, 'n' => $n], 'raw' => '{}',
        ], range(1, 8)));
        $first = $this->consumer = ConsumerProcess::startWith($config, $this->varDir);
        $deadline = microtime(true) + 30;
        while ($this->redis->pendingCount($inbox, 'symfony') < 8 && microtime(true) < $deadline) {
            usleep(10_000);
        }
        self::assertSame(8, $this->redis->pendingCount($inbox, 'symfony'), 'one batch took all eight: ' . $first->getErrorOutput());
        // The same (warm) cache dir: the second consumer is reading within a fraction of the batch.
        $beside = ConsumerProcess::startWith($config, $this->varDir);
        try {
            $deadline = microtime(true) + 20;
            while (\count(ConsumerProcess::handledIds($first, $inbox)) < 8 && microtime(true) < $deadline) {
                usleep(20_000);
            }
            // Give the other consumer one more claim round after the batch ended.
            usleep(1_200_000);
            self::assertSame($ids, ConsumerProcess::handledIds($first, $inbox), $first->getOutput() . $first->getErrorOutput());
            self::assertSame([], ConsumerProcess::handledIds($beside, $inbox), 'handled twice: ' . $beside->getOutput());
        } finally {
            $beside->stop(5, \SIGTERM);
        }
        self::assertSame(0, $this->redis->pendingCount($inbox, 'symfony'));
    }
}
