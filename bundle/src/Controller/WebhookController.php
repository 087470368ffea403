<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Controller;

use Snoke\WsBundle\Config\EventsType;
use Snoke\WsBundle\Config\Mode;
use Snoke\WsBundle\Event\WebsocketEventFactory;
use Snoke\WsBundle\Exception\InvalidEventException;
use Snoke\WsBundle\Service\WebhookSignatureVerifier;
use Symfony\Component\HttpFoundation\JsonResponse;
use Symfony\Component\HttpFoundation\Request;
use Symfony\Contracts\EventDispatcher\EventDispatcherInterface;

/**
 * Receives the gateway's webhook (`POST events.webhook.path`) and dispatches
 * the matching Symfony event.
 *
 * 404 when webhooks are off (events type is not webhook, or
 * `webhook.enabled` is false), 401 on a missing or wrong signature while
 * `SYMFONY_WEBHOOK_SECRET` is set, 400 on a body that is not a known event.
 * A rejected request dispatches nothing.
 */
final class WebhookController
{
    /**
     * @param array<string, mixed> $config the `snoke_ws.events` section
     */
    public function __construct(
        private EventDispatcherInterface $dispatcher,
        private array $config,
        private mixed $mode,
        private WebhookSignatureVerifier $signature,
        private WebsocketEventFactory $events,
    ) {
    }

    public function handle(Request $request): JsonResponse
    {
        if (!$this->webhooksEnabled()) {
            return self::reject(404, 'webhook disabled');
        }

        $body = (string) $request->getContent();
        $reason = $this->signature->rejectionReason($body, $request->headers->get(WebhookSignatureVerifier::HEADER));
        if ($reason !== null) {
            return self::reject(401, $reason);
        }

        try {
            $event = $this->events->fromJson($body, $request->headers->get('traceparent'));
        } catch (InvalidEventException $e) {
            return self::reject(400, $e->getMessage());
        }
        $this->dispatcher->dispatch($event);

        return new JsonResponse(['ok' => true]);
    }

    private function webhooksEnabled(): bool
    {
        $type = EventsType::resolve($this->config['type'] ?? null, Mode::fromConfig($this->mode));

        return $type === EventsType::Webhook && (bool) ($this->config['webhook']['enabled'] ?? true);
    }

    private static function reject(int $status, string $message): JsonResponse
    {
        return new JsonResponse(['ok' => false, 'message' => $message], $status);
    }
}
