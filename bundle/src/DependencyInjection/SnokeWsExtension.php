<?php

declare(strict_types=1);

namespace Snoke\WsBundle\DependencyInjection;

use Symfony\Component\Config\FileLocator;
use Symfony\Component\DependencyInjection\ContainerBuilder;
use Symfony\Component\DependencyInjection\Extension\Extension;
use Symfony\Component\DependencyInjection\Loader\PhpFileLoader;

/**
 * Turns the `snoke_ws` configuration into parameters and loads the service
 * definitions (config/services.php).
 *
 * Nothing is decided here from the mode or the types: they are usually env
 * placeholders, so the Dynamic* services pick the implementation at runtime.
 */
final class SnokeWsExtension extends Extension
{
    /** @var list<string> */
    private const SECTIONS = ['transport', 'presence', 'events', 'tracing', 'subjects'];

    public function load(array $configs, ContainerBuilder $container): void
    {
        $config = $this->processConfiguration(new Configuration(), $configs);

        $container->setParameter('snoke_ws.mode', $config['mode']);
        foreach (self::SECTIONS as $section) {
            $container->setParameter('snoke_ws.' . $section, $config[$section]);
        }
        $container->setParameter('snoke_ws.transport.type', $config['transport']['type']);
        $container->setParameter('snoke_ws.presence.type', $config['presence']['type']);
        $container->setParameter('snoke_ws.presence.writer.type', $config['presence']['writer']['type']);
        $container->setParameter('snoke_ws.events.type', $config['events']['type']);
        $container->setParameter('snoke_ws.tracing.traceparent_field', $config['tracing']['traceparent_field']);

        $loader = new PhpFileLoader($container, new FileLocator(\dirname(__DIR__, 2) . '/config'));
        $loader->load('services.php');
    }
}
