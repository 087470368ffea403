<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\Support;

use Snoke\WsBundle\DependencyInjection\SnokeWsExtension;
use Symfony\Component\Config\FileLocator;
use Symfony\Component\DependencyInjection\ContainerBuilder;
use Symfony\Component\DependencyInjection\Loader\YamlFileLoader;
use Symfony\Component\EventDispatcher\EventDispatcher;

/**
 * Compiles a container holding only this bundle (plus an event dispatcher),
 * configured by YAML files from tests/Fixtures — by default the seed's
 * snoke_ws.yaml and its parameters, unchanged.
 */
final class SeedContainer
{
    public const SEED = ['seed-parameters.yaml', 'seed-snoke_ws.yaml'];

    /**
     * @param list<string> $files YAML files in tests/Fixtures
     * @param list<array<string, mixed>> $extraConfigs more snoke_ws configs, merged after the files
     * @param (callable(ContainerBuilder): void)|null $prepare runs before compiling
     */
    public static function compile(array $files = self::SEED, array $extraConfigs = [], ?callable $prepare = null): ContainerBuilder
    {
        $container = self::load($files, $extraConfigs);
        $container->register('event_dispatcher', EventDispatcher::class)->setPublic(true);
        $container->addCompilerPass(new MakeBundleServicesPublicPass());
        if ($prepare !== null) {
            $prepare($container);
        }
        $container->compile(true);

        return $container;
    }

    /**
     * @param list<string> $files
     * @param list<array<string, mixed>> $extraConfigs
     */
    public static function load(array $files = self::SEED, array $extraConfigs = []): ContainerBuilder
    {
        $container = new ContainerBuilder();
        $container->registerExtension(new SnokeWsExtension());
        $loader = new YamlFileLoader($container, new FileLocator(self::fixturesDir()));
        foreach ($files as $file) {
            $loader->load($file);
        }
        foreach ($extraConfigs as $config) {
            $container->loadFromExtension('snoke_ws', $config);
        }
        if (!$container->getExtensionConfig('snoke_ws')) {
            $container->loadFromExtension('snoke_ws', []);
        }

        return $container;
    }

    public static function fixturesDir(): string
    {
        return \dirname(__DIR__) . '/Fixtures';
    }
}
