<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\Unit;

use PHPUnit\Framework\TestCase;
use Snoke\WsBundle\Exception\InvalidConfigurationException;
use Snoke\WsBundle\Service\GatewayHttpSettings;

final class GatewayHttpSettingsTest extends TestCase
{
    public function testApiKeyAuthSendsTheConfiguredKey(): void
    {
        $settings = GatewayHttpSettings::fromConfig(
            ['base_url' => 'http://127.0.0.1:8000/', 'timeout_seconds' => 3],
            ['type' => 'api_key', 'header' => 'X-Api-Key', 'value' => 'k'],
            'snoke_ws.transport.http',
        );

        self::assertSame('http://127.0.0.1:8000', $settings->baseUrl);
        self::assertSame(3.0, $settings->timeoutSeconds);
        self::assertSame('k', $settings->apiKey);
        self::assertSame('X-Api-Key', $settings->apiKeyHeader);
    }

    public function testEmptyKeyOrNoAuthSendsNoKey(): void
    {
        $http = ['base_url' => 'http://gw'];

        self::assertNull(GatewayHttpSettings::fromConfig($http, ['type' => 'api_key', 'value' => ''], 'p')->apiKey);
        self::assertNull(GatewayHttpSettings::fromConfig($http, ['type' => 'none', 'value' => 'k'], 'p')->apiKey);
        self::assertNull(GatewayHttpSettings::fromConfig($http, null, 'p')->apiKey);
    }

    public function testEmptyBaseUrlNamesTheSettingAndTheEnvVar(): void
    {
        $this->expectException(InvalidConfigurationException::class);
        $this->expectExceptionMessage('"snoke_ws.presence.http.base_url" is empty: set it (e.g. WS_GATEWAY_BASE_URL=');

        GatewayHttpSettings::fromConfig(['base_url' => null], null, 'snoke_ws.presence.http');
    }

    public function testNonPositiveTimeoutIsRejected(): void
    {
        $this->expectException(InvalidConfigurationException::class);
        $this->expectExceptionMessage('"snoke_ws.transport.http.timeout_seconds"');

        GatewayHttpSettings::fromConfig(['base_url' => 'http://gw', 'timeout_seconds' => 0], null, 'snoke_ws.transport.http');
    }

    public function testUnknownAuthTypeIsRejected(): void
    {
        $this->expectException(InvalidConfigurationException::class);
        $this->expectExceptionMessage('"snoke_ws.transport.http.auth.type"');

        GatewayHttpSettings::fromConfig(['base_url' => 'http://gw'], ['type' => 'basic'], 'snoke_ws.transport.http');
    }
}
