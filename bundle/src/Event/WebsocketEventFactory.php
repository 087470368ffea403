<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Event;

use Snoke\WsBundle\Exception\InvalidEventException;

/**
 * Maps a gateway event (the JSON the webhook posts and the brokers carry) to
 * the Symfony event to dispatch. Shared by the webhook controller and the
 * consumer so both dispatch exactly the same objects.
 */
final class WebsocketEventFactory
{
    public const CONNECTED = 'connected';
    public const DISCONNECTED = 'disconnected';
    public const MESSAGE_RECEIVED = 'message_received';

    public function __construct(private string $traceparentField = 'traceparent')
    {
    }

    /**
     * @throws InvalidEventException
     */
    public function fromJson(string $json, ?string $traceparent = null): WebsocketEvent
    {
        try {
            $data = json_decode($json, true, 512, JSON_THROW_ON_ERROR);
        } catch (\JsonException $e) {
            throw new InvalidEventException('Event body is not valid JSON: ' . $e->getMessage(), 0, $e);
        }
        if (!\is_array($data) || ($data !== [] && array_is_list($data))) {
            throw new InvalidEventException(
                sprintf('Event body must be a JSON object, got %s.', get_debug_type($data)),
            );
        }

        return $this->fromArray($data, $traceparent);
    }

    /**
     * @param array<string, mixed> $data
     * @param string|null $traceparent trace context from the transport (e.g. a header);
     *                                 the event's own field is used when it is empty
     *
     * @throws InvalidEventException
     */
    public function fromArray(array $data, ?string $traceparent = null): WebsocketEvent
    {
        $type = $data['type'] ?? null;
        $connectionId = self::string($data['connection_id'] ?? '');
        $userId = self::string($data['user_id'] ?? '');
        $subjects = self::subjects($data['subjects'] ?? []);
        $connectedAt = is_numeric($data['connected_at'] ?? null) ? (int) $data['connected_at'] : 0;

        return match ($type) {
            self::CONNECTED => new WebsocketConnectionEstablishedEvent($connectionId, $userId, $subjects, $connectedAt),
            self::DISCONNECTED => new WebsocketConnectionClosedEvent($connectionId, $userId, $subjects, $connectedAt),
            self::MESSAGE_RECEIVED => new WebsocketMessageReceivedEvent(
                $connectionId,
                $userId,
                $subjects,
                $connectedAt,
                $data['message'] ?? null,
                self::string($data['raw'] ?? ''),
                self::traceparent($traceparent, $data[$this->traceparentField] ?? null),
            ),
            default => throw new InvalidEventException(sprintf(
                'Unknown event type %s: expected "%s", "%s" or "%s".',
                \is_scalar($type) ? '"' . $type . '"' : get_debug_type($type),
                self::CONNECTED,
                self::DISCONNECTED,
                self::MESSAGE_RECEIVED,
            )),
        };
    }

    private static function string(mixed $value): string
    {
        return \is_scalar($value) ? (string) $value : '';
    }

    /** @return list<string> */
    private static function subjects(mixed $value): array
    {
        if (!\is_array($value)) {
            return [];
        }

        return array_values(array_map('strval', array_filter($value, 'is_scalar')));
    }

    private static function traceparent(?string $fromTransport, mixed $fromEvent): ?string
    {
        if ($fromTransport !== null && $fromTransport !== '') {
            return $fromTransport;
        }

        return \is_string($fromEvent) && $fromEvent !== '' ? $fromEvent : null;
    }
}
