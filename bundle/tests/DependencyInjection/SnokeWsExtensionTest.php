<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\DependencyInjection;

use PHPUnit\Framework\TestCase;
use Snoke\WsBundle\Command\WsConsumeCommand;
use Snoke\WsBundle\Config\EventsType;
use Snoke\WsBundle\Config\PresenceType;
use Snoke\WsBundle\Config\TransportType;
use Snoke\WsBundle\Contract\PresenceProviderInterface;
use Snoke\WsBundle\Contract\PresenceWriterInterface;
use Snoke\WsBundle\Contract\PublisherInterface;
use Snoke\WsBundle\Contract\SubjectKeyResolverInterface;
use Snoke\WsBundle\Contract\UserResolverInterface;
use Snoke\WsBundle\Controller\WebhookController;
use Snoke\WsBundle\DependencyInjection\SnokeWsExtension;
use Snoke\WsBundle\Event\WebsocketConnectionEstablishedEvent;
use Snoke\WsBundle\Exception\NothingToConsumeException;
use Snoke\WsBundle\Service\DemoTokenService;
use Snoke\WsBundle\Service\DynamicPresenceProvider;
use Snoke\WsBundle\Service\DynamicPresenceWriter;
use Snoke\WsBundle\Service\DynamicPublisher;
use Snoke\WsBundle\Service\InboxConsumer;
use Snoke\WsBundle\Service\NullUserResolver;
use Snoke\WsBundle\Service\RabbitMqPublisher;
use Snoke\WsBundle\Service\RedisPresenceProvider;
use Snoke\WsBundle\Service\RedisPresenceWriter;
use Snoke\WsBundle\Service\RedisStreamPublisher;
use Snoke\WsBundle\Service\SimpleSubjectKeyResolver;
use Snoke\WsBundle\Service\WebsocketPublisher;
use Snoke\WsBundle\Tests\DependencyInjection\Fixtures\AutowiredConsumer;
use Snoke\WsBundle\Tests\Support\EnvScope;
use Snoke\WsBundle\Tests\Support\SeedContainer;
use Symfony\Component\Console\Tester\CommandTester;
use Symfony\Component\DependencyInjection\ContainerBuilder;

final class SnokeWsExtensionTest extends TestCase
{
    private EnvScope $env;

    protected function setUp(): void
    {
        $this->env = (new EnvScope())->set([
            'WS_MODE' => null, 'WS_TRANSPORT_TYPE' => null, 'WS_PRESENCE_TYPE' => null,
            'WS_EVENTS_TYPE' => null, 'WS_PRESENCE_WRITER_TYPE' => null,
        ]);
    }

    protected function tearDown(): void
    {
        $this->env->restore();
    }

    public function testRegistersTheOldBundlesServiceIds(): void
    {
        $container = SeedContainer::load();
        $container->getCompilerPassConfig()->setOptimizationPasses([]);
        $container->getCompilerPassConfig()->setRemovingPasses([]);
        $container->getCompilerPassConfig()->setAfterRemovingPasses([]);
        $container->compile();

        self::assertSame(WebsocketPublisher::class, $container->getDefinition('snoke_ws.publisher')->getClass());
        self::assertSame(InboxConsumer::class, $container->getDefinition('snoke_ws.inbox_consumer')->getClass());
        self::assertSame(DemoTokenService::class, $container->getDefinition('snoke_ws.demo_token_service')->getClass());
        self::assertSame(WebhookController::class, (string) $container->getAlias('snoke_ws.webhook_controller'));
        self::assertTrue($container->getDefinition(WebhookController::class)->isPublic(), 'the router reaches the controller by its class id');
        self::assertTrue($container->getDefinition(WebhookController::class)->hasTag('controller.service_arguments'));
    }

    /**
     * @return iterable<string, array{0: string, 1: string}>
     */
    public static function aliases(): iterable
    {
        yield 'publisher service' => [WebsocketPublisher::class, 'snoke_ws.publisher'];
        yield 'publisher' => [PublisherInterface::class, 'snoke_ws.dynamic_publisher'];
        yield 'presence provider' => [PresenceProviderInterface::class, 'snoke_ws.presence'];
        yield 'presence writer' => [PresenceWriterInterface::class, 'snoke_ws.presence_writer'];
        yield 'subject key resolver' => [SubjectKeyResolverInterface::class, 'snoke_ws.subject_key_resolver'];
        yield 'user resolver' => [UserResolverInterface::class, 'snoke_ws.user_resolver'];
        yield 'demo tokens' => [DemoTokenService::class, 'snoke_ws.demo_token_service'];
        yield 'consumer' => [InboxConsumer::class, 'snoke_ws.inbox_consumer'];
    }

    /**
     * @dataProvider aliases
     */
    public function testInterfaceAliasPointsAtTheBundleService(string $alias, string $id): void
    {
        $container = SeedContainer::load();
        $container->getCompilerPassConfig()->setRemovingPasses([]);
        $container->compile();

        self::assertTrue($container->hasAlias($alias));
        self::assertSame($id, (string) $container->getAlias($alias));
    }

    public function testApplicationServicesAutowireEverythingTheBundleOffers(): void
    {
        $container = SeedContainer::compile(prepare: static function (ContainerBuilder $container): void {
            $container->register(AutowiredConsumer::class)->setAutowired(true)->setPublic(true);
        });

        $consumer = $container->get(AutowiredConsumer::class);
        self::assertInstanceOf(AutowiredConsumer::class, $consumer);
        self::assertInstanceOf(DynamicPublisher::class, $consumer->publisher);
        self::assertInstanceOf(DynamicPresenceProvider::class, $consumer->presence);
        self::assertInstanceOf(DynamicPresenceWriter::class, $consumer->presenceWriter);
        self::assertInstanceOf(SimpleSubjectKeyResolver::class, $consumer->subjectKeyResolver);
        self::assertInstanceOf(NullUserResolver::class, $consumer->userResolver);
        self::assertNull($consumer->userResolver->resolve('42'));
    }

    public function testCoreModeFallsBackToRedisStreamRedisAndRedisStream(): void
    {
        $this->env->set(['WS_MODE' => 'core']);
        $container = SeedContainer::compile();

        self::assertSame(TransportType::RedisStream, $container->get('snoke_ws.dynamic_publisher')->transportType());
        self::assertSame(PresenceType::Redis, $container->get('snoke_ws.presence')->presenceType());
        self::assertSame(EventsType::RedisStream, $container->get('snoke_ws.inbox_consumer')->eventsType());
    }

    /**
     * @return iterable<string, array{0: string, 1: class-string, 2: list<string>}>
     */
    public static function redisDefinitions(): iterable
    {
        yield 'publisher' => ['snoke_ws.redis_stream_publisher', RedisStreamPublisher::class, ['snoke_ws.transport']];
        yield 'rabbitmq publisher' => ['snoke_ws.rabbitmq_publisher', RabbitMqPublisher::class, ['snoke_ws.transport']];
        yield 'presence' => ['snoke_ws.redis_presence', RedisPresenceProvider::class, ['snoke_ws.presence', 'snoke_ws.presence_interpreter']];
        yield 'presence writer' => ['snoke_ws.redis_presence_writer', RedisPresenceWriter::class, ['snoke_ws.presence']];
        yield 'consumer' => ['snoke_ws.inbox_consumer', InboxConsumer::class, ['snoke_ws.mode', 'snoke_ws.events', 'event_dispatcher', 'snoke_ws.event_factory', 'logger']];
    }

    /**
     * @dataProvider redisDefinitions
     *
     * @param class-string $class
     * @param list<string> $arguments parameter names and service ids, in order
     */
    public function testRedisServicesAreDefinedOverTheirConfigSections(string $id, string $class, array $arguments): void
    {
        $container = new ContainerBuilder();
        (new SnokeWsExtension())->load([[]], $container);
        $definition = $container->getDefinition($id);

        self::assertSame($class, $definition->getClass());
        self::assertSame($arguments, array_map(
            static fn (mixed $argument): string => trim((string) $argument, '%'),
            $definition->getArguments(),
        ));
    }

    public function testRedisServicesReadTheirDsnStreamAndPrefixFromTheConfig(): void
    {
        $container = SeedContainer::compile(extraConfigs: [[
            'transport' => ['redis_stream' => ['stream' => 'app.outbox']],
            'events' => ['redis_stream' => ['stream' => 'app.events', 'inbox_stream' => 'app.inbox']],
        ]]);

        self::assertSame('app.outbox', $container->get('snoke_ws.redis_stream_publisher')->stream());
        self::assertSame(['app.inbox', 'app.events'], $container->get('snoke_ws.inbox_consumer')->streams());
    }

    public function testUnsetStreamEnvVarsFallBackToTheTreeDefaults(): void
    {
        $this->env->set(['WS_REDIS_STREAM' => null, 'WS_REDIS_EVENTS_STREAM' => null]);
        $container = SeedContainer::compile();

        self::assertSame('ws.outbox', $container->get('snoke_ws.redis_stream_publisher')->stream());
        self::assertSame(['ws.inbox', 'ws.events'], $container->get('snoke_ws.inbox_consumer')->streams());
    }

    public function testRabbitMqTransportIsThePublisherOverTheOutboxExchange(): void
    {
        $this->env->set(['WS_MODE' => 'core', 'WS_TRANSPORT_TYPE' => 'rabbitmq', 'WS_RABBITMQ_EXCHANGE' => null, 'WS_RABBITMQ_ROUTING_KEY' => null]);
        $container = SeedContainer::compile();

        self::assertSame(TransportType::RabbitMq, $container->get('snoke_ws.dynamic_publisher')->transportType());
        $publisher = $container->get('snoke_ws.rabbitmq_publisher');
        self::assertInstanceOf(RabbitMqPublisher::class, $publisher);
        self::assertSame('ws.outbox', $publisher->exchange(), 'unset env values fall back to the tree default');
        self::assertSame('ws.outbox', $publisher->routingKey());
    }

    public function testRabbitMqPublisherReadsExchangeAndRoutingKeyFromTheConfig(): void
    {
        $this->env->set(['WS_RABBITMQ_EXCHANGE' => 'app.outbox', 'WS_RABBITMQ_ROUTING_KEY' => 'app.push']);
        $publisher = SeedContainer::compile()->get('snoke_ws.rabbitmq_publisher');

        self::assertSame('app.outbox', $publisher->exchange());
        self::assertSame('app.push', $publisher->routingKey());
    }

    public function testNullPresenceWriterIsTheDefault(): void
    {
        $container = SeedContainer::compile();
        $container->get('snoke_ws.presence_writer')->upsertConnection('c1', '42', ['user:42'], 1700000000);

        $this->env->set(['WS_PRESENCE_WRITER_TYPE' => 'redis']);
        self::assertInstanceOf(RedisPresenceWriter::class, SeedContainer::compile()->get('snoke_ws.redis_presence_writer'));
    }

    public function testPresenceWriterListenerIsWiredToTheConnectionEvents(): void
    {
        $this->env->set(['WS_PRESENCE_WRITER_TYPE' => 'redis']);
        $container = SeedContainer::load();
        $container->getCompilerPassConfig()->setRemovingPasses([]);
        $container->compile();

        $tags = $container->getDefinition('snoke_ws.presence_writer_listener')->getTag('kernel.event_listener');
        self::assertContains(['event' => WebsocketConnectionEstablishedEvent::class, 'method' => 'onConnected'], $tags);
        self::assertCount(3, $tags);
    }

    public function testConsumeCommandIsRegisteredAsWsConsume(): void
    {
        $container = SeedContainer::load();
        $container->getCompilerPassConfig()->setRemovingPasses([]);
        $container->compile();

        $definition = $container->getDefinition('snoke_ws.consume_command');
        self::assertSame(WsConsumeCommand::class, $definition->getClass());
        self::assertSame([['command' => 'ws:consume']], $definition->getTag('console.command'));
    }

    public function testConsumeCommandInTerminatorModeExplainsEventsComeByWebhook(): void
    {
        $tester = new CommandTester(SeedContainer::compile()->get('snoke_ws.consume_command'));

        self::assertSame(1, $tester->execute([]));
        self::assertStringContainsString('Nothing to consume: snoke_ws.events.type resolves to "webhook"', $tester->getDisplay());
    }

    public function testRabbitMqConsumerBindsOneQueueToTheInboxAndEventsExchangesByDefault(): void
    {
        $this->env->set([
            'WS_MODE' => 'core', 'WS_EVENTS_TYPE' => 'rabbitmq', 'WS_RABBITMQ_DSN' => null,
            'WS_RABBITMQ_EVENTS_EXCHANGE' => null, 'WS_RABBITMQ_EVENTS_QUEUE' => null, 'WS_RABBITMQ_EVENTS_ROUTING_KEY' => null,
        ]);
        $consumer = SeedContainer::compile()->get('snoke_ws.inbox_consumer');
        $settings = $consumer->rabbitMqSettings();

        self::assertSame(EventsType::RabbitMq, $consumer->eventsType());
        self::assertSame('amqp://guest:guest@rabbitmq:5672/', $settings->dsn);
        self::assertSame('ws.events', $settings->queue);
        self::assertSame([
            ['exchange' => 'ws.inbox', 'routing_key' => 'ws.inbox'],
            ['exchange' => 'ws.events', 'routing_key' => 'ws.events'],
        ], $settings->bindings);
        self::assertSame(100, $settings->prefetch);
        self::assertSame(5, $settings->maxDeliveries);
        self::assertSame('ws.dlq', $settings->deadLetterExchange);
        self::assertSame('ws.dlq', $settings->deadLetterQueue);
        self::assertSame(0, $settings->messageTtlMs, 'no TTL unless asked');
    }

    public function testRabbitMqConsumerReadsEveryKeyFromTheConfig(): void
    {
        $this->env->set([
            'WS_RABBITMQ_EVENTS_EXCHANGE' => 'app.events', 'WS_RABBITMQ_EVENTS_QUEUE' => 'app.consumer',
            'WS_RABBITMQ_EVENTS_ROUTING_KEY' => 'app.events.key',
        ]);
        $settings = SeedContainer::compile(extraConfigs: [['events' => ['rabbitmq' => [
            'inbox_exchange' => 'app.inbox', 'inbox_routing_key' => 'app.inbox.key', 'prefetch' => 7,
            'max_deliveries' => 3, 'dead_letter_exchange' => 'app.dlx', 'dead_letter_queue' => 'app.dlq', 'message_ttl_ms' => 60000,
        ]]]])->get('snoke_ws.inbox_consumer')->rabbitMqSettings();

        self::assertSame('app.consumer', $settings->queue);
        self::assertSame([
            ['exchange' => 'app.inbox', 'routing_key' => 'app.inbox.key'],
            ['exchange' => 'app.events', 'routing_key' => 'app.events.key'],
        ], $settings->bindings);
        self::assertSame(
            [7, 3, 'app.dlx', 'app.dlq', 60000],
            [$settings->prefetch, $settings->maxDeliveries, $settings->deadLetterExchange, $settings->deadLetterQueue, $settings->messageTtlMs],
        );
    }

    public function testRabbitMqConsumerBindsAnExchangeOnlyOnceWhenInboxAndEventsShareIt(): void
    {
        $settings = SeedContainer::compile(extraConfigs: [['events' => ['rabbitmq' => [
            'exchange' => 'app.all', 'routing_key' => 'all', 'inbox_exchange' => 'app.all', 'inbox_routing_key' => 'all',
        ]]]])->get('snoke_ws.inbox_consumer')->rabbitMqSettings();

        self::assertSame([['exchange' => 'app.all', 'routing_key' => 'all']], $settings->bindings);
    }

    public function testConsumeCommandRefusesABadLimitNamingTheOption(): void
    {
        $this->env->set(['WS_MODE' => 'core', 'WS_EVENTS_TYPE' => 'rabbitmq']);
        $tester = new CommandTester(SeedContainer::compile()->get('snoke_ws.consume_command'));

        self::assertSame(1, $tester->execute(['--limit' => 'ten']));
        self::assertStringContainsString('Invalid --limit "ten"', $tester->getDisplay());
    }

    public function testConsumerWithEventsOffSaysNothingIsDelivered(): void
    {
        $this->env->set(['WS_EVENTS_TYPE' => 'none']);
        $this->expectException(NothingToConsumeException::class);
        $this->expectExceptionMessage('gateway events are not delivered to Symfony at all');

        SeedContainer::compile()->get('snoke_ws.inbox_consumer')->run();
    }
}
