<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Service;

use Snoke\WsBundle\Contract\PublisherInterface;
use Snoke\WsBundle\Contract\SubjectKeyResolverInterface;

/**
 * The application's entry point for pushing to clients: resolves subjects to
 * keys, then hands them to the configured transport.
 */
final class WebsocketPublisher
{
    public function __construct(
        private PublisherInterface $publisher,
        private SubjectKeyResolverInterface $resolver,
    ) {
    }

    /**
     * @param array<mixed> $subjects user ids, subject keys or ConnectionSubjectInterface objects
     *
     * @throws \Snoke\WsBundle\Exception\WsExceptionInterface
     */
    public function send(array $subjects, mixed $payload): void
    {
        $keys = [];
        foreach ($subjects as $subject) {
            $keys[] = $this->resolver->resolve($subject);
        }
        $this->publisher->publish(array_values(array_unique($keys)), $payload);
    }
}
