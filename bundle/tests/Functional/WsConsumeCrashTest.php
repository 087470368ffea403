<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\Functional;

use PHPUnit\Framework\TestCase;
use Snoke\WsBundle\Tests\Support\ConsumerProcess;
use Snoke\WsBundle\Tests\Support\ExtensionRequired;
use Snoke\WsBundle\Tests\Support\TestRedis;
use Symfony\Component\Filesystem\Filesystem;
use Symfony\Component\Process\Process;

/**
 * At-least-once delivery across a crash: `kill -9` of ws:consume while events
 * flow, then a new consumer: every event is handled at least once.
 */
final class WsConsumeCrashTest extends TestCase
{
    private const EVENTS = 1000;

    private TestRedis $redis;
    /** @var list<string> */
    private array $varDirs = [];
    /** @var list<Process> */
    private array $consumers = [];

    protected function setUp(): void
    {
        ExtensionRequired::assertLoaded();
        $this->redis = TestRedis::connect();
        $this->redis->createGroup($this->redis->key('inbox'), 'symfony');
        $this->redis->createGroup($this->redis->key('events'), 'symfony');
    }

    protected function tearDown(): void
    {
        foreach ($this->consumers as $consumer) {
            if ($consumer->isRunning()) {
                $consumer->stop(0, \SIGKILL);
            }
        }
        (new Filesystem())->remove($this->varDirs);
        $this->redis->cleanup();
    }

    private function startConsumer(): Process
    {
        $this->varDirs[] = $varDir = sys_get_temp_dir() . '/snoke-ws-bundle-tests/' . bin2hex(random_bytes(6));

        return $this->consumers[] = ConsumerProcess::start($this->redis, $varDir);
    }

    public function testEveryEventIsHandledAfterTheConsumerIsKilledMidStream(): void
    {
        $inbox = $this->redis->key('inbox');
        $events = [];
        foreach (range(1, self::EVENTS) as $n) {
            $events[] = [
                'type' => 'message_received', 'connection_id' => 'c1', 'user_id' => '1', 'subjects' => ['user:1'],
                'connected_at' => 1, 'message' => ['n' => $n], 'raw' => '{"n":' . $n . '}',
            ];
        }
        $ids = $this->redis->addEvents($inbox, $events);

        $first = $this->startConsumer();
        $first->waitUntil(static fn (): bool => \count(ConsumerProcess::handledIds($first, $inbox)) >= 50);
        $first->signal(\SIGKILL);
        $first->wait();
        $handledByFirst = ConsumerProcess::handledIds($first, $inbox);
        self::assertLessThan(self::EVENTS, \count($handledByFirst), 'the kill came while events were still flowing');

        $second = $this->startConsumer();
        $deadline = microtime(true) + 60;
        $seen = [];
        while (microtime(true) < $deadline && $second->isRunning()) {
            $seen = array_unique([...$handledByFirst, ...ConsumerProcess::handledIds($second, $inbox)]);
            if (\count($seen) >= self::EVENTS) {
                break;
            }
            usleep(50_000);
        }
        $second->signal(\SIGTERM);
        $second->wait();

        self::assertSame([], array_values(array_diff($ids, $seen)), 'events never handled: ' . $second->getErrorOutput());
        self::assertSame(0, $second->getExitCode(), $second->getErrorOutput());
        self::assertSame(0, $this->redis->pendingCount($inbox, 'symfony'), 'nothing is left pending');
    }
}
