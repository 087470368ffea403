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
use Snoke\WsBundle\Tests\Support\ConsumerProcess;
use Snoke\WsBundle\Tests\Support\ExtensionRequired;
use Snoke\WsBundle\Tests\Support\RabbitMqCoreModeConfig;
use Snoke\WsBundle\Tests\Support\TestRabbitMq;
use Symfony\Bundle\FrameworkBundle\Console\Application;
use Symfony\Component\Console\Output\OutputInterface;
use Symfony\Component\Console\Tester\ApplicationTester;
use Symfony\Component\Filesystem\Filesystem;
use Symfony\Component\Process\Process;

/**
 * `ws:consume` with `events.type: rabbitmq` in a booted kernel over a real
 * RabbitMQ: events published to the inbox and events exchanges the way the
 * gateway publishes them are dispatched and acked; a listener that keeps
 * throwing sends its event to the dead-letter queue; signals stop it cleanly.
 */
final class WsConsumeRabbitMqTest extends TestCase
{
    private TestRabbitMq $rabbitMq;
    private ?TestKernel $kernel = null;
    private ?Process $process = null;
    private ?string $processVarDir = null;

    protected function setUp(): void
    {
        ExtensionRequired::assertLoaded();
        $this->rabbitMq = TestRabbitMq::connect();
    }

    protected function tearDown(): void
    {
        if ($this->process?->isRunning()) {
            $this->process->stop(0, \SIGKILL);
        }
        $filesystem = new Filesystem();
        if ($this->kernel !== null) {
            $this->kernel->shutdown();
            $filesystem->remove($this->kernel->getVarDir());
        }
        if ($this->processVarDir !== null) {
            $filesystem->remove($this->processVarDir);
        }
        $this->rabbitMq->cleanup();
    }

    /**
     * @param array<string, mixed> $input options of ws:consume
     * @param array<string, mixed> $overrides snoke_ws config over RabbitMqCoreModeConfig
     */
    private function consume(array $input, bool $verbose = false, array $overrides = []): ApplicationTester
    {
        $this->kernel ??= new TestKernel([RabbitMqCoreModeConfig::for($this->rabbitMq, $overrides)]);
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

    /** Lets a consumer declare its queue and bindings, so what is published next is routed to it. */
    private function declareTopology(): void
    {
        ConsumerProcess::runBriefly(RabbitMqCoreModeConfig::for($this->rabbitMq), $this->processVarDir());
    }

    private function processVarDir(): string
    {
        return $this->processVarDir ??= sys_get_temp_dir() . '/snoke-ws-bundle-tests/' . bin2hex(random_bytes(6));
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

    /** @param list<array<string, mixed>> $events */
    private function publishToInbox(array $events): void
    {
        $inbox = $this->rabbitMq->name('inbox');
        $this->rabbitMq->publishEvents($inbox, $inbox, $events);
    }

    /** @param list<array<string, mixed>> $events */
    private function publishToEvents(array $events): void
    {
        $exchange = $this->rabbitMq->name('events');
        $this->rabbitMq->publishEvents($exchange, $exchange, $events);
    }

    public function testLimitDispatchesThatManyEventsFromBothExchangesAndAcksThem(): void
    {
        $this->declareTopology();
        $this->publishToEvents([self::event('connected', 'c1')]);
        $this->publishToInbox([self::message(['text' => 'hello'])]);
        $this->publishToEvents([self::event('disconnected', 'c1')]);

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
        self::assertStringContainsString('ws:consume stopped (event limit reached)', $tester->getDisplay());
        self::assertStringContainsString('3 handled, 0 failed and left for retry, 0 dead-lettered', $tester->getDisplay());
        $this->kernel?->shutdown();
        self::assertSame(0, $this->rabbitMq->messageCount($this->rabbitMq->name('symfony')), 'every dispatched event is acked');
    }

    public function testALimitedRunDispatchesExactlyTheLimitAndTheNextRunGetsTheRest(): void
    {
        $this->declareTopology();
        $this->publishToInbox(array_map(static fn (int $n): array => self::message(['n' => $n]), range(1, 5)));

        $first = $this->consume(['--limit' => '2']);
        self::assertSame(0, $first->getStatusCode(), $first->getDisplay());
        self::assertCount(2, $this->recorder()->events);

        $second = $this->consume(['--limit' => '3']);
        self::assertSame(0, $second->getStatusCode(), $second->getDisplay());
        $numbers = array_map(static fn (WebsocketMessageReceivedEvent $e): int => $e->getMessage()['n'], $this->recorder()->events);
        sort($numbers);
        self::assertSame([1, 2, 3, 4, 5], $numbers, 'each event dispatched once, none lost');
    }

    public function testVerboseOutputShowsEachEventWithItsExchange(): void
    {
        $this->declareTopology();
        $this->publishToInbox([self::message(['text' => 'hi'])]);

        $tester = $this->consume(['--limit' => '1'], verbose: true);

        self::assertMatchesRegularExpression(
            '/^' . preg_quote($this->rabbitMq->name('inbox'), '/') . ' \S+ message_received \(delivery 1\): handled$/m',
            $tester->getDisplay(),
        );
    }

    public function testAThrowingListenerIsRetriedThenDeadLetteredWithoutBlockingTheEventsBehindIt(): void
    {
        $this->declareTopology();
        $this->publishToInbox([
            self::message(['poison' => true, 'id' => 'p1']),
            self::message(['text' => 'still delivered']),
        ]);

        // Poison: delivery 1 fails, delivery 2 (= max_deliveries) is dead-lettered; the good one once.
        $tester = $this->consume(['--limit' => (string) (RabbitMqCoreModeConfig::MAX_DELIVERIES + 1)], verbose: true);

        $display = $tester->getDisplay();
        self::assertSame(0, $tester->getStatusCode(), $display);
        self::assertStringContainsString('1 handled, 1 failed and left for retry, 1 dead-lettered', $display);
        self::assertStringContainsString('message_received (delivery 2): failed, dead-lettered — RuntimeException: poison message p1', $display);
        $handled = array_values(array_filter(
            $this->recorder()->events,
            static fn (object $e): bool => $e instanceof WebsocketMessageReceivedEvent && ($e->getMessage()['poison'] ?? false) !== true,
        ));
        self::assertCount(1, $handled, 'the event behind the poison is handled');

        $logger = $this->kernel?->getContainer()->get('logger');
        \assert($logger instanceof RecordingLogger);
        $failures = array_values(array_filter(
            $logger->records,
            static fn (array $record): bool => str_starts_with($record['message'], 'ws:consume: event'),
        ));
        self::assertSame(['warning', 'error'], array_column($failures, 'level'), 'each failure is logged');

        $this->kernel?->shutdown();
        self::assertSame(1, $this->rabbitMq->messageCount($this->rabbitMq->name('dlq')), 'the poison is in the dead-letter queue');
        self::assertSame(0, $this->rabbitMq->messageCount($this->rabbitMq->name('symfony')), 'and not left in the queue');
    }

    public function testUnreachableRabbitMqEndsTheCommandWithExitOneAndTheReason(): void
    {
        $tester = $this->consume([], overrides: ['events' => ['rabbitmq' => ['dsn' => 'amqp://guest:guest@127.0.0.1:1/%2f']]]);

        self::assertSame(1, $tester->getStatusCode());
        self::assertStringContainsString(sprintf('the RabbitMQ queue "%s" failed', $this->rabbitMq->name('symfony')), $tester->getDisplay());
    }

    public function testSigtermStopsTheConsumerPromptlyWithExitZero(): void
    {
        $this->declareTopology();
        $consumer = $this->process = ConsumerProcess::startWith(RabbitMqCoreModeConfig::for($this->rabbitMq), $this->processVarDir());
        $this->publishToInbox([self::message(['n' => 1])]);
        $deadline = microtime(true) + 30;
        while (!str_contains($consumer->getOutput(), 'message_received (delivery 1): handled') && microtime(true) < $deadline) {
            usleep(20_000);
        }
        self::assertStringContainsString('handled', $consumer->getOutput(), $consumer->getErrorOutput());
        self::assertTrue($consumer->isRunning(), $consumer->getOutput() . $consumer->getErrorOutput());

        $consumer->signal(\SIGTERM);
        $signalledAt = microtime(true);
        while ($consumer->isRunning() && microtime(true) - $signalledAt < 10) {
            usleep(10_000);
        }
        $stoppedAfter = microtime(true) - $signalledAt;

        self::assertFalse($consumer->isRunning(), 'the consumer ignored the signal');
        self::assertSame(0, $consumer->getExitCode(), $consumer->getOutput() . $consumer->getErrorOutput());
        self::assertLessThan(1.5, $stoppedAfter, 'the consumer exits within 1.5 s of the signal');
        self::assertStringContainsString('ws:consume stopped (stop requested)', $consumer->getOutput());
        self::assertSame(0, $this->rabbitMq->messageCount($this->rabbitMq->name('symfony')), 'the handled event was acked');
    }

    public function testSigtermDuringAListenerFinishesAndAcksTheEventInHand(): void
    {
        $this->declareTopology();
        $queue = $this->rabbitMq->name('symfony');
        $consumer = $this->process = ConsumerProcess::startWith(RabbitMqCoreModeConfig::for($this->rabbitMq), $this->processVarDir());
        // Slow enough that the listener is still running when rabbitmqctl sees the delivery.
        $this->publishToInbox([self::message(['slow_ms' => 4000])]);
        $deadline = microtime(true) + 30;
        while (($this->rabbitMq->queues()[$queue]['unacked'] ?? 0) === 0 && microtime(true) < $deadline) {
            usleep(50_000);
        }
        self::assertSame(1, $this->rabbitMq->queues()[$queue]['unacked'] ?? 0, 'the consumer took the event: ' . $consumer->getErrorOutput());

        $consumer->signal(\SIGTERM);
        $consumer->setTimeout(30);
        $consumer->wait();

        self::assertSame(0, $consumer->getExitCode(), $consumer->getOutput() . $consumer->getErrorOutput());
        self::assertStringContainsString('message_received (delivery 1): handled', $consumer->getOutput());
        self::assertStringContainsString('1 handled', $consumer->getOutput());
        self::assertSame(0, $this->rabbitMq->messageCount($queue), 'the event in hand is acked');
    }
}
