<?php

declare(strict_types=1);

namespace Snoke\WsBundle\EventListener;

use Snoke\WsBundle\Contract\PresenceWriterInterface;
use Snoke\WsBundle\Event\WebsocketConnectionClosedEvent;
use Snoke\WsBundle\Event\WebsocketConnectionEstablishedEvent;
use Snoke\WsBundle\Event\WebsocketMessageReceivedEvent;

/**
 * Keeps the presence writer in step with the connection events: upsert on
 * connect, remove on close, touch on each message when
 * `presence.writer.refresh_on_message` is on.
 */
final class PresenceWriterListener
{
    private bool $refreshOnMessage;

    /**
     * @param array<string, mixed> $config the `snoke_ws.presence` section
     */
    public function __construct(private PresenceWriterInterface $writer, array $config)
    {
        $this->refreshOnMessage = (bool) ($config['writer']['refresh_on_message'] ?? true);
    }

    public function onConnected(WebsocketConnectionEstablishedEvent $event): void
    {
        $this->writer->upsertConnection(
            $event->getConnectionId(),
            $event->getUserId(),
            $event->getSubjects(),
            $event->getConnectedAt(),
        );
    }

    public function onClosed(WebsocketConnectionClosedEvent $event): void
    {
        $this->writer->removeConnection($event->getConnectionId(), $event->getUserId(), $event->getSubjects());
    }

    public function onMessage(WebsocketMessageReceivedEvent $event): void
    {
        if ($this->refreshOnMessage) {
            $this->writer->touchConnection($event->getConnectionId(), $event->getUserId(), $event->getSubjects());
        }
    }
}
