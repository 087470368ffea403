<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\Unit;

use PHPUnit\Framework\TestCase;
use Snoke\WsBundle\Exception\InvalidConfigurationException;
use Snoke\WsBundle\Service\RabbitMqConsumerSettings;

final class RabbitMqConsumerSettingsTest extends TestCase
{
    public function testUnsetEnvValuesMeanTheTreeDefaults(): void
    {
        $settings = RabbitMqConsumerSettings::fromSection([
            'dsn' => null, 'queue' => '', 'exchange' => null, 'routing_key' => '  ', 'prefetch' => null,
        ]);

        self::assertSame('amqp://guest:guest@rabbitmq:5672/', $settings->dsn);
        self::assertSame('ws.events', $settings->queue);
        self::assertSame([
            ['exchange' => 'ws.inbox', 'routing_key' => 'ws.inbox'],
            ['exchange' => 'ws.events', 'routing_key' => 'ws.events'],
        ], $settings->bindings);
        self::assertSame(100, $settings->prefetch);
    }

    public function testNumbersFromEnvStringsAreAccepted(): void
    {
        $settings = RabbitMqConsumerSettings::fromSection(['prefetch' => '20', 'max_deliveries' => '3']);

        self::assertSame([20, 3], [$settings->prefetch, $settings->maxDeliveries]);
    }

    public function testAZeroPrefetchIsRefusedNamingTheKey(): void
    {
        $this->expectException(InvalidConfigurationException::class);
        $this->expectExceptionMessage('Invalid value for "snoke_ws.events.rabbitmq.prefetch": expected an integer >= 1, got 0.');

        RabbitMqConsumerSettings::fromSection(['prefetch' => 0]);
    }

    public function testMaxDeliveriesMustBeANumber(): void
    {
        $this->expectException(InvalidConfigurationException::class);
        $this->expectExceptionMessage('"snoke_ws.events.rabbitmq.max_deliveries"');

        RabbitMqConsumerSettings::fromSection(['max_deliveries' => 'often']);
    }
}
