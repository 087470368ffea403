<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Event;

/**
 * A client sent a frame (gateway event `message_received`).
 */
class WebsocketMessageReceivedEvent extends WebsocketEvent
{
    /**
     * @param list<string> $subjects
     * @param mixed $message the decoded frame; `{"type":"raw","payload":...}` for non-object text
     */
    public function __construct(
        string $connectionId,
        string $userId,
        array $subjects,
        int $connectedAt,
        private mixed $message,
        private string $raw,
        private ?string $traceparent = null,
    ) {
        parent::__construct($connectionId, $userId, $subjects, $connectedAt);
    }

    public function getMessage(): mixed
    {
        return $this->message;
    }

    /** The frame exactly as the client sent it. */
    public function getRaw(): string
    {
        return $this->raw;
    }

    /** W3C trace context of the message, when the gateway passed one. */
    public function getTraceparent(): ?string
    {
        return $this->traceparent;
    }
}
