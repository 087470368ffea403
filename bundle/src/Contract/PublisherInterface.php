<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Contract;

/**
 * Pushes a payload to every connection of the given subject keys, through the
 * transport configured under `snoke_ws.transport`.
 */
interface PublisherInterface
{
    /**
     * @param list<string> $subjectKeys resolved keys such as "user:42"
     *
     * @throws \Snoke\WsBundle\Exception\WsExceptionInterface when the push did not go through
     */
    public function publish(array $subjectKeys, mixed $payload): void;
}
