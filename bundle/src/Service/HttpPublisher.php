<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Service;

use Snoke\WsBundle\Contract\PublisherInterface;
use Snoke\WsBundle\Exception\PublishFailedException;
use SnokeWs\HttpPublisher as ExtensionHttpPublisher;

/**
 * Publishes through the gateway's `POST /internal/publish`, using the
 * extension's per-process keep-alive client.
 */
final class HttpPublisher implements PublisherInterface
{
    private ?ExtensionHttpPublisher $client = null;

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
                'Publishing to the gateway failed: ' . $e->getMessage(),
                (int) $e->getCode(),
                $e,
            );
        }
    }

    private function createClient(): ExtensionHttpPublisher
    {
        $http = (array) ($this->config['http'] ?? []);
        $settings = GatewayHttpSettings::fromConfig($http, $http['auth'] ?? null, 'snoke_ws.transport.http');
        ExtensionClass::ensureLoaded(ExtensionHttpPublisher::class);

        try {
            return new ExtensionHttpPublisher(
                $settings->baseUrl,
                $settings->apiKey,
                $settings->timeoutSeconds,
                (string) ($http['publish_path'] ?? '/internal/publish'),
                $settings->apiKeyHeader,
            );
        } catch (\SnokeWs\InvalidArgumentException $e) {
            throw new PublishFailedException('Cannot create the gateway publisher: ' . $e->getMessage(), 0, $e);
        }
    }
}
