<?php

declare(strict_types=1);

namespace SnokeWs\Bench;

/**
 * Times a window and the CPU both sides spent in it: this process (and its
 * children, for a peer run as a command) through getrusage, the system under
 * test through /proc/<pid>/stat.
 */
final class Meter
{
    /** Clock ticks per second of /proc/<pid>/stat on Linux. */
    private const TICKS = 100;

    /**
     * Runs $op $count times, timing each call.
     *
     * @param \Closure(int): void $op gets the operation's index
     * @param list<int> $sutPids processes of the system under test
     */
    public static function perOp(int $count, array $sutPids, \Closure $op): Sample
    {
        $latencies = [];
        $start = self::snapshot($sutPids);
        for ($i = 0; $i < $count; ++$i) {
            $t = hrtime(true);
            $op($i);
            $latencies[] = hrtime(true) - $t;
        }
        $end = self::snapshot($sutPids);
        sort($latencies);

        return new Sample(
            ($end['wall'] - $start['wall']) / 1e9,
            $count,
            $end['load'] - $start['load'],
            self::sutDelta($start, $end),
            $latencies[intdiv($count * 50, 100)] / 1e6,
            $latencies[min($count - 1, intdiv($count * 99, 100))] / 1e6,
        );
    }

    /**
     * Runs $body once, counting $ops operations for it.
     *
     * @param \Closure(): void $body
     * @param list<int> $sutPids
     */
    public static function whole(int $ops, array $sutPids, \Closure $body): Sample
    {
        $start = self::snapshot($sutPids);
        $body();
        $end = self::snapshot($sutPids);

        return new Sample(
            ($end['wall'] - $start['wall']) / 1e9,
            $ops,
            $end['load'] - $start['load'],
            self::sutDelta($start, $end),
        );
    }

    /**
     * @param list<int> $sutPids
     *
     * @return array{wall: int, load: float, sut: ?float}
     */
    private static function snapshot(array $sutPids): array
    {
        $self = getrusage(0);
        $children = getrusage(1);
        $load = 0.0;
        foreach ([$self, $children] as $usage) {
            $load += $usage['ru_utime.tv_sec'] + $usage['ru_utime.tv_usec'] / 1e6
                + $usage['ru_stime.tv_sec'] + $usage['ru_stime.tv_usec'] / 1e6;
        }
        $sut = null;
        foreach ($sutPids as $pid) {
            $ticks = self::processTicks($pid);
            if ($ticks !== null) {
                $sut = ($sut ?? 0.0) + $ticks / self::TICKS;
            }
        }

        return ['wall' => hrtime(true), 'load' => $load, 'sut' => $sut];
    }

    /** @param array{sut: ?float} $start @param array{sut: ?float} $end */
    private static function sutDelta(array $start, array $end): ?float
    {
        return $start['sut'] === null || $end['sut'] === null ? null : round($end['sut'] - $start['sut'], 3);
    }

    /** utime + stime of a process (and its threads), or null when it cannot be read. */
    public static function processTicks(int $pid): ?int
    {
        $stat = @file_get_contents("/proc/$pid/stat");
        if ($stat === false) {
            return null;
        }
        // The command name may hold spaces; fields are counted after its closing parenthesis.
        $fields = explode(' ', substr($stat, strrpos($stat, ')') + 2));

        return (int) $fields[11] + (int) $fields[12];
    }
}
