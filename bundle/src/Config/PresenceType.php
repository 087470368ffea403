<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Config;

/**
 * Where presence is read from (`snoke_ws.presence.type`).
 */
enum PresenceType: string
{
    use ConfigChoice;

    case Http = 'http';
    case Redis = 'redis';

    public const PATH = 'snoke_ws.presence.type';

    /** An empty type falls back by mode: core → redis, terminator → http. */
    public static function resolve(mixed $value, Mode $mode): self
    {
        return self::parseOrNull($value, self::PATH)
            ?? ($mode === Mode::Core ? self::Redis : self::Http);
    }
}
