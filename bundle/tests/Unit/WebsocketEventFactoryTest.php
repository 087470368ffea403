<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\Unit;

use PHPUnit\Framework\TestCase;
use Snoke\WsBundle\Event\WebsocketConnectionClosedEvent;
use Snoke\WsBundle\Event\WebsocketConnectionEstablishedEvent;
use Snoke\WsBundle\Event\WebsocketEventFactory;
use Snoke\WsBundle\Event\WebsocketMessageReceivedEvent;
use Snoke\WsBundle\Exception\InvalidEventException;

final class WebsocketEventFactoryTest extends TestCase
{
    public function testConnectedBecomesConnectionEstablishedEvent(): void
    {
        $event = (new WebsocketEventFactory())->fromJson(
            '{"type":"connected","connection_id":"c-1","user_id":"42","subjects":["user:42"],"connected_at":1700000000}',
        );

        self::assertInstanceOf(WebsocketConnectionEstablishedEvent::class, $event);
        self::assertSame('c-1', $event->getConnectionId());
        self::assertSame('42', $event->getUserId());
        self::assertSame(['user:42'], $event->getSubjects());
        self::assertSame(1700000000, $event->getConnectedAt());
    }

    public function testDisconnectedBecomesConnectionClosedEvent(): void
    {
        $event = (new WebsocketEventFactory())->fromArray(['type' => 'disconnected', 'connection_id' => 'c-2', 'user_id' => 7]);

        self::assertInstanceOf(WebsocketConnectionClosedEvent::class, $event);
        self::assertSame('7', $event->getUserId(), 'numeric user ids arrive as strings');
        self::assertSame([], $event->getSubjects());
        self::assertSame(0, $event->getConnectedAt());
    }

    public function testMessageReceivedCarriesMessageRawAndTraceparent(): void
    {
        $event = (new WebsocketEventFactory())->fromJson(json_encode([
            'type' => 'message_received',
            'connection_id' => 'c-3',
            'user_id' => '1',
            'subjects' => ['user:1'],
            'connected_at' => 5,
            'message' => ['type' => 'chat', 'text' => 'hi'],
            'raw' => '{"type":"chat","text":"hi"}',
            'traceparent' => '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        ], JSON_THROW_ON_ERROR));

        self::assertInstanceOf(WebsocketMessageReceivedEvent::class, $event);
        self::assertSame(['type' => 'chat', 'text' => 'hi'], $event->getMessage());
        self::assertSame('{"type":"chat","text":"hi"}', $event->getRaw());
        self::assertSame('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', $event->getTraceparent());
    }

    public function testTraceparentFromTheTransportWinsAndTheFieldNameIsConfigurable(): void
    {
        $data = ['type' => 'message_received', 'message' => [], 'raw' => '{}', 'tp' => 'from-body'];

        self::assertSame('from-body', (new WebsocketEventFactory('tp'))->fromArray($data)->getTraceparent());
        self::assertSame('from-header', (new WebsocketEventFactory('tp'))->fromArray($data, 'from-header')->getTraceparent());
        self::assertNull((new WebsocketEventFactory())->fromArray($data)->getTraceparent());
    }

    public function testRawFramesKeepTheGatewaysWrapping(): void
    {
        $event = (new WebsocketEventFactory())->fromArray([
            'type' => 'message_received',
            'message' => ['type' => 'raw', 'payload' => '[1,2]'],
            'raw' => '[1,2]',
        ]);

        self::assertInstanceOf(WebsocketMessageReceivedEvent::class, $event);
        self::assertSame(['type' => 'raw', 'payload' => '[1,2]'], $event->getMessage());
    }

    /**
     * @return iterable<string, array{0: string, 1: string}>
     */
    public static function invalidBodies(): iterable
    {
        yield 'not JSON' => ['{"type":', 'not valid JSON'];
        yield 'JSON list' => ['[1,2]', 'must be a JSON object'];
        yield 'JSON scalar' => ['42', 'must be a JSON object'];
        yield 'unknown type' => ['{"type":"exploded"}', 'Unknown event type "exploded"'];
        yield 'missing type' => ['{"connection_id":"c"}', 'Unknown event type null'];
    }

    /**
     * @dataProvider invalidBodies
     */
    public function testInvalidBodiesAreRejectedWithAClearMessage(string $body, string $message): void
    {
        $this->expectException(InvalidEventException::class);
        $this->expectExceptionMessage($message);

        (new WebsocketEventFactory())->fromJson($body);
    }
}
