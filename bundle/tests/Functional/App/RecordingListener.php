<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\Functional\App;

use Snoke\WsBundle\Event\WebsocketEvent;

/**
 * Remembers every websocket event dispatched in the test kernel.
 */
final class RecordingListener
{
    /** @var list<WebsocketEvent> */
    public array $events = [];

    public function record(WebsocketEvent $event): void
    {
        $this->events[] = $event;
    }
}
