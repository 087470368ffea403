<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Service;

use Snoke\WsBundle\Config\SectionValue;
use Snoke\WsBundle\Exception\InvalidConfigurationException;

/**
 * The resolved `events.redis_stream` settings of ws:consume; unset env values
 * fall back to the tree defaults.
 */
final class RedisStreamConsumerSettings
{
    public const DEFAULT_DSN = 'redis://redis:6379';
    public const DEFAULT_INBOX_STREAM = 'ws.inbox';
    public const DEFAULT_EVENTS_STREAM = 'ws.events';
    public const DEFAULT_GROUP = 'symfony';
    public const DEFAULT_CONSUMER = 'symfony';
    public const DEFAULT_DEAD_LETTER_STREAM = 'ws.dlq';
    public const DEFAULT_MAX_DELIVERIES = 5;
    public const DEFAULT_CLAIM_IDLE_MS = 30000;

    private const PATH = 'snoke_ws.events.redis_stream.';

    /**
     * @param list<string> $streams inbox first
     */
    private function __construct(
        #[\SensitiveParameter] public readonly string $dsn,
        public readonly array $streams,
        public readonly string $group,
        public readonly string $consumerName,
        public readonly int $maxDeliveries,
        public readonly int $claimIdleMs,
        public readonly string $deadLetterStream,
    ) {
    }

    /**
     * @param array<string, mixed> $section the `events.redis_stream` section
     *
     * @throws InvalidConfigurationException
     */
    public static function fromSection(array $section): self
    {
        return new self(
            SectionValue::string($section, 'dsn', self::DEFAULT_DSN),
            array_values(array_unique([
                SectionValue::string($section, 'inbox_stream', self::DEFAULT_INBOX_STREAM),
                SectionValue::string($section, 'stream', self::DEFAULT_EVENTS_STREAM),
            ])),
            SectionValue::string($section, 'group', self::DEFAULT_GROUP),
            // Unique per process and stable for its life, so entries of a dead consumer can be re-claimed.
            sprintf(
                '%s-%s-%d',
                SectionValue::string($section, 'consumer', self::DEFAULT_CONSUMER),
                gethostname() ?: 'host',
                getmypid(),
            ),
            SectionValue::int($section, 'max_deliveries', self::DEFAULT_MAX_DELIVERIES, 1, self::PATH . 'max_deliveries'),
            SectionValue::int($section, 'claim_idle_ms', self::DEFAULT_CLAIM_IDLE_MS, 1, self::PATH . 'claim_idle_ms'),
            SectionValue::string($section, 'dead_letter_stream', self::DEFAULT_DEAD_LETTER_STREAM),
        );
    }
}
