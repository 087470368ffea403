<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\Functional;

use PHPUnit\Framework\TestCase;
use Snoke\WsBundle\Contract\PresenceProviderInterface;
use Snoke\WsBundle\Contract\PresenceWriterInterface;
use Snoke\WsBundle\Contract\PublisherInterface;
use Snoke\WsBundle\Contract\UserResolverInterface;
use Snoke\WsBundle\Controller\WebhookController;
use Snoke\WsBundle\Service\DemoTokenService;
use Snoke\WsBundle\Service\InboxConsumer;
use Snoke\WsBundle\Service\WebsocketPublisher;
use Snoke\WsBundle\Tests\Functional\App\TestKernel;
use Snoke\WsBundle\Tests\Support\EnvScope;
use Snoke\WsBundle\Tests\Support\ExtensionRequired;
use Symfony\Bundle\FrameworkBundle\Console\Application;
use Symfony\Component\Console\Tester\ApplicationTester;
use Symfony\Component\Filesystem\Filesystem;

/**
 * The bundle in a real kernel (compiled and dumped container) in both modes.
 */
final class KernelBootTest extends TestCase
{
    private EnvScope $env;
    private ?TestKernel $kernel = null;

    protected function setUp(): void
    {
        ExtensionRequired::assertLoaded();
        $this->env = (new EnvScope())->set(['WS_MODE' => null, 'WS_EVENTS_TYPE' => null, 'WS_TRANSPORT_TYPE' => null]);
    }

    protected function tearDown(): void
    {
        if ($this->kernel !== null) {
            $this->kernel->shutdown();
            (new Filesystem())->remove($this->kernel->getVarDir());
        }
        $this->env->restore();
    }

    /**
     * @return iterable<string, array{0: string}>
     */
    public static function modes(): iterable
    {
        yield 'terminator' => ['terminator'];
        yield 'core' => ['core'];
    }

    /**
     * @dataProvider modes
     */
    public function testEveryPublicServiceIdResolves(string $mode): void
    {
        $this->env->set(['WS_MODE' => $mode]);
        $this->kernel = new TestKernel();
        $this->kernel->boot();
        $container = $this->kernel->getContainer()->get('test.service_container');

        self::assertInstanceOf(WebsocketPublisher::class, $container->get('snoke_ws.publisher'));
        self::assertInstanceOf(InboxConsumer::class, $container->get('snoke_ws.inbox_consumer'));
        self::assertInstanceOf(DemoTokenService::class, $container->get('snoke_ws.demo_token_service'));
        self::assertInstanceOf(WebhookController::class, $this->kernel->getContainer()->get('snoke_ws.webhook_controller'));
        foreach ([PublisherInterface::class, PresenceProviderInterface::class, PresenceWriterInterface::class, UserResolverInterface::class] as $alias) {
            self::assertInstanceOf($alias, $container->get($alias));
        }
    }

    /**
     * @return iterable<string, array{0: string, 1: string|null, 2: string}>
     */
    public static function configurationsWsConsumeCannotRun(): iterable
    {
        yield 'terminator' => ['terminator', null, 'Nothing to consume: snoke_ws.events.type resolves to "webhook"'];
    }

    /**
     * @dataProvider configurationsWsConsumeCannotRun
     */
    public function testWsConsumeIsAConsoleCommandThatExplainsWhyItCannotRun(string $mode, ?string $eventsType, string $expected): void
    {
        $this->env->set(['WS_MODE' => $mode, 'WS_EVENTS_TYPE' => $eventsType]);
        $this->kernel = new TestKernel();
        $application = new Application($this->kernel);
        $application->setAutoExit(false);
        $tester = new ApplicationTester($application);

        $status = $tester->run(['command' => 'ws:consume']);

        self::assertSame(1, $status);
        self::assertStringContainsString($expected, $tester->getDisplay());
    }
}
