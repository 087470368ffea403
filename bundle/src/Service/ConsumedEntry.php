<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Service;

/**
 * What happened to one broker entry in `ws:consume`.
 */
final class ConsumedEntry
{
    public const HANDLED = 'handled';
    /** A listener threw; the entry stays pending and is delivered again. */
    public const RETRY = 'failed, will be retried';
    /** A listener threw on the last allowed delivery; the entry moved to the dead-letter stream. */
    public const DEAD_LETTERED = 'failed, dead-lettered';

    public function __construct(
        public readonly string $stream,
        public readonly string $id,
        public readonly string $eventType,
        public readonly int $deliveries,
        public readonly string $outcome,
        public readonly ?string $error = null,
    ) {
    }

    public function describe(): string
    {
        return sprintf(
            '%s %s %s (delivery %d): %s%s',
            $this->stream,
            $this->id,
            $this->eventType === '' ? '?' : $this->eventType,
            $this->deliveries,
            $this->outcome,
            $this->error === null ? '' : ' — ' . $this->error,
        );
    }
}
