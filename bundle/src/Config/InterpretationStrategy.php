<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Config;

/**
 * How listed connections are filtered by age
 * (`snoke_ws.presence.interpretation.strategy`).
 */
enum InterpretationStrategy: string
{
    use ConfigChoice;

    /** Every listed connection counts. */
    case None = 'none';
    /** Seen within ttl_seconds (+ grace). */
    case Ttl = 'ttl';
    /** Seen within heartbeat_seconds (+ grace). */
    case Heartbeat = 'heartbeat';
    /** Listed means online; the store removes closed sessions itself. */
    case Session = 'session';

    public const PATH = 'snoke_ws.presence.interpretation.strategy';

    /** An empty strategy means none. */
    public static function fromConfig(mixed $value): self
    {
        return self::parseOrNull($value, self::PATH) ?? self::None;
    }
}
