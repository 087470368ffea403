<?php

declare(strict_types=1);

namespace App\Controller;

use App\Chat\UserId;
use Snoke\WsBundle\Contract\PresenceProviderInterface;
use Snoke\WsBundle\Service\WebsocketPublisher;
use Symfony\Component\HttpFoundation\JsonResponse;
use Symfony\Component\HttpFoundation\Request;

/**
 * The demo's small JSON API: health, presence and a server-side push.
 */
final class ApiController
{
    public function __construct(
        private readonly PresenceProviderInterface $presence,
        private readonly WebsocketPublisher $publisher,
    ) {
    }

    public function ping(): JsonResponse
    {
        return new JsonResponse(['ok' => true]);
    }

    /**
     * Live connections from the gateway (all, or one user's with `?user_id=`).
     */
    public function online(Request $request): JsonResponse
    {
        $rawUserId = (string) $request->query->get('user_id', '');
        $userId = UserId::parse($rawUserId);
        if ($rawUserId !== '' && $userId === null) {
            return self::error(400, 'user_id must be ' . UserId::RULE);
        }
        try {
            $result = $userId === null
                ? $this->presence->listConnections(null, null)
                : $this->presence->listConnectionsForUser($userId);
        } catch (\RuntimeException $e) {
            return self::error(502, 'presence unavailable: ' . $e->getMessage());
        }

        return new JsonResponse($result);
    }

    /**
     * Pushes to every connection of one user: the JSON request body when there
     * is one, else `{"hello":"world"}`.
     */
    public function pushDemo(string $userId, Request $request): JsonResponse
    {
        if (UserId::parse($userId) === null) {
            return self::error(400, 'userId must be ' . UserId::RULE);
        }
        $payload = ['hello' => 'world'];
        $body = $request->getContent();
        if (trim($body) !== '') {
            try {
                $payload = json_decode($body, true, 64, \JSON_THROW_ON_ERROR);
            } catch (\JsonException $e) {
                return self::error(400, 'request body is not valid JSON: ' . $e->getMessage());
            }
        }
        try {
            $this->publisher->send(['user:' . $userId], $payload);
        } catch (\RuntimeException $e) {
            return self::error(502, 'publish failed: ' . $e->getMessage());
        }

        return new JsonResponse(['sent' => true, 'subject' => 'user:' . $userId, 'payload' => $payload]);
    }

    private static function error(int $status, string $message): JsonResponse
    {
        return new JsonResponse(['ok' => false, 'error' => $message], $status);
    }
}
