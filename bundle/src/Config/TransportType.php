<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Config;

/**
 * How `WebsocketPublisher` pushes to clients (`snoke_ws.transport.type`).
 */
enum TransportType: string
{
    use ConfigChoice;

    case Http = 'http';
    case RedisStream = 'redis_stream';
    case RabbitMq = 'rabbitmq';

    public const PATH = 'snoke_ws.transport.type';

    /** An empty type falls back by mode: core → redis_stream, terminator → http. */
    public static function resolve(mixed $value, Mode $mode): self
    {
        return self::parseOrNull($value, self::PATH)
            ?? ($mode === Mode::Core ? self::RedisStream : self::Http);
    }
}
