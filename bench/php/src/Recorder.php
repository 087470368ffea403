<?php

declare(strict_types=1);

namespace SnokeWs\Bench;

/**
 * Appends contract JSON lines (suite "php") to the output file and remembers
 * whether any of ours lost a message.
 */
final class Recorder
{
    private int $lostByOurs = 0;

    public function __construct(private string $out, private int $run, private bool $quick)
    {
    }

    /**
     * @param Figure $figure what is measured
     * @param string $role ours | peer | limit
     */
    public function record(Figure $figure, string $subject, string $role, float $value, Sample $sample, string $notes = ''): void
    {
        if ($role === 'ours') {
            $this->lostByOurs += $sample->lost;
        }
        $line = [
            'suite' => 'php',
            'figure' => $figure->id,
            'title' => $figure->title,
            'subject' => $subject,
            'role' => $role,
            'run' => $this->run,
            'value' => round($value, 3),
            'unit' => $figure->unit,
            'better' => $figure->better,
            'target' => $role === 'ours' ? $figure->target : null,
            'target_p99_ms' => null,
            'p50_ms' => $sample->p50Ms === null ? null : round($sample->p50Ms, 4),
            'p99_ms' => $sample->p99Ms === null ? null : round($sample->p99Ms, 4),
            'cpu_sut_s' => $sample->cpuSutSeconds,
            'cpu_load_s' => round($sample->cpuLoadSeconds, 3),
            'wall_s' => round($sample->wallSeconds, 4),
            'ops' => $sample->ops,
            'lost' => $sample->lost,
            'quick' => $this->quick,
            'notes' => $notes,
            'ts' => gmdate('Y-m-d\TH:i:s\Z'),
        ];
        $json = json_encode($line, JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION);
        if (file_put_contents($this->out, $json . "\n", FILE_APPEND | LOCK_EX) === false) {
            throw new \RuntimeException("cannot append to {$this->out}");
        }
        fprintf(STDERR, "  %-26s %-44s %12.2f %s%s\n", $figure->id, "$subject ($role)", $value, $figure->unit, $sample->lost > 0 ? "  LOST {$sample->lost}" : '');
    }

    /** Messages our side lost in this process (the bench fails when > 0). */
    public function lostByOurs(): int
    {
        return $this->lostByOurs;
    }
}
