<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Service;

use Snoke\WsBundle\Config\SectionValue;
use Snoke\WsBundle\Contract\PublisherInterface;
use Snoke\WsBundle\Exception\PublishFailedException;
use SnokeWs\RedisStreamPublisher as ExtensionRedisStreamPublisher;

/**
 * `transport.type: redis_stream`: appends `{"subjects", "payload"}` to the
 * outbox stream every gateway reads, through the extension's per-process
 * Redis connection. Returns once Redis accepted the entry.
 */
final class RedisStreamPublisher implements PublisherInterface
{
    public const DEFAULT_DSN = 'redis://redis:6379';
    public const DEFAULT_STREAM = 'ws.outbox';

    private ?ExtensionRedisStreamPublisher $client = null;

    /**
     * @param array<string, mixed> $config the `snoke_ws.transport` section
     */
    public function __construct(#[\SensitiveParameter] private array $config)
    {
    }

    public function publish(array $subjectKeys, mixed $payload): void
    {
        $payload = JsonPayload::normalize($payload);
        $client = $this->client ??= $this->createClient();
        try {
            $client->publish(array_values($subjectKeys), $payload);
        } catch (\SnokeWs\SnokeWsException | \SnokeWs\InvalidArgumentException $e) {
            throw new PublishFailedException(
                'Publishing to the Redis outbox stream failed: ' . $e->getMessage(),
                (int) $e->getCode(),
                $e,
            );
        }
    }

    /** The stream entries go to (`transport.redis_stream.stream`, default ws.outbox). */
    public function stream(): string
    {
        return SectionValue::string((array) ($this->config['redis_stream'] ?? []), 'stream', self::DEFAULT_STREAM);
    }

    private function createClient(): ExtensionRedisStreamPublisher
    {
        $section = (array) ($this->config['redis_stream'] ?? []);
        ExtensionClass::ensureLoaded(ExtensionRedisStreamPublisher::class);

        try {
            return new ExtensionRedisStreamPublisher(
                SectionValue::string($section, 'dsn', self::DEFAULT_DSN),
                $this->stream(),
            );
        } catch (\SnokeWs\SnokeWsException | \SnokeWs\InvalidArgumentException $e) {
            throw new PublishFailedException('Cannot create the Redis stream publisher: ' . $e->getMessage(), 0, $e);
        }
    }
}
