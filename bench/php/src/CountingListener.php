<?php

declare(strict_types=1);

namespace SnokeWs\Bench;

use Snoke\WsBundle\Event\WebsocketMessageReceivedEvent;

/** The application's one listener in consume_dispatcher: reads the message and counts it. */
final class CountingListener
{
    public int $count = 0;

    public function onMessage(WebsocketMessageReceivedEvent $event): void
    {
        $event->getMessage();
        ++$this->count;
    }
}
