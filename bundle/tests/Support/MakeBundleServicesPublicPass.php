<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\Support;

use Symfony\Component\DependencyInjection\Compiler\CompilerPassInterface;
use Symfony\Component\DependencyInjection\ContainerBuilder;

/**
 * Lets container tests fetch the bundle's private services and aliases
 * (ids starting with "snoke_ws." or "Snoke\WsBundle\").
 */
final class MakeBundleServicesPublicPass implements CompilerPassInterface
{
    public function process(ContainerBuilder $container): void
    {
        foreach ($container->getDefinitions() as $id => $definition) {
            if (self::isOurs($id)) {
                $definition->setPublic(true);
            }
        }
        foreach ($container->getAliases() as $id => $alias) {
            if (self::isOurs($id)) {
                $alias->setPublic(true);
            }
        }
    }

    private static function isOurs(string $id): bool
    {
        return str_starts_with($id, 'snoke_ws.') || str_starts_with($id, 'Snoke\\WsBundle\\');
    }
}
