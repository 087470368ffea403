<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Service;

use Snoke\WsBundle\Exception\InvalidConfigurationException;

/**
 * When `ws:consume` stops on its own, as in `messenger:consume`: after
 * `--limit` events, after `--time-limit` seconds, or once the process uses
 * more than `--memory-limit`. Null means no such limit.
 */
final class ConsumeLimits
{
    public const STOP_LIMIT = 'event limit reached';
    public const STOP_TIME = 'time limit reached';
    public const STOP_MEMORY = 'memory limit exceeded';

    public function __construct(
        public readonly ?int $events = null,
        public readonly ?int $seconds = null,
        public readonly ?int $memoryBytes = null,
    ) {
        foreach (['events' => $events, 'seconds' => $seconds, 'memoryBytes' => $memoryBytes] as $name => $value) {
            if ($value !== null && $value <= 0) {
                throw new InvalidConfigurationException(
                    sprintf('Limit "%s" must be greater than 0, got %d.', $name, $value),
                );
            }
        }
    }

    /**
     * From the command's option strings (null: option not given).
     *
     * @throws InvalidConfigurationException naming the bad option
     */
    public static function fromOptions(?string $limit, ?string $timeLimit, ?string $memoryLimit): self
    {
        return new self(
            self::positiveInt('--limit', $limit),
            self::positiveInt('--time-limit', $timeLimit),
            $memoryLimit === null ? null : self::bytes($memoryLimit),
        );
    }

    /** Why to stop now, or null to go on. */
    public function reasonToStop(int $handled, float $elapsedSeconds, int $memoryBytes): ?string
    {
        return match (true) {
            $this->events !== null && $handled >= $this->events => self::STOP_LIMIT,
            $this->seconds !== null && $elapsedSeconds >= $this->seconds => self::STOP_TIME,
            $this->memoryBytes !== null && $memoryBytes > $this->memoryBytes => self::STOP_MEMORY,
            default => null,
        };
    }

    /** How many entries to fetch next, so a `--limit` run does not take more than it handles. */
    public function batchSize(int $handled, int $preferred): int
    {
        return $this->events === null ? $preferred : max(1, min($preferred, $this->events - $handled));
    }

    private static function positiveInt(string $option, ?string $value): ?int
    {
        if ($value === null) {
            return null;
        }
        $int = filter_var(trim($value), FILTER_VALIDATE_INT);
        if ($int === false || $int <= 0) {
            throw new InvalidConfigurationException(sprintf(
                'Invalid %s "%s": expected a whole number greater than 0.',
                $option,
                $value,
            ));
        }

        return $int;
    }

    /** "128M", "1G", "512K" or plain bytes. */
    private static function bytes(string $value): int
    {
        if (!preg_match('/^\s*(\d+)\s*([kmg]?)b?\s*$/i', $value, $match) || (int) $match[1] <= 0) {
            throw new InvalidConfigurationException(sprintf(
                'Invalid --memory-limit "%s": expected a size such as 128M, 1G, 512K or a number of bytes.',
                $value,
            ));
        }
        $exponent = ['' => 0, 'k' => 1, 'm' => 2, 'g' => 3][strtolower($match[2])];

        return (int) $match[1] * 1024 ** $exponent;
    }
}
