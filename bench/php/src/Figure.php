<?php

declare(strict_types=1);

namespace SnokeWs\Bench;

/**
 * One figure of issue 4's PHP table: stable id, title, unit, direction and
 * target.
 */
final class Figure
{
    private function __construct(
        public readonly string $id,
        public readonly string $title,
        public readonly string $unit,
        public readonly string $better,
        public readonly float $target,
    ) {
    }

    public static function get(string $id): self
    {
        return match ($id) {
            'redis_publish_one' => new self($id, 'Publish one message to a Redis stream', 'µs/op', 'lower', 35.0),
            'redis_publish_batch100' => new self($id, 'Publish 100 messages in one call (pipelined)', 'µs/message', 'lower', 3.0),
            'rabbitmq_publish_confirm' => new self($id, 'Publish to RabbitMQ with publisher confirms', 'µs/op', 'lower', 60.0),
            'http_publish_php' => new self($id, 'Publish over HTTP to the gateway (PHP client)', 'µs/op', 'lower', 100.0),
            'presence_read_1000' => new self($id, 'Read presence of 1,000 connections from Redis', 'ms', 'lower', 5.0),
            'consume_noop' => new self($id, 'Consume events into a no-op PHP callable', 'events/s', 'higher', 50000.0),
            'consume_dispatcher' => new self($id, 'Consume events through EventDispatcher, one listener', 'events/s', 'higher', 15000.0),
            'fpm_memory_added' => new self($id, 'RSS the extension adds to a PHP worker', 'MB', 'lower', 5.0),
            'fpm_memory_growth' => new self($id, 'Worker RSS growth over 1M publishes', 'MB', 'lower', 1.0),
            default => throw new \InvalidArgumentException("unknown figure: $id"),
        };
    }

    /** @return list<string> every figure id, in report order */
    public static function all(): array
    {
        return [
            'redis_publish_one', 'redis_publish_batch100', 'rabbitmq_publish_confirm', 'http_publish_php',
            'presence_read_1000', 'consume_noop', 'consume_dispatcher', 'fpm_memory_added', 'fpm_memory_growth',
        ];
    }
}
