<?php

declare(strict_types=1);

namespace App\EventListener;

use App\Inbox\MessageInbox;
use Snoke\WsBundle\Event\WebsocketMessageReceivedEvent;
use Symfony\Component\EventDispatcher\EventSubscriberInterface;

/**
 * Records every message Symfony receives, whatever its type, so
 * `GET /api/ws/last-message` can show that the inbound path works.
 */
final class LastMessageRecorder implements EventSubscriberInterface
{
    public function __construct(private readonly MessageInbox $inbox)
    {
    }

    public static function getSubscribedEvents(): array
    {
        // Before the chat listener, so a failing broadcast still leaves a trace.
        return [WebsocketMessageReceivedEvent::class => ['onMessage', 100]];
    }

    public function onMessage(WebsocketMessageReceivedEvent $event): void
    {
        $this->inbox->record([
            'connection_id' => $event->getConnectionId(),
            'user_id' => $event->getUserId(),
            'subjects' => $event->getSubjects(),
            'connected_at' => $event->getConnectedAt(),
            'message' => $event->getMessage(),
            'raw' => $event->getRaw(),
            'received_at' => time(),
        ]);
    }
}
