<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Service;

use Psr\Container\ContainerInterface;
use Snoke\WsBundle\Config\Mode;
use Snoke\WsBundle\Config\PresenceType;
use Snoke\WsBundle\Contract\PresenceProviderInterface;

/**
 * The presence provider of `presence.type` (empty: by mode), chosen when
 * first used.
 */
final class DynamicPresenceProvider implements PresenceProviderInterface
{
    /** @var ImplementationSelector<PresenceProviderInterface> */
    private ImplementationSelector $selector;

    /**
     * @param ContainerInterface $providers keyed by PresenceType value
     */
    public function __construct(ContainerInterface $providers, mixed $mode, mixed $type)
    {
        $this->selector = new ImplementationSelector(
            $providers,
            static fn (): PresenceType => PresenceType::resolve($type, Mode::fromConfig($mode)),
        );
    }

    public function listConnections(?string $subjectKey = null, ?string $userId = null): array
    {
        return $this->selector->get()->listConnections($subjectKey, $userId);
    }

    public function listConnectionsForUser(string $userId): array
    {
        return $this->selector->get()->listConnectionsForUser($userId);
    }

    public function presenceType(): PresenceType
    {
        /** @var PresenceType */
        return $this->selector->type();
    }
}
