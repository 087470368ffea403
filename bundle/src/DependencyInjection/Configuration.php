<?php

declare(strict_types=1);

namespace Snoke\WsBundle\DependencyInjection;

use Snoke\WsBundle\Config\EventsType;
use Snoke\WsBundle\Config\InterpretationStrategy;
use Snoke\WsBundle\Config\Mode;
use Snoke\WsBundle\Config\PresenceType;
use Snoke\WsBundle\Config\PresenceWriterType;
use Snoke\WsBundle\Config\TransportType;
use Snoke\WsBundle\DependencyInjection\Definition\ChoiceNodeDefinition;
use Symfony\Component\Config\Definition\Builder\ArrayNodeDefinition;
use Symfony\Component\Config\Definition\Builder\TreeBuilder;
use Symfony\Component\Config\Definition\ConfigurationInterface;

/**
 * The `snoke_ws` configuration tree. Keys and defaults are those of the
 * bundle this one replaces; every section has defaults, so a core-only or a
 * terminator-only configuration is complete.
 *
 * Modes and types accept `%env()%` placeholders: literal values are checked
 * here, resolved env values by the services on first use.
 */
final class Configuration implements ConfigurationInterface
{
    public function getConfigTreeBuilder(): TreeBuilder
    {
        $treeBuilder = new TreeBuilder('snoke_ws');
        $root = $treeBuilder->getRootNode();
        $root
            ->append(self::choice(
                'mode',
                Mode::values(),
                Mode::Terminator->value,
                'terminator: HTTP publish + webhook events; core: Redis/RabbitMQ through ws:consume. '
                . 'Picks the fallback of every empty "type".',
            )
                ->example('%env(default:ws_mode_default:WS_MODE)%'))
            ->append($this->transport())
            ->append($this->presence())
            ->append($this->events())
            ->append($this->tracing())
            ->append($this->subjects());

        return $treeBuilder;
    }

    private function transport(): ArrayNodeDefinition
    {
        $node = self::section('transport', 'How WebsocketPublisher pushes to clients.');
        $node->children()
            ->append(self::choice(
                'type',
                TransportType::values(),
                null,
                'Empty: by mode (core → redis_stream, terminator → http).',
            ))
            ->arrayNode('http')
                ->addDefaultsIfNotSet()
                ->info('The gateway\'s POST /internal/publish.')
                ->children()
                    ->scalarNode('base_url')->defaultValue('')
                        ->info('Gateway base URL; required when the transport is http.')
                        ->example('http://127.0.0.1:8000')->end()
                    ->scalarNode('publish_path')->defaultValue('/internal/publish')->end()
                    ->integerNode('timeout_seconds')->defaultValue(5)
                        ->info('Total time allowed for one publish.')->end()
                    ->append($this->apiKeyAuth())
                ->end()
            ->end()
            ->append(self::broker('redis_stream', 'Outbox stream the gateways read (core).', [
                'dsn' => 'redis://redis:6379',
                'stream' => 'ws.outbox',
                'group' => 'ws-gateway',
                'consumer' => 'symfony',
            ]))
            ->append($this->transportRabbitMq());

        return $node;
    }

    private function transportRabbitMq(): ArrayNodeDefinition
    {
        $node = self::broker('rabbitmq', 'Outbox exchange the gateways read (core).', [
            'dsn' => 'amqp://guest:guest@rabbitmq:5672/',
            'exchange' => 'ws.outbox',
            'queue' => 'ws.outbox',
            'routing_key' => 'ws.outbox',
        ]);
        $node->find('dsn')->info('amqp://user:pass@host:port/vhost (RABBITMQ_DSN of the gateway).');
        $node->find('exchange')->info('Durable direct exchange publishes go to (RABBITMQ_EXCHANGE of the gateway).');
        $node->find('queue')->info(
            'Kept for compatibility, not declared: every gateway binds its own queue to the exchange, '
            . 'so each instance receives every push.',
        );

        return $node;
    }

    private function presence(): ArrayNodeDefinition
    {
        $node = self::section('presence', 'Who is online: PresenceProviderInterface and the presence writer.');
        $node->children()
            ->append(self::choice(
                'type',
                PresenceType::values(),
                null,
                'Empty: by mode (core → redis, terminator → http).',
            ))
            ->arrayNode('http')
                ->addDefaultsIfNotSet()
                ->info('The gateway\'s /internal/connections endpoints. Without "auth", transport.http.auth is used.')
                ->children()
                    ->scalarNode('base_url')->defaultValue('')->example('http://127.0.0.1:8000')->end()
                    ->scalarNode('list_path')->defaultValue('/internal/connections')->end()
                    ->scalarNode('by_user_path')->defaultValue('/internal/users/{user_id}/connections')->end()
                    ->integerNode('timeout_seconds')->defaultValue(5)->end()
                    ->append($this->apiKeyAuth(false))
                ->end()
            ->end()
            ->arrayNode('redis')
                ->addDefaultsIfNotSet()
                ->info('Presence keys written by the gateway (core).')
                ->children()
                    ->scalarNode('dsn')->defaultValue('redis://redis:6379')->end()
                    ->scalarNode('prefix')->defaultValue('presence:')->end()
                    ->integerNode('ttl_seconds')->defaultValue(120)->end()
                ->end()
            ->end()
            ->arrayNode('interpretation')
                ->addDefaultsIfNotSet()
                ->info('Which listed connections count as online.')
                ->children()
                    ->append(self::choice(
                        'strategy',
                        InterpretationStrategy::values(),
                        InterpretationStrategy::None->value,
                        'ttl / heartbeat: only connections seen within that window + grace_seconds; '
                        . 'none / session: all.',
                    ))
                    ->integerNode('ttl_seconds')->defaultValue(120)
                        ->info('Window of the ttl strategy; 0 keeps all.')->end()
                    ->integerNode('heartbeat_seconds')->defaultValue(30)
                        ->info('Window of the heartbeat strategy; 0 keeps all.')->end()
                    ->integerNode('grace_seconds')->defaultValue(15)->end()
                    ->booleanNode('use_last_seen')->defaultTrue()
                        ->info('Age from last_seen_at when present, else connected_at.')->end()
                ->end()
            ->end()
            ->arrayNode('writer')
                ->addDefaultsIfNotSet()
                ->info('Presence recorded by Symfony from the connection events.')
                ->children()
                    ->append(self::choice('type', PresenceWriterType::values(), PresenceWriterType::None->value))
                    ->integerNode('ttl_seconds')->defaultValue(120)->end()
                    ->booleanNode('refresh_on_message')->defaultTrue()->end()
                ->end()
            ->end();

        return $node;
    }

    private function events(): ArrayNodeDefinition
    {
        $node = self::section(
            'events',
            'How gateway events (connected, message_received, disconnected) reach Symfony.',
        );
        $node->children()
            ->append(self::choice(
                'type',
                EventsType::values(),
                null,
                'Empty: by mode (core → redis_stream, terminator → webhook).',
            ))
            ->arrayNode('webhook')
                ->addDefaultsIfNotSet()
                ->children()
                    ->scalarNode('path')->defaultValue('/internal/ws/events')
                        ->info('Path of the webhook route (import @SnokeWsBundle/config/routes.php).')->end()
                    ->booleanNode('enabled')->defaultTrue()
                        ->info('False answers 404 even when events.type is webhook.')->end()
                ->end()
            ->end()
            ->append($this->eventsRedisStream())
            ->append($this->eventsRabbitMq());

        return $node;
    }

    private function eventsRabbitMq(): ArrayNodeDefinition
    {
        $node = self::broker('rabbitmq', 'Queue read by ws:consume, bound to the inbox and events exchanges (core).', [
            'dsn' => 'amqp://guest:guest@rabbitmq:5672/',
            'exchange' => 'ws.events',
            'queue' => 'ws.events',
            'routing_key' => 'ws.events',
        ]);
        $node->children()
            ->scalarNode('inbox_exchange')->defaultValue('ws.inbox')
                ->info('Client messages (RABBITMQ_INBOX_EXCHANGE of the gateway); bound along with "exchange".')->end()
            ->scalarNode('inbox_routing_key')->defaultValue('ws.inbox')
                ->info('RABBITMQ_INBOX_ROUTING_KEY of the gateway.')->end()
            ->integerNode('prefetch')->defaultValue(100)->min(1)
                ->info('Unacked deliveries the broker hands this consumer ahead of time.')->end()
            ->integerNode('max_deliveries')->defaultValue(5)->min(1)
                ->info('Attempts before an event whose listener keeps throwing is dead-lettered.')->end()
            ->scalarNode('dead_letter_exchange')->defaultValue('ws.dlq')
                ->info('Exchange a dead-lettered event is sent to, with its error (RABBITMQ_DLQ_EXCHANGE).')->end()
            ->scalarNode('dead_letter_queue')->defaultValue('ws.dlq')
                ->info('Queue bound to dead_letter_exchange that keeps the dead letters (RABBITMQ_DLQ_QUEUE).')->end()
            ->integerNode('message_ttl_ms')->defaultValue(0)->min(0)
                ->info('x-message-ttl of the queue (0: none); must equal the gateway\'s RABBITMQ_*_QUEUE_TTL_MS '
                    . 'when the gateway declares the same queue. Expired events are dead-lettered.')->end()
        ->end();
        $node->find('queue')->info('Durable queue of this application\'s consumers; the events and inbox exchanges are bound to it.');
        $node->find('exchange')->info('Connect/disconnect events (RABBITMQ_EVENTS_EXCHANGE of the gateway).');

        return $node;
    }

    private function eventsRedisStream(): ArrayNodeDefinition
    {
        $node = self::broker('redis_stream', 'Streams read by ws:consume through a consumer group (core).', [
            'dsn' => 'redis://redis:6379',
            'stream' => 'ws.events',
            'group' => 'symfony',
            'consumer' => 'symfony',
        ]);
        $node->children()
            ->scalarNode('inbox_stream')->defaultValue('ws.inbox')
                ->info('Client messages (REDIS_INBOX_STREAM of the gateway); read along with "stream".')->end()
            ->scalarNode('dead_letter_stream')->defaultValue('ws.dlq')
                ->info('Where an event goes, with its error, after max_deliveries failed attempts.')->end()
            ->integerNode('max_deliveries')->defaultValue(5)->min(1)
                ->info('Attempts before an event whose listener keeps throwing is dead-lettered.')->end()
            ->integerNode('claim_idle_ms')->defaultValue(30000)->min(1)
                ->info('A pending event idle this long (failed, or its consumer died) is delivered again.')->end()
        ->end();
        $node->find('consumer')->info('Consumer name prefix; the process adds "-<host>-<pid>" to keep it unique.');

        return $node;
    }

    private function tracing(): ArrayNodeDefinition
    {
        $node = self::section('tracing', 'W3C trace context of gateway events.');
        $node->children()
            ->booleanNode('enabled')->defaultFalse()->end()
            ->scalarNode('service_name')->defaultValue('symfony')->end()
            ->append(self::choice('exporter', ['stdout', 'otlp', 'none'], 'stdout'))
            ->scalarNode('otlp_endpoint')->defaultValue('')->end()
            ->scalarNode('otlp_protocol')->defaultValue('grpc')->example('http/protobuf')->end()
            ->scalarNode('traceparent_field')->defaultValue('traceparent')
                ->info('Event field holding the traceparent.')->end()
            ->scalarNode('trace_id_field')->defaultValue('trace_id')->end()
        ->end();

        return $node;
    }

    private function subjects(): ArrayNodeDefinition
    {
        $node = self::section('subjects', 'How WebsocketPublisher turns bare ids into subject keys.');
        $node->children()
            ->scalarNode('user_prefix')->defaultValue('user:')->info('A bare "42" becomes "user:42".')->end()
        ->end();

        return $node;
    }

    private function apiKeyAuth(bool $withDefaults = true): ArrayNodeDefinition
    {
        $node = new ArrayNodeDefinition('auth');
        if ($withDefaults) {
            $node->addDefaultsIfNotSet();
        }
        $node
            ->info('API key sent to the gateway\'s /internal/* routes (GATEWAY_API_KEY on the gateway).')
            ->children()
                ->append(self::choice('type', ['api_key', 'none'], 'api_key'))
                ->scalarNode('header')->defaultValue('X-Api-Key')->end()
                ->scalarNode('value')->defaultValue('')->example('%env(WS_GATEWAY_API_KEY)%')->end()
            ->end();

        return $node;
    }

    /**
     * @param array<string, string> $defaults
     */
    private static function broker(string $name, string $info, array $defaults): ArrayNodeDefinition
    {
        $node = new ArrayNodeDefinition($name);
        $node->addDefaultsIfNotSet()->info($info);
        $children = $node->children();
        foreach ($defaults as $key => $default) {
            $children->scalarNode($key)->defaultValue($default)->end();
        }

        return $node;
    }

    private static function section(string $name, string $info): ArrayNodeDefinition
    {
        $node = new ArrayNodeDefinition($name);
        $node->addDefaultsIfNotSet()->info($info);

        return $node;
    }

    /**
     * @param list<string> $values
     */
    private static function choice(
        string $name,
        array $values,
        ?string $default,
        string $info = '',
    ): ChoiceNodeDefinition {
        $node = (new ChoiceNodeDefinition($name))->values($values)->defaultValue($default);
        $node->info(trim(sprintf('One of "%s". %s', implode('", "', $values), $info)));

        return $node;
    }
}
