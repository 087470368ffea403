<?php

declare(strict_types=1);

namespace App\Controller;

use App\Chat\UserId;
use App\Presence\OnlineUsers;
use Snoke\WsBundle\Service\DemoTokenService;
use Symfony\Component\HttpFoundation\JsonResponse;
use Symfony\Component\HttpFoundation\Request;
use Symfony\Component\HttpFoundation\Response;
use Twig\Environment;

/**
 * The chat page and the token endpoint its script (and the tests) use to
 * (re)connect to the gateway.
 */
final class ChatController
{
    public function __construct(
        private readonly DemoTokenService $tokens,
        private readonly OnlineUsers $onlineUsers,
        private readonly Environment $twig,
        private readonly string $wsPublicUrl,
    ) {
    }

    /**
     * `GET /demo/chat[?user_id=]`: a random user id unless one is given.
     */
    public function page(Request $request): Response
    {
        $errors = [];
        $rawUserId = (string) $request->query->get('user_id', '');
        $userId = $rawUserId === '' ? UserId::random() : UserId::parse($rawUserId);
        $token = '';
        if ($userId === null) {
            $errors[] = 'user_id must be ' . UserId::RULE . '.';
        } else {
            [$token, $tokenError] = $this->tokens->issue($userId);
            if ($tokenError !== '') {
                $errors[] = 'Cannot issue a WebSocket token: ' . $tokenError;
            }
        }
        $initialUsers = [];
        try {
            $initialUsers = $this->onlineUsers->list();
        } catch (\RuntimeException $e) {
            $errors[] = 'Cannot read who is online: ' . $e->getMessage();
        }

        $html = $this->twig->render('chat/page.html.twig', [
            'user_id' => $userId ?? '',
            'token' => $token,
            'ws_url' => $this->wsPublicUrl,
            'initial_users' => $initialUsers,
            'errors' => $errors,
        ]);

        $response = new Response($html, $userId === null ? 400 : 200);
        $response->headers->set('Cache-Control', 'no-store');

        return $response;
    }

    /**
     * `GET /api/demo/token?user_id=N` → `{"token": "...", "ws_url": "...", "user_id": "N"}`.
     */
    public function token(Request $request): JsonResponse
    {
        $userId = UserId::parse($request->query->get('user_id'));
        if ($userId === null) {
            return new JsonResponse(['ok' => false, 'error' => 'user_id must be ' . UserId::RULE], 400);
        }
        [$token, $error] = $this->tokens->issue($userId);
        if ($error !== '') {
            return new JsonResponse(['ok' => false, 'error' => 'cannot issue a token: ' . $error], 500);
        }

        $response = new JsonResponse(['token' => $token, 'ws_url' => $this->wsPublicUrl, 'user_id' => $userId]);
        $response->headers->set('Cache-Control', 'no-store');

        return $response;
    }
}
