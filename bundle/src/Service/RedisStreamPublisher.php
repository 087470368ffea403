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
 *
 * Gateways read the outbox with plain XREAD and never delete from it, so each
 * XADD trims it (`MAXLEN ~`): otherwise every push ever sent would stay in
 * Redis memory. Only a gateway more than that many pushes behind would miss one.
 */
final class RedisStreamPublisher implements PublisherInterface
{
    public const DEFAULT_DSN = 'redis://redis:6379';
    public const DEFAULT_STREAM = 'ws.outbox';
    /** Entries the outbox keeps (approximately, whole stream nodes are trimmed). */
    public const OUTBOX_MAX_LEN = 100_000;

    private ?ExtensionRedisStreamPublisher $client = null;

    /**
     * @param array<string, mixed> $config the `snoke_ws.transport` section
     * @param int $maxLen entries the outbox keeps; 0 never trims
     */
    public function __construct(
        #[\SensitiveParameter] private array $config,
        private int $maxLen = self::OUTBOX_MAX_LEN,
    ) {
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
                $this->maxLen,
            );
        } catch (\SnokeWs\SnokeWsException | \SnokeWs\InvalidArgumentException $e) {
            throw new PublishFailedException('Cannot create the Redis stream publisher: ' . $e->getMessage(), 0, $e);
        }
    }
}
