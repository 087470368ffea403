<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Routing;

use Snoke\WsBundle\Controller\WebhookController;
use Symfony\Component\Config\Loader\Loader;
use Symfony\Component\Routing\Route;
use Symfony\Component\Routing\RouteCollection;

/**
 * Loads the webhook route at the configured `events.webhook.path`; import it
 * with `resource: '@SnokeWsBundle/config/routes.php'` (or type `snoke_ws`).
 */
final class WebhookRouteLoader extends Loader
{
    public const TYPE = 'snoke_ws';
    public const ROUTE_NAME = 'snoke_ws_events';
    public const DEFAULT_PATH = '/internal/ws/events';

    /**
     * @param array<string, mixed> $eventsConfig the `snoke_ws.events` section
     */
    public function __construct(private array $eventsConfig, ?string $env = null)
    {
        parent::__construct($env);
    }

    public function load(mixed $resource, ?string $type = null): RouteCollection
    {
        $path = (string) ($this->eventsConfig['webhook']['path'] ?? '');
        $routes = new RouteCollection();
        $routes->add(self::ROUTE_NAME, new Route(
            $path === '' ? self::DEFAULT_PATH : '/' . ltrim($path, '/'),
            ['_controller' => WebhookController::class . '::handle'],
            methods: ['POST'],
        ));

        return $routes;
    }

    public function supports(mixed $resource, ?string $type = null): bool
    {
        return $type === self::TYPE;
    }
}
