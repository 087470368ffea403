<?php

declare(strict_types=1);

namespace App\Controller;

use App\Inbox\MessageInbox;
use Symfony\Component\HttpFoundation\JsonResponse;
use Symfony\Component\HttpFoundation\Request;

/**
 * `GET /api/ws/last-message`: the last message the webhook (or ws:consume)
 * delivered to Symfony. Guarded by `X-Demo-Key` when `DEMO_API_KEY` is set.
 */
final class LastMessageController
{
    public function __construct(
        private readonly MessageInbox $inbox,
        #[\SensitiveParameter] private readonly string $demoApiKey,
    ) {
    }

    public function show(Request $request): JsonResponse
    {
        if ($this->demoApiKey !== '') {
            $given = $request->headers->get('X-Demo-Key');
            if (!\is_string($given) || !hash_equals($this->demoApiKey, $given)) {
                return new JsonResponse(['ok' => false, 'message' => 'unauthorized'], 401);
            }
        }
        $last = $this->inbox->last();
        if ($last === null) {
            return new JsonResponse(['ok' => false, 'message' => 'no message yet'], 404);
        }

        return new JsonResponse(['ok' => true, 'data' => $last]);
    }
}
