<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Service;

use Snoke\WsBundle\Contract\PresenceProviderInterface;
use Snoke\WsBundle\Contract\PresenceWriterInterface;
use Snoke\WsBundle\Contract\PublisherInterface;
use Snoke\WsBundle\Exception\NotAvailableYetException;

/**
 * Stands in for a core-mode implementation (Redis, RabbitMQ) until the
 * extension provides it: the configuration loads and compiles, and the first
 * use throws a NotAvailableYetException naming the setting.
 */
final class CoreModeUnavailable implements PublisherInterface, PresenceProviderInterface, PresenceWriterInterface
{
    /**
     * @param string $path the setting that selected this type, e.g. "snoke_ws.transport.type"
     */
    public function __construct(private string $path, private string $type)
    {
    }

    public function publish(array $subjectKeys, mixed $payload): void
    {
        throw $this->unavailable();
    }

    public function listConnections(?string $subjectKey = null, ?string $userId = null): array
    {
        throw $this->unavailable();
    }

    public function listConnectionsForUser(string $userId): array
    {
        throw $this->unavailable();
    }

    public function upsertConnection(string $connectionId, string $userId, array $subjects, int $connectedAt): void
    {
        throw $this->unavailable();
    }

    public function touchConnection(string $connectionId, string $userId, array $subjects): void
    {
        throw $this->unavailable();
    }

    public function removeConnection(string $connectionId, string $userId, array $subjects): void
    {
        throw $this->unavailable();
    }

    private function unavailable(): NotAvailableYetException
    {
        return NotAvailableYetException::forType($this->path, $this->type);
    }
}
