<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\DependencyInjection;

use PHPUnit\Framework\TestCase;
use Snoke\WsBundle\Config\EventsType;
use Snoke\WsBundle\Config\PresenceType;
use Snoke\WsBundle\Config\TransportType;
use Snoke\WsBundle\DependencyInjection\Configuration;
use Snoke\WsBundle\Exception\InvalidConfigurationException as BundleConfigException;
use Snoke\WsBundle\Service\DynamicPresenceProvider;
use Snoke\WsBundle\Service\DynamicPublisher;
use Snoke\WsBundle\Service\InboxConsumer;
use Snoke\WsBundle\Service\PresenceInterpreter;
use Snoke\WsBundle\Tests\Support\EnvScope;
use Snoke\WsBundle\Tests\Support\SeedContainer;
use Symfony\Component\Config\Definition\Dumper\YamlReferenceDumper;
use Symfony\Component\Config\Definition\Exception\InvalidConfigurationException;
use Symfony\Component\Config\Definition\Processor;

final class ConfigurationTest extends TestCase
{
    /** Every WS_* variable the seed reads. */
    private const SEED_ENV = [
        'WS_MODE', 'WS_TRANSPORT_TYPE', 'WS_GATEWAY_BASE_URL', 'WS_GATEWAY_API_KEY', 'WS_REDIS_DSN',
        'WS_REDIS_STREAM', 'WS_RABBITMQ_DSN', 'WS_RABBITMQ_EXCHANGE', 'WS_RABBITMQ_QUEUE',
        'WS_RABBITMQ_ROUTING_KEY', 'WS_PRESENCE_TYPE', 'WS_REDIS_PREFIX', 'WS_PRESENCE_INTERPRETATION_STRATEGY',
        'WS_PRESENCE_TTL_SECONDS', 'WS_PRESENCE_HEARTBEAT_SECONDS', 'WS_PRESENCE_GRACE_SECONDS',
        'WS_PRESENCE_USE_LAST_SEEN', 'WS_PRESENCE_WRITER_TYPE', 'WS_PRESENCE_WRITER_TTL_SECONDS',
        'WS_PRESENCE_WRITER_REFRESH_ON_MESSAGE', 'WS_EVENTS_TYPE', 'WS_REDIS_EVENTS_STREAM',
        'WS_RABBITMQ_EVENTS_EXCHANGE', 'WS_RABBITMQ_EVENTS_QUEUE', 'WS_RABBITMQ_EVENTS_ROUTING_KEY',
    ];

    private EnvScope $env;

    protected function setUp(): void
    {
        $this->env = (new EnvScope())->set(array_fill_keys(self::SEED_ENV, null));
    }

    protected function tearDown(): void
    {
        $this->env->restore();
    }

    /**
     * @return iterable<string, array{0: string|null, 1: TransportType, 2: PresenceType, 3: EventsType}>
     */
    public static function modes(): iterable
    {
        yield 'WS_MODE unset (parameter default terminator)' => [null, TransportType::Http, PresenceType::Http, EventsType::Webhook];
        yield 'WS_MODE=terminator' => ['terminator', TransportType::Http, PresenceType::Http, EventsType::Webhook];
        yield 'WS_MODE=core' => ['core', TransportType::RedisStream, PresenceType::Redis, EventsType::RedisStream];
    }

    /**
     * @dataProvider modes
     */
    public function testSeedLoadsUnchangedAndEmptyTypesFallBackByMode(?string $mode, TransportType $transport, PresenceType $presence, EventsType $events): void
    {
        $this->env->set(['WS_MODE' => $mode]);
        $container = SeedContainer::compile();

        $publisher = $container->get('snoke_ws.dynamic_publisher');
        self::assertInstanceOf(DynamicPublisher::class, $publisher);
        self::assertSame($transport, $publisher->transportType());
        $provider = $container->get('snoke_ws.presence');
        self::assertInstanceOf(DynamicPresenceProvider::class, $provider);
        self::assertSame($presence, $provider->presenceType());
        $consumer = $container->get('snoke_ws.inbox_consumer');
        self::assertInstanceOf(InboxConsumer::class, $consumer);
        self::assertSame($events, $consumer->eventsType());
    }

    /**
     * @dataProvider modes
     */
    public function testSeedCompilesWithEveryWsVariableSet(?string $mode): void
    {
        $this->env->set([
            'WS_MODE' => $mode ?? 'terminator',
            'WS_TRANSPORT_TYPE' => 'http',
            'WS_PRESENCE_TYPE' => 'http',
            'WS_EVENTS_TYPE' => 'webhook',
            'WS_GATEWAY_BASE_URL' => 'http://127.0.0.1:8000',
            'WS_GATEWAY_API_KEY' => 'dev-key',
            'WS_REDIS_DSN' => 'redis://127.0.0.1:6379',
            'WS_REDIS_STREAM' => 'ws.outbox',
            'WS_REDIS_PREFIX' => 'presence:',
            'WS_RABBITMQ_DSN' => 'amqp://guest:guest@127.0.0.1:5672/',
            'WS_PRESENCE_INTERPRETATION_STRATEGY' => 'ttl',
            'WS_PRESENCE_TTL_SECONDS' => '60',
            'WS_PRESENCE_USE_LAST_SEEN' => 'true',
            'WS_PRESENCE_WRITER_TYPE' => 'none',
            'WS_PRESENCE_WRITER_REFRESH_ON_MESSAGE' => '1',
        ]);
        $container = SeedContainer::compile();

        self::assertSame(TransportType::Http, $container->get('snoke_ws.dynamic_publisher')->transportType(), 'an explicit type wins over the mode');
        self::assertSame(PresenceType::Http, $container->get('snoke_ws.presence')->presenceType());
        self::assertSame(EventsType::Webhook, $container->get('snoke_ws.inbox_consumer')->eventsType());
        $presence = $container->getParameter('snoke_ws.presence');
        self::assertSame('ttl', $presence['interpretation']['strategy']);
        self::assertSame(60, $presence['interpretation']['ttl_seconds']);
        self::assertTrue($presence['interpretation']['use_last_seen']);
        self::assertSame('http://127.0.0.1:8000', $container->getParameter('snoke_ws.transport')['http']['base_url']);
        self::assertInstanceOf(PresenceInterpreter::class, $container->get('snoke_ws.presence_interpreter'));
    }

    public function testEmptyConfigurationGetsTheOldBundlesDefaults(): void
    {
        $config = (new Processor())->processConfiguration(new Configuration(), []);

        self::assertSame('terminator', $config['mode']);
        self::assertNull($config['transport']['type']);
        self::assertSame('/internal/publish', $config['transport']['http']['publish_path']);
        self::assertSame(5, $config['transport']['http']['timeout_seconds']);
        self::assertSame(['type' => 'api_key', 'header' => 'X-Api-Key', 'value' => ''], $config['transport']['http']['auth']);
        self::assertSame(['dsn' => 'redis://redis:6379', 'stream' => 'ws.outbox', 'group' => 'ws-gateway', 'consumer' => 'symfony'], $config['transport']['redis_stream']);
        self::assertSame(['dsn' => 'amqp://guest:guest@rabbitmq:5672/', 'exchange' => 'ws.outbox', 'queue' => 'ws.outbox', 'routing_key' => 'ws.outbox'], $config['transport']['rabbitmq']);
        self::assertNull($config['presence']['type']);
        self::assertSame('/internal/connections', $config['presence']['http']['list_path']);
        self::assertSame('/internal/users/{user_id}/connections', $config['presence']['http']['by_user_path']);
        self::assertSame(['dsn' => 'redis://redis:6379', 'prefix' => 'presence:', 'ttl_seconds' => 120], $config['presence']['redis']);
        self::assertSame(
            ['strategy' => 'none', 'ttl_seconds' => 120, 'heartbeat_seconds' => 30, 'grace_seconds' => 15, 'use_last_seen' => true],
            $config['presence']['interpretation'],
        );
        self::assertSame(['type' => 'none', 'ttl_seconds' => 120, 'refresh_on_message' => true], $config['presence']['writer']);
        self::assertNull($config['events']['type']);
        self::assertSame(['path' => '/internal/ws/events', 'enabled' => true], $config['events']['webhook']);
        self::assertSame([
            'dsn' => 'redis://redis:6379', 'stream' => 'ws.events', 'group' => 'symfony', 'consumer' => 'symfony',
            'inbox_stream' => 'ws.inbox', 'dead_letter_stream' => 'ws.dlq', 'max_deliveries' => 5, 'claim_idle_ms' => 30000,
        ], $config['events']['redis_stream']);
        self::assertSame([
            'dsn' => 'amqp://guest:guest@rabbitmq:5672/', 'exchange' => 'ws.events', 'queue' => 'ws.events', 'routing_key' => 'ws.events',
            'inbox_exchange' => 'ws.inbox', 'inbox_routing_key' => 'ws.inbox', 'prefetch' => 100, 'max_deliveries' => 5,
            'dead_letter_exchange' => 'ws.dlq', 'dead_letter_queue' => 'ws.dlq', 'message_ttl_ms' => 0,
        ], $config['events']['rabbitmq']);
        self::assertSame(
            ['enabled' => false, 'service_name' => 'symfony', 'exporter' => 'stdout', 'otlp_endpoint' => '', 'otlp_protocol' => 'grpc', 'traceparent_field' => 'traceparent', 'trace_id_field' => 'trace_id'],
            $config['tracing'],
        );
        self::assertSame(['user_prefix' => 'user:'], $config['subjects']);
    }

    /**
     * @return iterable<string, array{0: array<string, mixed>, 1: string}>
     */
    public static function invalidLiterals(): iterable
    {
        yield 'mode' => [['mode' => 'edge'], 'snoke_ws.mode'];
        yield 'transport type' => [['transport' => ['type' => 'kafka']], 'snoke_ws.transport.type'];
        yield 'presence type' => [['presence' => ['type' => 'memcached']], 'snoke_ws.presence.type'];
        yield 'interpretation strategy' => [['presence' => ['interpretation' => ['strategy' => 'sometimes']]], 'snoke_ws.presence.interpretation.strategy'];
        yield 'writer type' => [['presence' => ['writer' => ['type' => 'http']]], 'snoke_ws.presence.writer.type'];
        yield 'events type' => [['events' => ['type' => 'sse']], 'snoke_ws.events.type'];
        yield 'auth type' => [['transport' => ['http' => ['auth' => ['type' => 'basic']]]], 'snoke_ws.transport.http.auth.type'];
    }

    /**
     * @dataProvider invalidLiterals
     *
     * @param array<string, mixed> $config
     */
    public function testRejectsUnknownLiteralChoiceNamingPathAndAllowedValues(array $config, string $path): void
    {
        try {
            (new Processor())->processConfiguration(new Configuration(), [$config]);
            self::fail('expected the configuration to be rejected');
        } catch (InvalidConfigurationException $e) {
            self::assertStringContainsString(sprintf('path "%s"', $path), $e->getMessage());
            self::assertStringContainsString('Permissible values', $e->getMessage());
        }
    }

    public function testRejectsUnknownKeys(): void
    {
        $this->expectException(InvalidConfigurationException::class);
        $this->expectExceptionMessageMatches('/Unrecognized option "tranport"/');

        (new Processor())->processConfiguration(new Configuration(), [['tranport' => []]]);
    }

    public function testRejectsNonIntegerTimeout(): void
    {
        $this->expectException(InvalidConfigurationException::class);
        $this->expectExceptionMessageMatches('/snoke_ws\.transport\.http\.timeout_seconds/');

        (new Processor())->processConfiguration(new Configuration(), [['transport' => ['http' => ['timeout_seconds' => 'soon']]]]);
    }

    public function testConsumerNeedsAtLeastOneDeliveryBeforeDeadLettering(): void
    {
        $this->expectException(InvalidConfigurationException::class);
        $this->expectExceptionMessageMatches('/snoke_ws\.events\.redis_stream\.max_deliveries/');

        (new Processor())->processConfiguration(new Configuration(), [['events' => ['redis_stream' => ['max_deliveries' => 0]]]]);
    }

    public function testEmptyTypesAreAcceptedAsFallBackByMode(): void
    {
        $config = (new Processor())->processConfiguration(new Configuration(), [[
            'mode' => 'core',
            'transport' => ['type' => ''],
            'presence' => ['type' => null],
            'events' => ['type' => ''],
        ]]);

        self::assertSame('core', $config['mode']);
        self::assertSame('', $config['transport']['type']);
    }

    public function testEnvValueOutsideTheChoicesFailsOnFirstUseNamingPathAndValue(): void
    {
        $this->env->set(['WS_MODE' => 'edge']);
        $container = SeedContainer::compile();

        try {
            $container->get('snoke_ws.dynamic_publisher')->transportType();
            self::fail('expected the resolved mode to be rejected');
        } catch (BundleConfigException $e) {
            self::assertSame('Invalid value "edge" for "snoke_ws.mode": expected one of "terminator", "core".', $e->getMessage());
        }
    }

    public function testEnvTypeOutsideTheChoicesFailsOnFirstUse(): void
    {
        $this->env->set(['WS_PRESENCE_TYPE' => 'memcached']);
        $container = SeedContainer::compile();

        $this->expectException(BundleConfigException::class);
        $this->expectExceptionMessage('Invalid value "memcached" for "snoke_ws.presence.type": expected one of "http", "redis".');

        $container->get('snoke_ws.presence')->listConnections();
    }

    public function testTreeDocumentsItself(): void
    {
        $reference = (new YamlReferenceDumper())->dump(new Configuration());

        self::assertStringContainsString('One of "terminator", "core".', $reference);
        self::assertStringContainsString('Empty: by mode (core → redis_stream, terminator → http).', $reference);
        self::assertStringContainsString('Example:', $reference);
    }
}
