<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Service;

/**
 * Counts of one `ws:consume` run and why it stopped.
 */
final class ConsumeReport
{
    public int $handled = 0;
    public int $retried = 0;
    public int $deadLettered = 0;
    public string $stopReason = '';

    public function __construct(public readonly float $startedAt)
    {
    }

    public function record(ConsumedEntry $entry): void
    {
        match ($entry->outcome) {
            ConsumedEntry::HANDLED => $this->handled++,
            ConsumedEntry::RETRY => $this->retried++,
            default => $this->deadLettered++,
        };
    }

    /** Entries processed, whatever their outcome (what `--limit` counts). */
    public function processed(): int
    {
        return $this->handled + $this->retried + $this->deadLettered;
    }

    public function summary(float $now): string
    {
        return sprintf(
            'ws:consume stopped (%s) after %.1fs: %d handled, %d failed and left for retry, %d dead-lettered.',
            $this->stopReason === '' ? 'unknown' : $this->stopReason,
            max(0.0, $now - $this->startedAt),
            $this->handled,
            $this->retried,
            $this->deadLettered,
        );
    }
}
