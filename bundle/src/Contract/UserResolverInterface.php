<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Contract;

/**
 * Maps a gateway user id to the application's user object (or null); the
 * application replaces the bundle's null implementation by aliasing its own.
 */
interface UserResolverInterface
{
    public function resolve(string $userId): mixed;
}
