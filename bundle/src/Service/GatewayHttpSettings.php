<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Service;

use Snoke\WsBundle\Exception\InvalidConfigurationException;

/**
 * The resolved, validated settings for calling the gateway's `/internal/*`
 * HTTP endpoints: base URL, timeout and API key.
 */
final class GatewayHttpSettings
{
    private function __construct(
        public readonly string $baseUrl,
        public readonly float $timeoutSeconds,
        #[\SensitiveParameter] public readonly ?string $apiKey,
        public readonly string $apiKeyHeader,
    ) {
    }

    /**
     * @param array<string, mixed> $http a `http` section (base_url, timeout_seconds)
     * @param array<string, mixed>|null $auth an `auth` section (type, header, value)
     * @param string $path config path of the section, for error messages
     *
     * @throws InvalidConfigurationException
     */
    public static function fromConfig(array $http, ?array $auth, string $path): self
    {
        $baseUrl = trim((string) ($http['base_url'] ?? ''));
        if ($baseUrl === '') {
            throw InvalidConfigurationException::missing(
                $path . '.base_url',
                'set it (e.g. WS_GATEWAY_BASE_URL=http://127.0.0.1:8000) to reach the gateway over HTTP.',
            );
        }
        $timeout = $http['timeout_seconds'] ?? 5;
        if (!is_numeric($timeout) || (float) $timeout <= 0) {
            throw new InvalidConfigurationException(sprintf(
                'Invalid value for "%s.timeout_seconds": expected a number of seconds greater than 0.',
                $path,
            ));
        }

        $authType = (string) ($auth['type'] ?? 'none');
        if (!\in_array($authType, ['api_key', 'none', ''], true)) {
            throw InvalidConfigurationException::notOneOf($path . '.auth.type', $authType, ['api_key', 'none']);
        }
        $apiKey = $authType === 'api_key' ? (string) ($auth['value'] ?? '') : '';
        $header = (string) ($auth['header'] ?? 'X-Api-Key');

        return new self(
            rtrim($baseUrl, '/'),
            (float) $timeout,
            $apiKey === '' ? null : $apiKey,
            $header === '' ? 'X-Api-Key' : $header,
        );
    }
}
