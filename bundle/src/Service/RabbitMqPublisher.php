<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Service;

use Snoke\WsBundle\Config\SectionValue;
use Snoke\WsBundle\Contract\PublisherInterface;
use Snoke\WsBundle\Exception\PublishFailedException;
use SnokeWs\RabbitMqPublisher as ExtensionRabbitMqPublisher;

/**
 * `transport.type: rabbitmq`: publishes `{"subjects", "payload"}` as a
 * persistent message to the outbox exchange every gateway binds its own queue
 * to, through the extension's per-process connection. Returns once the broker
 * confirmed the message.
 */
final class RabbitMqPublisher implements PublisherInterface
{
    public const DEFAULT_DSN = 'amqp://guest:guest@rabbitmq:5672/';
    public const DEFAULT_EXCHANGE = 'ws.outbox';
    public const DEFAULT_ROUTING_KEY = 'ws.outbox';

    private ?ExtensionRabbitMqPublisher $client = null;

    /**
     * @param array<string, mixed> $config the `snoke_ws.transport` section
     */
    public function __construct(#[\SensitiveParameter] private array $config)
    {
    }

    public function publish(array $subjectKeys, mixed $payload): void
    {
        $payload = JsonPayload::normalize($payload);
        $client = $this->client ??= $this->createClient();
        try {
            $client->publish(array_values($subjectKeys), $payload);
        } catch (\SnokeWs\SnokeWsException | \SnokeWs\InvalidArgumentException $e) {
            throw new PublishFailedException(
                sprintf('Publishing to the RabbitMQ outbox exchange "%s" failed: %s', $this->exchange(), $e->getMessage()),
                (int) $e->getCode(),
                $e,
            );
        }
    }

    /** The exchange messages go to (`transport.rabbitmq.exchange`, default ws.outbox). */
    public function exchange(): string
    {
        return SectionValue::string($this->section(), 'exchange', self::DEFAULT_EXCHANGE);
    }

    /** The routing key of every message (`transport.rabbitmq.routing_key`, default ws.outbox). */
    public function routingKey(): string
    {
        return SectionValue::string($this->section(), 'routing_key', self::DEFAULT_ROUTING_KEY);
    }

    private function createClient(): ExtensionRabbitMqPublisher
    {
        ExtensionClass::ensureLoaded(ExtensionRabbitMqPublisher::class);

        try {
            return new ExtensionRabbitMqPublisher(
                SectionValue::string($this->section(), 'dsn', self::DEFAULT_DSN),
                $this->exchange(),
                $this->routingKey(),
            );
        } catch (\SnokeWs\SnokeWsException | \SnokeWs\InvalidArgumentException $e) {
            throw new PublishFailedException('Cannot create the RabbitMQ publisher: ' . $e->getMessage(), 0, $e);
        }
    }

    /** @return array<string, mixed> */
    private function section(): array
    {
        return (array) ($this->config['rabbitmq'] ?? []);
    }
}
