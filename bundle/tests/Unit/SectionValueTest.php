<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\Unit;

use PHPUnit\Framework\TestCase;
use Snoke\WsBundle\Config\SectionValue;
use Snoke\WsBundle\Exception\InvalidConfigurationException;

final class SectionValueTest extends TestCase
{
    public function testUnsetEnvValuesMeanTheTreeDefault(): void
    {
        self::assertSame('ws.outbox', SectionValue::string(['stream' => null], 'stream', 'ws.outbox'));
        self::assertSame('ws.outbox', SectionValue::string(['stream' => '  '], 'stream', 'ws.outbox'));
        self::assertSame('ws.outbox', SectionValue::string([], 'stream', 'ws.outbox'));
        self::assertSame(120, SectionValue::int(['ttl_seconds' => null], 'ttl_seconds', 120, 0, 'x.ttl_seconds'));
    }

    public function testSetValuesWin(): void
    {
        self::assertSame('app.outbox', SectionValue::string(['stream' => ' app.outbox '], 'stream', 'ws.outbox'));
        self::assertSame(0, SectionValue::int(['ttl_seconds' => '0'], 'ttl_seconds', 120, 0, 'x.ttl_seconds'));
        self::assertSame(30, SectionValue::int(['ttl_seconds' => 30], 'ttl_seconds', 120, 0, 'x.ttl_seconds'));
    }

    public function testRejectsANonIntegerNamingThePath(): void
    {
        $this->expectException(InvalidConfigurationException::class);
        $this->expectExceptionMessage('Invalid value for "snoke_ws.presence.writer.ttl_seconds": expected an integer >= 0');

        SectionValue::int(['ttl_seconds' => 'soon'], 'ttl_seconds', 120, 0, 'snoke_ws.presence.writer.ttl_seconds');
    }
}
