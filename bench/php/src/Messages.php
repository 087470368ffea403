<?php

declare(strict_types=1);

namespace SnokeWs\Bench;

/** The message every publisher in the bench sends: one chat line to user 42. */
final class Messages
{
    public const USER = '42';
    public const SUBJECT = 'user:42';

    /** @return array<string, mixed> */
    public static function payload(): array
    {
        return ['type' => 'chat', 'room' => 'lobby', 'from' => '17', 'text' => 'hello from the bench', 'at' => 1732262400];
    }

    /** The outbox body the old bundle built in PHP for the same message. */
    public static function body(): string
    {
        return json_encode(['subjects' => [self::SUBJECT], 'payload' => self::payload()], JSON_THROW_ON_ERROR);
    }

    /** A `message_received` event as the gateway writes it to `ws.inbox`. */
    public static function inboxEvent(int $i): string
    {
        $message = ['type' => 'chat', 'room' => 'lobby', 'text' => "message $i"];

        return json_encode([
            'type' => 'message_received',
            'connection_id' => sprintf('00000000-0000-4000-8000-%012d', $i % 1000),
            'user_id' => (string) ($i % 1000),
            'subjects' => ['user:' . ($i % 1000)],
            'connected_at' => 1732262400,
            'message' => $message,
            'raw' => json_encode($message, JSON_THROW_ON_ERROR),
        ], JSON_THROW_ON_ERROR);
    }
}
