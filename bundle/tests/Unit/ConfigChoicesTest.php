<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\Unit;

use PHPUnit\Framework\TestCase;
use Snoke\WsBundle\Config\EventsType;
use Snoke\WsBundle\Config\Mode;
use Snoke\WsBundle\Config\PresenceType;
use Snoke\WsBundle\Config\TransportType;
use Snoke\WsBundle\Exception\InvalidConfigurationException;

final class ConfigChoicesTest extends TestCase
{
    public function testEmptyModeMeansTerminator(): void
    {
        self::assertSame(Mode::Terminator, Mode::fromConfig(''));
        self::assertSame(Mode::Terminator, Mode::fromConfig(null));
        self::assertSame(Mode::Core, Mode::fromConfig(' core '));
    }

    public function testEmptyTypesFallBackByMode(): void
    {
        self::assertSame(TransportType::Http, TransportType::resolve('', Mode::Terminator));
        self::assertSame(TransportType::RedisStream, TransportType::resolve(null, Mode::Core));
        self::assertSame(PresenceType::Http, PresenceType::resolve('', Mode::Terminator));
        self::assertSame(PresenceType::Redis, PresenceType::resolve('', Mode::Core));
        self::assertSame(EventsType::Webhook, EventsType::resolve('', Mode::Terminator));
        self::assertSame(EventsType::RedisStream, EventsType::resolve('', Mode::Core));
    }

    public function testExplicitTypeWinsOverMode(): void
    {
        self::assertSame(TransportType::Http, TransportType::resolve('http', Mode::Core));
        self::assertSame(EventsType::None, EventsType::resolve('none', Mode::Terminator));
    }

    public function testOnlyBrokerEventTypesAreConsumed(): void
    {
        self::assertTrue(EventsType::RedisStream->isBroker());
        self::assertTrue(EventsType::RabbitMq->isBroker());
        self::assertFalse(EventsType::Webhook->isBroker());
        self::assertFalse(EventsType::None->isBroker());
    }

    public function testNonStringValueIsRejected(): void
    {
        $this->expectException(InvalidConfigurationException::class);
        $this->expectExceptionMessage('Invalid value array for "snoke_ws.transport.type": expected one of "http", "redis_stream", "rabbitmq".');

        TransportType::resolve(['http'], Mode::Core);
    }
}
