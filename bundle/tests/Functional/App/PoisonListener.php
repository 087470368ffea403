<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\Functional\App;

use Snoke\WsBundle\Event\WebsocketMessageReceivedEvent;

/**
 * Misbehaving application listener: throws on every message whose body has
 * `"poison": true` (a bug no retry fixes), and takes `"slow_ms"` milliseconds
 * on a message that asks for it.
 */
final class PoisonListener
{
    public function onMessage(WebsocketMessageReceivedEvent $event): void
    {
        $message = $event->getMessage();
        if (\is_array($message) && \is_int($message['slow_ms'] ?? null)) {
            $until = microtime(true) + $message['slow_ms'] / 1000;
            while (microtime(true) < $until) {
                usleep(10_000);
            }
        }
        if (\is_array($message) && ($message['poison'] ?? false) === true) {
            throw new \RuntimeException('poison message ' . ($message['id'] ?? '?'));
        }
    }
}
