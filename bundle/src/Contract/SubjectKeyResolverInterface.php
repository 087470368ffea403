<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Contract;

/**
 * Turns what the application calls a subject (a user id, an entity) into the
 * gateway's subject key.
 */
interface SubjectKeyResolverInterface
{
    public function resolve(mixed $subject): string;
}
