<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Service;

use Snoke\WsBundle\Contract\UserResolverInterface;

/**
 * Default UserResolverInterface: knows no users. Alias your own implementation
 * to the interface to map gateway user ids to your user objects.
 */
final class NullUserResolver implements UserResolverInterface
{
    public function resolve(string $userId): mixed
    {
        return null;
    }
}
