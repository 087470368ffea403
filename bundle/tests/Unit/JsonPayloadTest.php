<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\Unit;

use PHPUnit\Framework\TestCase;
use Snoke\WsBundle\Exception\InvalidPayloadException;
use Snoke\WsBundle\Service\JsonPayload;

final class JsonPayloadTest extends TestCase
{
    public function testScalarsAndPlainArraysPassUnchanged(): void
    {
        self::assertSame('hi', JsonPayload::normalize('hi'));
        self::assertNull(JsonPayload::normalize(null));
        self::assertSame(['a' => [1, 2.5, true]], JsonPayload::normalize(['a' => [1, 2.5, true]]));
    }

    public function testJsonSerializableObjectsBecomeTheirJson(): void
    {
        $message = new class () implements \JsonSerializable {
            public function jsonSerialize(): array
            {
                return ['type' => 'chat', 'text' => 'hi'];
            }
        };

        self::assertSame(['type' => 'chat', 'text' => 'hi'], JsonPayload::normalize($message));
        self::assertSame(['wrapped' => ['type' => 'chat', 'text' => 'hi']], JsonPayload::normalize(['wrapped' => $message]));
    }

    public function testPublicPropertiesOfPlainObjectsAreKept(): void
    {
        $dto = new \stdClass();
        $dto->type = 'presence';
        $dto->users = ['user:1'];

        self::assertSame(['type' => 'presence', 'users' => ['user:1']], JsonPayload::normalize($dto));
    }

    public function testUnencodablePayloadIsRejected(): void
    {
        $this->expectException(InvalidPayloadException::class);
        $this->expectExceptionMessage('Payload cannot be encoded as JSON');

        JsonPayload::normalize([new \ArrayObject(), "\xB1\x31"]);
    }
}
