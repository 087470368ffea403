<?php

declare(strict_types=1);

/*
 * The webhook route (POST events.webhook.path, default /internal/ws/events).
 * Import it from the application's routing:
 *
 *     snoke_ws:
 *         resource: '@SnokeWsBundle/config/routes.php'
 */

use Snoke\WsBundle\Routing\WebhookRouteLoader;
use Symfony\Component\Routing\Loader\Configurator\RoutingConfigurator;

return static function (RoutingConfigurator $routes): void {
    $routes->import('.', WebhookRouteLoader::TYPE);
};
