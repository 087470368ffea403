<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Config;

/**
 * Whether Symfony itself records presence (`snoke_ws.presence.writer.type`).
 */
enum PresenceWriterType: string
{
    use ConfigChoice;

    case None = 'none';
    case Redis = 'redis';

    public const PATH = 'snoke_ws.presence.writer.type';

    /** An empty type means none: the gateway owns presence. */
    public static function fromConfig(mixed $value): self
    {
        return self::parseOrNull($value, self::PATH) ?? self::None;
    }
}
