<?php

declare(strict_types=1);

namespace App\Presence;

use Snoke\WsBundle\Contract\PresenceProviderInterface;

/**
 * Who is online, as the chat shows it: the distinct `user:<id>` subjects of
 * every live connection (a user with two tabs is listed once).
 */
final class OnlineUsers
{
    private const USER_PREFIX = 'user:';

    public function __construct(private readonly PresenceProviderInterface $presence)
    {
    }

    /**
     * @return list<string> sorted `user:<id>` keys
     */
    public function list(): array
    {
        $result = $this->presence->listConnections(null, null);
        $users = [];
        foreach ($result['connections'] ?? [] as $connection) {
            $userId = \is_array($connection) ? ($connection['user_id'] ?? null) : null;
            if ((\is_string($userId) || \is_int($userId)) && (string) $userId !== '') {
                $users[self::USER_PREFIX . $userId] = true;
            }
        }
        $users = array_keys($users);
        sort($users, \SORT_NATURAL);

        return $users;
    }
}
