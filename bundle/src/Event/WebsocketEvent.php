<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Event;

use Symfony\Contracts\EventDispatcher\Event;

/**
 * What every gateway event says about its connection.
 */
abstract class WebsocketEvent extends Event
{
    /**
     * @param list<string> $subjects
     */
    public function __construct(
        private string $connectionId,
        private string $userId,
        private array $subjects,
        private int $connectedAt,
    ) {
    }

    public function getConnectionId(): string
    {
        return $this->connectionId;
    }

    public function getUserId(): string
    {
        return $this->userId;
    }

    /** @return list<string> */
    public function getSubjects(): array
    {
        return $this->subjects;
    }

    /** Unix seconds. */
    public function getConnectedAt(): int
    {
        return $this->connectedAt;
    }
}
