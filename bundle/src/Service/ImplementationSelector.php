<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Service;

use Psr\Container\ContainerInterface;

/**
 * Picks one implementation out of a service locator by a type that is only
 * known at runtime (mode and types usually come from env vars), once, on first
 * use. The dynamic publisher, presence provider and presence writer use it.
 *
 * @template T of object
 */
final class ImplementationSelector
{
    /** @var T|null */
    private ?object $selected = null;

    /**
     * @param ContainerInterface $implementations keyed by type value
     * @param \Closure(): \BackedEnum $resolveType validates the resolved config and returns the type
     */
    public function __construct(
        private ContainerInterface $implementations,
        private \Closure $resolveType,
    ) {
    }

    /** @return T */
    public function get(): object
    {
        return $this->selected ??= $this->implementations->get((string) ($this->resolveType)()->value);
    }

    /** The type the configuration resolves to (validated). */
    public function type(): \BackedEnum
    {
        return ($this->resolveType)();
    }
}
