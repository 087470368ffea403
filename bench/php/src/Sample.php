<?php

declare(strict_types=1);

namespace SnokeWs\Bench;

/**
 * What one measured window produced: wall time, operations, CPU of both
 * sides and, when each operation was timed, its latency percentiles.
 */
final class Sample
{
    public function __construct(
        public readonly float $wallSeconds,
        public readonly int $ops,
        public readonly float $cpuLoadSeconds,
        public readonly ?float $cpuSutSeconds,
        public readonly ?float $p50Ms = null,
        public readonly ?float $p99Ms = null,
        public int $lost = 0,
    ) {
    }

    public function microsPerOp(): float
    {
        return $this->wallSeconds * 1e6 / max(1, $this->ops);
    }

    public function perSecond(): float
    {
        return $this->ops / max(1e-9, $this->wallSeconds);
    }
}
