<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Config;

/**
 * How Symfony and the gateway talk: over HTTP and webhooks (terminator) or
 * through Redis / RabbitMQ (core). Picks the fallback of every empty `type`.
 */
enum Mode: string
{
    use ConfigChoice;

    case Terminator = 'terminator';
    case Core = 'core';

    public const PATH = 'snoke_ws.mode';

    /** An empty mode means the default, terminator. */
    public static function fromConfig(mixed $value): self
    {
        return self::parseOrNull($value, self::PATH) ?? self::Terminator;
    }
}
