<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\Functional\App;

use Snoke\WsBundle\Event\WebsocketConnectionClosedEvent;
use Snoke\WsBundle\Event\WebsocketConnectionEstablishedEvent;
use Snoke\WsBundle\Event\WebsocketMessageReceivedEvent;
use Snoke\WsBundle\SnokeWsBundle;
use Snoke\WsBundle\Tests\Support\MakeBundleServicesPublicPass;
use Snoke\WsBundle\Tests\Support\SeedContainer;
use Symfony\Bundle\FrameworkBundle\FrameworkBundle;
use Symfony\Bundle\FrameworkBundle\Kernel\MicroKernelTrait;
use Symfony\Component\Config\Loader\LoaderInterface;
use Symfony\Component\DependencyInjection\ContainerBuilder;
use Symfony\Component\DependencyInjection\Loader\Configurator\ContainerConfigurator;
use Symfony\Component\HttpKernel\Kernel;
use Symfony\Component\Routing\Loader\Configurator\RoutingConfigurator;

/**
 * FrameworkBundle + this bundle, configured by the seed's snoke_ws.yaml (plus
 * optional overrides), routes from the bundle's routes.php, a listener
 * recording every websocket event and one that throws on poison messages. Each instance compiles into its own cache
 * directory.
 */
final class TestKernel extends Kernel
{
    use MicroKernelTrait;

    private string $varDir;

    /**
     * @param list<array<string, mixed>> $extraConfigs snoke_ws configs merged after the seed
     * @param string|null $varDir cache and logs (default: a fresh temp dir)
     */
    public function __construct(private array $extraConfigs = [], ?string $varDir = null)
    {
        parent::__construct('test', true);
        $this->varDir = $varDir ?? sys_get_temp_dir() . '/snoke-ws-bundle-tests/' . bin2hex(random_bytes(6));
    }

    public function registerBundles(): iterable
    {
        return [new FrameworkBundle(), new SnokeWsBundle()];
    }

    public function getProjectDir(): string
    {
        return __DIR__;
    }

    public function getCacheDir(): string
    {
        return $this->varDir . '/cache';
    }

    public function getLogDir(): string
    {
        return $this->varDir . '/log';
    }

    public function getVarDir(): string
    {
        return $this->varDir;
    }

    protected function build(ContainerBuilder $container): void
    {
        // Unused private services would be removed; tests fetch them directly.
        $container->addCompilerPass(new MakeBundleServicesPublicPass());
    }

    protected function configureContainer(ContainerConfigurator $container, LoaderInterface $loader, ContainerBuilder $builder): void
    {
        $container->extension('framework', [
            'secret' => 'test',
            'test' => true,
            'http_method_override' => false,
            'router' => ['utf8' => true],
        ]);
        foreach (SeedContainer::SEED as $file) {
            $container->import(SeedContainer::fixturesDir() . '/' . $file);
        }
        foreach ($this->extraConfigs as $config) {
            $container->extension('snoke_ws', $config);
        }

        // Keeps the kernel's default stderr logger out of the test output.
        $container->services()->set('logger', RecordingLogger::class)->public();
        $container->services()->set(RecordingListener::class)
            ->public()
            ->tag('kernel.event_listener', ['event' => WebsocketConnectionEstablishedEvent::class, 'method' => 'record'])
            ->tag('kernel.event_listener', ['event' => WebsocketConnectionClosedEvent::class, 'method' => 'record'])
            ->tag('kernel.event_listener', ['event' => WebsocketMessageReceivedEvent::class, 'method' => 'record']);
        $container->services()->set(PoisonListener::class)
            ->tag('kernel.event_listener', ['event' => WebsocketMessageReceivedEvent::class, 'method' => 'onMessage']);
    }

    protected function configureRoutes(RoutingConfigurator $routes): void
    {
        $routes->import('@SnokeWsBundle/config/routes.php');
    }
}
