<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Service;

use Snoke\WsBundle\Exception\ConsumeFailedException;
use SnokeWs\RabbitMqConsumer;
use SnokeWs\RedisStreamConsumer;

/**
 * An EventSource over one of the extension's consumers, which share the
 * fetch / ack / fail shape; broker failures become ConsumeFailedException
 * naming what was read.
 *
 * @internal
 */
final class ExtensionEventSource implements EventSource
{
    /**
     * @param string $description what is read, for error messages (e.g. "the Redis event streams")
     */
    private function __construct(
        private RedisStreamConsumer|RabbitMqConsumer $consumer,
        private string $description,
        private ?int $redeliveryDelayMs = null,
    ) {
    }

    /**
     * @throws ConsumeFailedException when the consumer cannot be created (bad DSN, Redis unreachable)
     */
    public static function redisStream(RedisStreamConsumerSettings $settings): self
    {
        ExtensionClass::ensureLoaded(RedisStreamConsumer::class);
        $description = 'the Redis event streams';

        return new self(self::call('Connecting to', $description, static fn (): RedisStreamConsumer => new RedisStreamConsumer(
            $settings->dsn,
            $settings->streams,
            $settings->group,
            $settings->consumerName,
            $settings->maxDeliveries,
            $settings->claimIdleMs,
            $settings->deadLetterStream,
        )), $description, $settings->claimIdleMs);
    }

    /**
     * @throws ConsumeFailedException when the consumer cannot be created (bad DSN, RabbitMQ unreachable)
     */
    public static function rabbitMq(RabbitMqConsumerSettings $settings): self
    {
        ExtensionClass::ensureLoaded(RabbitMqConsumer::class);
        $description = sprintf('the RabbitMQ queue "%s"', $settings->queue);

        return new self(self::call('Connecting to', $description, static fn (): RabbitMqConsumer => new RabbitMqConsumer(
            $settings->dsn,
            $settings->queue,
            $settings->bindings,
            $settings->prefetch,
            $settings->maxDeliveries,
            $settings->deadLetterExchange,
            $settings->deadLetterQueue,
            RabbitMqConsumerSettings::TIMEOUT_SECONDS,
            $settings->messageTtlMs,
        )), $description);
    }

    public function fetch(int $count, int $blockMs): array
    {
        return self::call('Reading', $this->description, fn (): array => $this->consumer->fetch($count, $blockMs));
    }

    public function ack(string $stream, string $id): void
    {
        self::call('Acknowledging', $this->description, fn () => $this->consumer->ack($stream, $id));
    }

    public function ackMany(string $stream, array $ids): void
    {
        if ($ids === []) {
            return;
        }
        $consumer = $this->consumer;
        if ($consumer instanceof RedisStreamConsumer) {
            self::call('Acknowledging', $this->description, static fn () => $consumer->ackMany($stream, $ids));

            return;
        }
        // The RabbitMQ consumer acks one delivery per call.
        foreach ($ids as $id) {
            $this->ack($stream, $id);
        }
    }

    public function keep(string $stream, array $ids): void
    {
        $consumer = $this->consumer;
        if ($ids === [] || !$consumer instanceof RedisStreamConsumer) {
            // RabbitMQ never hands an unacked delivery to another consumer while this one's channel is open.
            return;
        }
        self::call('Keeping', $this->description, static fn () => $consumer->keep($stream, $ids));
    }

    public function redeliveryDelayMs(): ?int
    {
        return $this->redeliveryDelayMs;
    }

    public function release(string $stream, array $ids): void
    {
        $consumer = $this->consumer;
        if ($ids === [] || !$consumer instanceof RedisStreamConsumer) {
            // RabbitMQ hands a consumer's unacked deliveries to the next one as
            // soon as its channel closes, which ends the worker anyway.
            return;
        }
        self::call('Releasing', $this->description, static fn () => $consumer->release($stream, $ids));
    }

    public function fail(string $stream, string $id, string $error): bool
    {
        return self::call('Failing', $this->description, fn (): bool => $this->consumer->fail($stream, $id, $error));
    }

    /**
     * @template T
     *
     * @param \Closure(): T $call
     *
     * @return T
     */
    private static function call(string $action, string $description, \Closure $call): mixed
    {
        try {
            return $call();
        } catch (\SnokeWs\SnokeWsException | \SnokeWs\InvalidArgumentException $e) {
            throw new ConsumeFailedException(
                sprintf('%s %s failed: %s', $action, $description, $e->getMessage()),
                (int) $e->getCode(),
                $e,
            );
        }
    }
}
