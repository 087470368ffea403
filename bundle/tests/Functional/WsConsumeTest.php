<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\Functional;

use PHPUnit\Framework\TestCase;
use Snoke\WsBundle\Event\WebsocketConnectionClosedEvent;
use Snoke\WsBundle\Event\WebsocketConnectionEstablishedEvent;
use Snoke\WsBundle\Event\WebsocketMessageReceivedEvent;
use Snoke\WsBundle\Tests\Functional\App\RecordingListener;
use Snoke\WsBundle\Tests\Functional\App\RecordingLogger;
use Snoke\WsBundle\Tests\Functional\App\TestKernel;
use Snoke\WsBundle\Tests\Support\CoreModeConfig;
use Snoke\WsBundle\Tests\Support\ExtensionRequired;
use Snoke\WsBundle\Tests\Support\TestRedis;
use Symfony\Bundle\FrameworkBundle\Console\Application;
use Symfony\Component\Console\Output\OutputInterface;
use Symfony\Component\Console\Tester\ApplicationTester;
use Symfony\Component\Filesystem\Filesystem;

/**
 * `ws:consume` in a booted kernel over real Redis streams: events written the
 * way the gateway writes them are dispatched as Symfony events and acked; a
 * listener that keeps throwing ends in the dead-letter stream.
 */
final class WsConsumeTest extends TestCase
{
    private TestRedis $redis;
    private ?TestKernel $kernel = null;

    protected function setUp(): void
    {
        ExtensionRequired::assertLoaded();
        $this->redis = TestRedis::connect();
        foreach (['inbox', 'events'] as $stream) {
            $this->redis->createGroup($this->redis->key($stream), 'symfony');
        }
    }

    protected function tearDown(): void
    {
        if ($this->kernel !== null) {
            $this->kernel->shutdown();
            (new Filesystem())->remove($this->kernel->getVarDir());
        }
        $this->redis->cleanup();
    }

    /**
     * @param array<string, mixed> $input options of ws:consume
     * @param array<string, mixed> $overrides snoke_ws config over CoreModeConfig
     */
    private function consume(array $input, bool $verbose = false, array $overrides = []): ApplicationTester
    {
        $this->kernel ??= new TestKernel([CoreModeConfig::for($this->redis, $overrides)]);
        $application = new Application($this->kernel);
        $application->setAutoExit(false);
        $tester = new ApplicationTester($application);
        // The time limit only guards the suite against a consumer that never stops.
        $tester->run(
            ['command' => 'ws:consume', '--time-limit' => '30'] + $input,
            ['verbosity' => $verbose ? OutputInterface::VERBOSITY_VERBOSE : OutputInterface::VERBOSITY_NORMAL],
        );

        return $tester;
    }

    private function recorder(): RecordingListener
    {
        $recorder = $this->kernel?->getContainer()->get(RecordingListener::class);
        \assert($recorder instanceof RecordingListener);

        return $recorder;
    }

    /** @return array<string, mixed> */
    private static function event(string $type, string $connectionId, array $extra = []): array
    {
        return [
            'type' => $type,
            'connection_id' => $connectionId,
            'user_id' => '42',
            'subjects' => ['user:42'],
            'connected_at' => 1_700_000_000,
        ] + $extra;
    }

    /** @return array<string, mixed> */
    private static function message(array $message): array
    {
        return self::event('message_received', 'c1', ['message' => $message, 'raw' => json_encode($message)]);
    }

    public function testLimitDispatchesThatManyEventsAsTheWebhooksSymfonyEventsAndAcksThem(): void
    {
        $events = $this->redis->key('events');
        $inbox = $this->redis->key('inbox');
        $this->redis->addEvent($events, self::event('connected', 'c1'));
        $this->redis->addEvent($inbox, self::message(['text' => 'hello']));
        $this->redis->addEvent($events, self::event('disconnected', 'c1'));

        $tester = $this->consume(['--limit' => '3']);

        self::assertSame(0, $tester->getStatusCode(), $tester->getDisplay());
        $classes = array_map('get_class', $this->recorder()->events);
        sort($classes);
        self::assertSame([
            WebsocketConnectionClosedEvent::class,
            WebsocketConnectionEstablishedEvent::class,
            WebsocketMessageReceivedEvent::class,
        ], $classes);
        $message = array_values(array_filter(
            $this->recorder()->events,
            static fn (object $e): bool => $e instanceof WebsocketMessageReceivedEvent,
        ))[0];
        self::assertSame(['text' => 'hello'], $message->getMessage());
        self::assertSame('42', $message->getUserId());
        self::assertSame(0, $this->redis->pendingCount($events, 'symfony'), 'every dispatched event is acked');
        self::assertSame(0, $this->redis->pendingCount($inbox, 'symfony'));
        self::assertStringContainsString('ws:consume stopped (event limit reached)', $tester->getDisplay());
        self::assertStringContainsString('3 handled, 0 failed and left for retry, 0 dead-lettered', $tester->getDisplay());
    }

    public function testALimitedRunTakesNoMoreThanItHandlesAndTheNextRunGetsTheRest(): void
    {
        $inbox = $this->redis->key('inbox');
        foreach (range(1, 5) as $n) {
            $this->redis->addEvent($inbox, self::message(['n' => $n]));
        }

        $first = $this->consume(['--limit' => '2']);
        self::assertSame(0, $first->getStatusCode(), $first->getDisplay());
        self::assertSame(0, $this->redis->pendingCount($inbox, 'symfony'), 'nothing fetched beyond the limit');

        $second = $this->consume(['--limit' => '3']);
        self::assertSame(0, $second->getStatusCode(), $second->getDisplay());
        $numbers = array_map(static fn (WebsocketMessageReceivedEvent $e): int => $e->getMessage()['n'], $this->recorder()->events);
        self::assertSame([1, 2, 3, 4, 5], $numbers);
    }

    public function testVerboseOutputShowsEachEvent(): void
    {
        $inbox = $this->redis->key('inbox');
        $id = $this->redis->addEvent($inbox, self::message(['text' => 'hi']));

        $tester = $this->consume(['--limit' => '1'], verbose: true);

        self::assertStringContainsString(sprintf('%s %s message_received (delivery 1): handled', $inbox, $id), $tester->getDisplay());
    }

    public function testAThrowingListenerIsRetriedThenDeadLetteredWithoutBlockingTheEventsBehindIt(): void
    {
        $inbox = $this->redis->key('inbox');
        $poisonId = $this->redis->addEvent($inbox, self::message(['poison' => true, 'id' => 'p1']));
        $goodId = $this->redis->addEvent($inbox, self::message(['text' => 'still delivered']));

        // Poison: delivery 1 fails, delivery 2 (= max_deliveries) is dead-lettered; the good one once.
        $tester = $this->consume(['--limit' => (string) (CoreModeConfig::MAX_DELIVERIES + 1)], verbose: true);

        $display = $tester->getDisplay();
        self::assertSame(0, $tester->getStatusCode(), $display);
        self::assertStringContainsString('1 handled, 1 failed and left for retry, 1 dead-lettered', $display);
        self::assertLessThan(
            strpos($display, $poisonId . ' message_received (delivery 2): failed, dead-lettered'),
            strpos($display, $goodId . ' message_received (delivery 1): handled'),
            'the event behind the poison is handled before the poison is retried',
        );
        self::assertSame(0, $this->redis->pendingCount($inbox, 'symfony'), 'the poison is not left pending');

        $logger = $this->kernel?->getContainer()->get('logger');
        \assert($logger instanceof RecordingLogger);
        $failures = array_values(array_filter(
            $logger->records,
            static fn (array $record): bool => ($record['context']['id'] ?? null) === $poisonId,
        ));
        self::assertSame(['warning', 'error'], array_column($failures, 'level'), 'each failure is logged');
        self::assertInstanceOf(\RuntimeException::class, $failures[1]['context']['exception']);
        self::assertStringContainsString('dead-lettered', $failures[1]['message']);

        $dead = $this->redis->entries($this->redis->key('dlq'));
        self::assertCount(1, $dead);
        $deadEntry = json_encode($dead[0]['fields'], JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES);
        self::assertStringContainsString('poison message p1', $deadEntry, 'the dead letter carries the error');
        self::assertStringContainsString('p1', $deadEntry);
    }

    public function testUnreachableRedisEndsTheCommandWithExitOneAndTheReason(): void
    {
        $tester = $this->consume([], overrides: ['events' => ['redis_stream' => ['dsn' => 'redis://127.0.0.1:1']]]);

        self::assertSame(1, $tester->getStatusCode());
        self::assertStringContainsString('Reading the Redis event streams failed', $tester->getDisplay());
    }

    public function testAnEventOfUnknownTypeIsNeverDispatchedAndEndsDeadLettered(): void
    {
        $events = $this->redis->key('events');
        $this->redis->addEvent($events, self::event('teleported', 'c9'));
        $this->redis->addEvent($events, self::event('connected', 'c1'));

        $tester = $this->consume(['--limit' => (string) (CoreModeConfig::MAX_DELIVERIES + 1)]);

        self::assertSame(0, $tester->getStatusCode(), $tester->getDisplay());
        self::assertSame(['c1'], array_map(static fn (object $e): string => $e->getConnectionId(), $this->recorder()->events));
        $dead = $this->redis->entries($this->redis->key('dlq'));
        self::assertCount(1, $dead);
        self::assertStringContainsString('Unknown event type', json_encode($dead[0]['fields'], JSON_THROW_ON_ERROR));
    }
}
