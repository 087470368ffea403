<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Service;

use Psr\Container\ContainerInterface;
use Snoke\WsBundle\Config\PresenceWriterType;
use Snoke\WsBundle\Contract\PresenceWriterInterface;

/**
 * The presence writer of `presence.writer.type` (empty: none), chosen when
 * first used.
 */
final class DynamicPresenceWriter implements PresenceWriterInterface
{
    /** @var ImplementationSelector<PresenceWriterInterface> */
    private ImplementationSelector $selector;

    /**
     * @param ContainerInterface $writers keyed by PresenceWriterType value
     */
    public function __construct(ContainerInterface $writers, mixed $type)
    {
        $this->selector = new ImplementationSelector(
            $writers,
            static fn (): PresenceWriterType => PresenceWriterType::fromConfig($type),
        );
    }

    public function upsertConnection(string $connectionId, string $userId, array $subjects, int $connectedAt): void
    {
        $this->selector->get()->upsertConnection($connectionId, $userId, $subjects, $connectedAt);
    }

    public function touchConnection(string $connectionId, string $userId, array $subjects): void
    {
        $this->selector->get()->touchConnection($connectionId, $userId, $subjects);
    }

    public function removeConnection(string $connectionId, string $userId, array $subjects): void
    {
        $this->selector->get()->removeConnection($connectionId, $userId, $subjects);
    }
}
