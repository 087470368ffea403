<?php

declare(strict_types=1);

namespace App\EventListener;

use App\Presence\OnlineUsers;
use Snoke\WsBundle\Event\WebsocketConnectionClosedEvent;
use Snoke\WsBundle\Event\WebsocketConnectionEstablishedEvent;
use Snoke\WsBundle\Event\WebsocketMessageReceivedEvent;
use Snoke\WsBundle\Service\WebsocketPublisher;
use Symfony\Component\EventDispatcher\EventSubscriberInterface;

/**
 * The chat room: relays `{"type":"chat","text":"..."}` to everyone online and
 * tells everyone who is online whenever somebody connects or leaves.
 *
 * It runs wherever the bundle dispatches WebSocket events (the webhook
 * controller in terminator mode, `ws:consume` in core mode). Failures are not
 * swallowed: the webhook then answers 5xx and the gateway retries the event.
 */
final class ChatListener implements EventSubscriberInterface
{
    /** Longer messages are cut, so one client cannot make everyone download megabytes. */
    private const MAX_TEXT_LENGTH = 2000;

    public function __construct(
        private readonly WebsocketPublisher $publisher,
        private readonly OnlineUsers $onlineUsers,
    ) {
    }

    public static function getSubscribedEvents(): array
    {
        return [
            WebsocketMessageReceivedEvent::class => 'onMessage',
            WebsocketConnectionEstablishedEvent::class => 'onPresenceChange',
            WebsocketConnectionClosedEvent::class => 'onPresenceChange',
        ];
    }

    public function onMessage(WebsocketMessageReceivedEvent $event): void
    {
        $text = self::chatText($event->getMessage());
        if ($text === null) {
            return;
        }
        $sender = 'user:' . $event->getUserId();
        $recipients = $this->onlineUsers->list();
        if ($recipients === []) {
            // Presence can lag a disconnect; the sender still sees its own line.
            $recipients = [$sender];
        }
        $this->publisher->send($recipients, [
            'type' => 'chat',
            'user' => $sender,
            'text' => $text,
            'ts' => time(),
        ]);
    }

    public function onPresenceChange(): void
    {
        $users = $this->onlineUsers->list();
        if ($users === []) {
            return;
        }
        $this->publisher->send($users, [
            'type' => 'presence',
            'users' => $users,
            'ts' => time(),
        ]);
    }

    /**
     * The text of a chat message, or null when the message is not a non-empty chat line.
     */
    private static function chatText(mixed $message): ?string
    {
        if (!\is_array($message) || ($message['type'] ?? null) !== 'chat' || !\is_string($message['text'] ?? null)) {
            return null;
        }
        $text = trim($message['text']);
        if ($text === '') {
            return null;
        }

        return mb_substr($text, 0, self::MAX_TEXT_LENGTH);
    }
}
