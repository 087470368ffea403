<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Service;

use Snoke\WsBundle\Config\SectionValue;
use Snoke\WsBundle\Exception\InvalidConfigurationException;

/**
 * The resolved `events.rabbitmq` settings of ws:consume: one durable queue
 * bound to the inbox exchange (client messages) and the events exchange
 * (connect / disconnect), the gateway's exchanges and routing keys. Unset env
 * values fall back to the tree defaults.
 */
final class RabbitMqConsumerSettings
{
    public const DEFAULT_DSN = 'amqp://guest:guest@rabbitmq:5672/';
    public const DEFAULT_QUEUE = 'ws.events';
    public const DEFAULT_INBOX_EXCHANGE = 'ws.inbox';
    public const DEFAULT_INBOX_ROUTING_KEY = 'ws.inbox';
    public const DEFAULT_EVENTS_EXCHANGE = 'ws.events';
    public const DEFAULT_EVENTS_ROUTING_KEY = 'ws.events';
    public const DEFAULT_PREFETCH = 100;
    public const DEFAULT_MAX_DELIVERIES = 5;
    public const DEFAULT_DEAD_LETTER_EXCHANGE = 'ws.dlq';
    public const DEFAULT_DEAD_LETTER_QUEUE = 'ws.dlq';
    public const DEFAULT_MESSAGE_TTL_MS = 0;
    /** Seconds one broker call (connect, fetch, ack, fail) may take. */
    public const TIMEOUT_SECONDS = 5.0;

    private const PATH = 'snoke_ws.events.rabbitmq.';

    /**
     * @param list<array{exchange: string, routing_key: string}> $bindings inbox first
     */
    private function __construct(
        #[\SensitiveParameter] public readonly string $dsn,
        public readonly string $queue,
        public readonly array $bindings,
        public readonly int $prefetch,
        public readonly int $maxDeliveries,
        public readonly string $deadLetterExchange,
        public readonly string $deadLetterQueue,
        public readonly int $messageTtlMs,
    ) {
    }

    /**
     * @param array<string, mixed> $section the `events.rabbitmq` section
     *
     * @throws InvalidConfigurationException
     */
    public static function fromSection(array $section): self
    {
        $bindings = [];
        foreach (
            [
                ['inbox_exchange', self::DEFAULT_INBOX_EXCHANGE, 'inbox_routing_key', self::DEFAULT_INBOX_ROUTING_KEY],
                ['exchange', self::DEFAULT_EVENTS_EXCHANGE, 'routing_key', self::DEFAULT_EVENTS_ROUTING_KEY],
            ] as [$exchangeKey, $exchange, $routingKeyKey, $routingKey]
        ) {
            $binding = [
                'exchange' => SectionValue::string($section, $exchangeKey, $exchange),
                'routing_key' => SectionValue::string($section, $routingKeyKey, $routingKey),
            ];
            if (!\in_array($binding, $bindings, true)) {
                $bindings[] = $binding;
            }
        }

        return new self(
            SectionValue::string($section, 'dsn', self::DEFAULT_DSN),
            SectionValue::string($section, 'queue', self::DEFAULT_QUEUE),
            $bindings,
            SectionValue::int($section, 'prefetch', self::DEFAULT_PREFETCH, 1, self::PATH . 'prefetch'),
            SectionValue::int($section, 'max_deliveries', self::DEFAULT_MAX_DELIVERIES, 1, self::PATH . 'max_deliveries'),
            SectionValue::string($section, 'dead_letter_exchange', self::DEFAULT_DEAD_LETTER_EXCHANGE),
            SectionValue::string($section, 'dead_letter_queue', self::DEFAULT_DEAD_LETTER_QUEUE),
            SectionValue::int($section, 'message_ttl_ms', self::DEFAULT_MESSAGE_TTL_MS, 0, self::PATH . 'message_ttl_ms'),
        );
    }
}
