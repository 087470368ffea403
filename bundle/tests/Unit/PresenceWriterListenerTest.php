<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\Unit;

use PHPUnit\Framework\TestCase;
use Snoke\WsBundle\Contract\PresenceWriterInterface;
use Snoke\WsBundle\Event\WebsocketConnectionClosedEvent;
use Snoke\WsBundle\Event\WebsocketConnectionEstablishedEvent;
use Snoke\WsBundle\Event\WebsocketMessageReceivedEvent;
use Snoke\WsBundle\EventListener\PresenceWriterListener;

final class PresenceWriterListenerTest extends TestCase
{
    /**
     * @return PresenceWriterInterface&object{calls: list<string>}
     */
    private static function writer(): PresenceWriterInterface
    {
        return new class () implements PresenceWriterInterface {
            /** @var list<string> */
            public array $calls = [];

            public function upsertConnection(string $connectionId, string $userId, array $subjects, int $connectedAt): void
            {
                $this->calls[] = "upsert $connectionId $userId " . implode(',', $subjects) . " $connectedAt";
            }

            public function touchConnection(string $connectionId, string $userId, array $subjects): void
            {
                $this->calls[] = "touch $connectionId";
            }

            public function removeConnection(string $connectionId, string $userId, array $subjects): void
            {
                $this->calls[] = "remove $connectionId";
            }
        };
    }

    public function testConnectionEventsUpsertTouchAndRemove(): void
    {
        $writer = self::writer();
        $listener = new PresenceWriterListener($writer, ['writer' => ['refresh_on_message' => true]]);

        $listener->onConnected(new WebsocketConnectionEstablishedEvent('c1', '42', ['user:42'], 100));
        $listener->onMessage(new WebsocketMessageReceivedEvent('c1', '42', ['user:42'], 100, [], '{}'));
        $listener->onClosed(new WebsocketConnectionClosedEvent('c1', '42', ['user:42'], 100));

        self::assertSame(['upsert c1 42 user:42 100', 'touch c1', 'remove c1'], $writer->calls);
    }

    public function testMessagesDoNotTouchWhenRefreshOnMessageIsOff(): void
    {
        $writer = self::writer();
        $listener = new PresenceWriterListener($writer, ['writer' => ['refresh_on_message' => false]]);

        $listener->onMessage(new WebsocketMessageReceivedEvent('c1', '42', ['user:42'], 100, [], '{}'));

        self::assertSame([], $writer->calls);
    }
}
