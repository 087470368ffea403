<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Config;

/**
 * How gateway events reach Symfony (`snoke_ws.events.type`).
 */
enum EventsType: string
{
    use ConfigChoice;

    case Webhook = 'webhook';
    case RedisStream = 'redis_stream';
    case RabbitMq = 'rabbitmq';
    case None = 'none';

    public const PATH = 'snoke_ws.events.type';

    /** An empty type falls back by mode: core → redis_stream, terminator → webhook. */
    public static function resolve(mixed $value, Mode $mode): self
    {
        return self::parseOrNull($value, self::PATH)
            ?? ($mode === Mode::Core ? self::RedisStream : self::Webhook);
    }

    /** True when `ws:consume` is the one reading the events. */
    public function isBroker(): bool
    {
        return $this === self::RedisStream || $this === self::RabbitMq;
    }
}
