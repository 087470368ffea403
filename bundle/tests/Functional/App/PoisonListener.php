<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\Functional\App;

use Snoke\WsBundle\Event\WebsocketMessageReceivedEvent;

/**
 * Throws on every message whose body has `"poison": true`, like an
 * application listener with a bug that no retry fixes.
 */
final class PoisonListener
{
    public function onMessage(WebsocketMessageReceivedEvent $event): void
    {
        $message = $event->getMessage();
        if (\is_array($message) && ($message['poison'] ?? false) === true) {
            throw new \RuntimeException('poison message ' . ($message['id'] ?? '?'));
        }
    }
}
