<?php

declare(strict_types=1);

namespace SnokeWs\Bench;

use Snoke\WsBundle\Event\WebsocketMessageReceivedEvent;
use Snoke\WsBundle\SnokeWsBundle;
use Symfony\Bundle\FrameworkBundle\FrameworkBundle;
use Symfony\Bundle\FrameworkBundle\Kernel\MicroKernelTrait;
use Symfony\Component\Config\Loader\LoaderInterface;
use Symfony\Component\DependencyInjection\Compiler\CompilerPassInterface;
use Symfony\Component\DependencyInjection\ContainerBuilder;
use Symfony\Component\DependencyInjection\ContainerInterface;
use Symfony\Component\DependencyInjection\Loader\Configurator\ContainerConfigurator;
use Symfony\Component\Filesystem\Filesystem;
use Symfony\Component\HttpKernel\Kernel;
use Symfony\Component\Routing\Loader\Configurator\RoutingConfigurator;

/**
 * A production-mode kernel (FrameworkBundle + the bundle) with one snoke_ws
 * configuration and one application listener on message events; the
 * services a controller or ws:consume would get injected are made public
 * so the bench can fetch them.
 */
final class BenchKernel extends Kernel implements CompilerPassInterface
{
    use MicroKernelTrait;

    /** Services the bench fetches the way an application gets them injected. */
    private const USED = ['snoke_ws.publisher', 'snoke_ws.presence', 'snoke_ws.inbox_consumer', CountingListener::class];

    private string $varDir;

    /**
     * @param array<string, mixed> $snokeWs the snoke_ws configuration
     */
    public function __construct(private array $snokeWs)
    {
        parent::__construct('prod', false);
        $this->varDir = sys_get_temp_dir() . '/snoke-ws-php-bench/' . bin2hex(random_bytes(6));
    }

    /** Boots a kernel and returns its container. */
    public static function container(array $snokeWs): ContainerInterface
    {
        $kernel = new self($snokeWs);
        $kernel->boot();
        register_shutdown_function(static function () use ($kernel): void {
            $kernel->shutdown();
            (new Filesystem())->remove($kernel->varDir);
        });

        return $kernel->getContainer();
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

    public function process(ContainerBuilder $container): void
    {
        foreach (self::USED as $id) {
            if ($container->hasAlias($id)) {
                $container->getAlias($id)->setPublic(true);
            } else {
                $container->getDefinition($id)->setPublic(true);
            }
        }
    }

    protected function configureContainer(ContainerConfigurator $container, LoaderInterface $loader, ContainerBuilder $builder): void
    {
        $container->extension('framework', [
            'secret' => 'bench',
            'http_method_override' => false,
            'router' => ['utf8' => true],
        ]);
        $container->extension('snoke_ws', $this->snokeWs);
        // The default logger writes to stderr; the bench keeps its output to figures.
        $container->services()->set('logger', \Psr\Log\NullLogger::class);
        $container->services()->set(CountingListener::class)
            ->tag('kernel.event_listener', ['event' => WebsocketMessageReceivedEvent::class, 'method' => 'onMessage']);
    }

    protected function configureRoutes(RoutingConfigurator $routes): void
    {
    }
}
