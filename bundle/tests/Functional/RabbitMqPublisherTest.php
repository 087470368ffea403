<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\Functional;

use PHPUnit\Framework\TestCase;
use Snoke\WsBundle\Exception\PublishFailedException;
use Snoke\WsBundle\Service\WebsocketPublisher;
use Snoke\WsBundle\Tests\Support\BootedKernel;
use Snoke\WsBundle\Tests\Support\ExtensionRequired;
use Snoke\WsBundle\Tests\Support\RabbitMqCoreModeConfig;
use Snoke\WsBundle\Tests\Support\TestRabbitMq;
use SnokeWs\RabbitMqConsumer;

/**
 * `transport.type: rabbitmq` in a booted kernel, real extension, real
 * RabbitMQ: what send() publishes is read back by a queue bound to the outbox
 * exchange, as a gateway's queue is.
 */
final class RabbitMqPublisherTest extends TestCase
{
    private TestRabbitMq $rabbitMq;
    private ?BootedKernel $kernel = null;

    protected function setUp(): void
    {
        ExtensionRequired::assertLoaded();
        $this->rabbitMq = TestRabbitMq::connect();
    }

    protected function tearDown(): void
    {
        $this->kernel?->remove();
        $this->rabbitMq->cleanup();
    }

    private function publisher(array $overrides = []): WebsocketPublisher
    {
        $this->kernel = new BootedKernel([RabbitMqCoreModeConfig::for($this->rabbitMq, $overrides)]);
        $publisher = $this->kernel->service('snoke_ws.publisher');
        \assert($publisher instanceof WebsocketPublisher);

        return $publisher;
    }

    /** A queue bound to the outbox exchange, declared before anything is published. */
    private function gatewayQueue(): RabbitMqConsumer
    {
        $outbox = $this->rabbitMq->name('outbox');
        $queue = new RabbitMqConsumer(
            $this->rabbitMq->url,
            $this->rabbitMq->name('gateway'),
            [['exchange' => $outbox, 'routing_key' => $outbox]],
            10,
            5,
            $this->rabbitMq->name('gateway-dlx'),
            $this->rabbitMq->name('gateway-dlq'),
        );
        // The first fetch connects and declares the exchange, the queue and the binding.
        self::assertSame([], $queue->fetch(1, 100));

        return $queue;
    }

    /**
     * @return list<array{stream: string, id: string, event: array, deliveries: int}>
     */
    private static function fetchAll(RabbitMqConsumer $queue, int $expected): array
    {
        $messages = [];
        $deadline = microtime(true) + 10;
        while (\count($messages) < $expected && microtime(true) < $deadline) {
            foreach ($queue->fetch($expected - \count($messages), 500) as $message) {
                $queue->ack($message['stream'], $message['id']);
                $messages[] = $message;
            }
        }

        return $messages;
    }

    public function testSendPublishesResolvedSubjectsAndPayloadToTheOutboxExchange(): void
    {
        $queue = $this->gatewayQueue();

        $this->publisher()->send([42, 'user:7'], ['type' => 'chat', 'text' => 'hi ✓']);

        $messages = self::fetchAll($queue, 1);
        self::assertCount(1, $messages);
        self::assertSame($this->rabbitMq->name('outbox'), $messages[0]['stream']);
        self::assertSame(
            ['subjects' => ['user:42', 'user:7'], 'payload' => ['type' => 'chat', 'text' => 'hi ✓']],
            $messages[0]['event'],
        );
    }

    public function testEachSendIsOneMessageInOrder(): void
    {
        $queue = $this->gatewayQueue();
        $publisher = $this->publisher();
        foreach (range(1, 3) as $n) {
            $publisher->send(['user:1'], ['n' => $n]);
        }

        $numbers = array_map(static fn (array $m): int => $m['event']['payload']['n'], self::fetchAll($queue, 3));
        self::assertSame([1, 2, 3], $numbers);
    }

    public function testUnreachableRabbitMqIsAPublishFailedException(): void
    {
        $publisher = $this->publisher(['transport' => ['rabbitmq' => ['dsn' => 'amqp://guest:guest@127.0.0.1:1/%2f']]]);

        $this->expectException(PublishFailedException::class);
        $this->expectExceptionMessageMatches('/RabbitMQ/');

        $publisher->send(['user:1'], ['lost' => false]);
    }
}
