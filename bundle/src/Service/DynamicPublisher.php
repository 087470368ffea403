<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Service;

use Psr\Container\ContainerInterface;
use Snoke\WsBundle\Config\Mode;
use Snoke\WsBundle\Config\TransportType;
use Snoke\WsBundle\Contract\PublisherInterface;

/**
 * The publisher of `transport.type` (empty: by mode), chosen when first used
 * because mode and type are usually env placeholders.
 */
final class DynamicPublisher implements PublisherInterface
{
    /** @var ImplementationSelector<PublisherInterface> */
    private ImplementationSelector $selector;

    /**
     * @param ContainerInterface $publishers keyed by TransportType value
     */
    public function __construct(ContainerInterface $publishers, mixed $mode, mixed $type)
    {
        $this->selector = new ImplementationSelector(
            $publishers,
            static fn (): TransportType => TransportType::resolve($type, Mode::fromConfig($mode)),
        );
    }

    public function publish(array $subjectKeys, mixed $payload): void
    {
        $this->selector->get()->publish($subjectKeys, $payload);
    }

    public function transportType(): TransportType
    {
        /** @var TransportType */
        return $this->selector->type();
    }
}
