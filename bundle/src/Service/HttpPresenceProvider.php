<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Service;

use Snoke\WsBundle\Contract\PresenceProviderInterface;
use Snoke\WsBundle\Exception\PresenceUnavailableException;
use SnokeWs\HttpPresence as ExtensionHttpPresence;

/**
 * Reads presence from the gateway's `/internal/connections` endpoints through
 * the extension, then applies the interpretation filter.
 *
 * The API key is `presence.http.auth` when given, else the transport's
 * (`transport.http.auth`): it is the same gateway.
 */
final class HttpPresenceProvider implements PresenceProviderInterface
{
    private ?ExtensionHttpPresence $client = null;

    /**
     * @param array<string, mixed> $config the `snoke_ws.presence` section
     * @param array<string, mixed> $transportConfig the `snoke_ws.transport` section
     */
    public function __construct(
        private array $config,
        #[\SensitiveParameter] private array $transportConfig,
        private PresenceInterpreter $interpreter,
    ) {
    }

    public function listConnections(?string $subjectKey = null, ?string $userId = null): array
    {
        $client = $this->client ??= $this->createClient();

        return $this->wrap(fn (): array => $client->listConnections(
            $subjectKey === '' ? null : $subjectKey,
            $userId === '' ? null : $userId,
        ));
    }

    public function listConnectionsForUser(string $userId): array
    {
        $client = $this->client ??= $this->createClient();

        return $this->wrap(fn (): array => $client->listConnectionsForUser($userId));
    }

    /**
     * @param \Closure(): array<mixed> $read
     *
     * @return array{connections: list<array<string, mixed>>}
     */
    private function wrap(\Closure $read): array
    {
        try {
            $connections = $read();
        } catch (\SnokeWs\SnokeWsException | \SnokeWs\InvalidArgumentException $e) {
            throw new PresenceUnavailableException(
                'Reading presence from the gateway failed: ' . $e->getMessage(),
                (int) $e->getCode(),
                $e,
            );
        }

        return ['connections' => $this->interpreter->filterConnections($connections)];
    }

    private function createClient(): ExtensionHttpPresence
    {
        $http = (array) ($this->config['http'] ?? []);
        $auth = $http['auth'] ?? ($this->transportConfig['http']['auth'] ?? null);
        $settings = GatewayHttpSettings::fromConfig($http, $auth, 'snoke_ws.presence.http');
        ExtensionClass::ensureLoaded(ExtensionHttpPresence::class);

        try {
            return new ExtensionHttpPresence(
                $settings->baseUrl,
                $settings->apiKey,
                $settings->timeoutSeconds,
                (string) ($http['list_path'] ?? '/internal/connections'),
                (string) ($http['by_user_path'] ?? '/internal/users/{user_id}/connections'),
                $settings->apiKeyHeader,
            );
        } catch (\SnokeWs\InvalidArgumentException $e) {
            throw new PresenceUnavailableException(
                'Cannot create the gateway presence reader: ' . $e->getMessage(),
                0,
                $e,
            );
        }
    }
}
