<?php

declare(strict_types=1);

/*
 * Service definitions of the bundle. Ids and aliases are those of the bundle
 * this one replaces. Every `type` is chosen at runtime by a Dynamic* service
 * from a locator keyed by type value.
 */

use Snoke\WsBundle\Command\WsConsumeCommand;
use Snoke\WsBundle\Config\PresenceType;
use Snoke\WsBundle\Config\PresenceWriterType;
use Snoke\WsBundle\Config\TransportType;
use Snoke\WsBundle\Contract\PresenceProviderInterface;
use Snoke\WsBundle\Contract\PresenceWriterInterface;
use Snoke\WsBundle\Contract\PublisherInterface;
use Snoke\WsBundle\Contract\SubjectKeyResolverInterface;
use Snoke\WsBundle\Contract\UserResolverInterface;
use Snoke\WsBundle\Controller\WebhookController;
use Snoke\WsBundle\Event\WebsocketConnectionClosedEvent;
use Snoke\WsBundle\Event\WebsocketConnectionEstablishedEvent;
use Snoke\WsBundle\Event\WebsocketEventFactory;
use Snoke\WsBundle\Event\WebsocketMessageReceivedEvent;
use Snoke\WsBundle\EventListener\PresenceWriterListener;
use Snoke\WsBundle\Routing\WebhookRouteLoader;
use Snoke\WsBundle\Service\DemoTokenService;
use Snoke\WsBundle\Service\DynamicPresenceProvider;
use Snoke\WsBundle\Service\DynamicPresenceWriter;
use Snoke\WsBundle\Service\DynamicPublisher;
use Snoke\WsBundle\Service\HttpPresenceProvider;
use Snoke\WsBundle\Service\HttpPublisher;
use Snoke\WsBundle\Service\InboxConsumer;
use Snoke\WsBundle\Service\NullPresenceWriter;
use Snoke\WsBundle\Service\NullUserResolver;
use Snoke\WsBundle\Service\PresenceInterpreter;
use Snoke\WsBundle\Service\RabbitMqPublisher;
use Snoke\WsBundle\Service\RedisPresenceProvider;
use Snoke\WsBundle\Service\RedisPresenceWriter;
use Snoke\WsBundle\Service\RedisStreamPublisher;
use Snoke\WsBundle\Service\SimpleSubjectKeyResolver;
use Snoke\WsBundle\Service\WebhookSignatureVerifier;
use Snoke\WsBundle\Service\WebsocketPublisher;
use Symfony\Component\DependencyInjection\Loader\Configurator\ContainerConfigurator;

use function Symfony\Component\DependencyInjection\Loader\Configurator\param;
use function Symfony\Component\DependencyInjection\Loader\Configurator\service;
use function Symfony\Component\DependencyInjection\Loader\Configurator\service_locator;

return static function (ContainerConfigurator $container): void {
    $services = $container->services();

    // Publishing: WebsocketPublisher → subject resolver → transport of transport.type.
    $services->set('snoke_ws.subject_key_resolver', SimpleSubjectKeyResolver::class)
        ->args([param('snoke_ws.subjects')]);
    $services->alias(SubjectKeyResolverInterface::class, 'snoke_ws.subject_key_resolver');

    $services->set('snoke_ws.http_publisher', HttpPublisher::class)
        ->args([param('snoke_ws.transport')]);
    $services->set('snoke_ws.redis_stream_publisher', RedisStreamPublisher::class)
        ->args([param('snoke_ws.transport')]);
    $services->set('snoke_ws.rabbitmq_publisher', RabbitMqPublisher::class)
        ->args([param('snoke_ws.transport')]);
    $services->set('snoke_ws.dynamic_publisher', DynamicPublisher::class)
        ->args([
            service_locator([
                TransportType::Http->value => service('snoke_ws.http_publisher'),
                TransportType::RedisStream->value => service('snoke_ws.redis_stream_publisher'),
                TransportType::RabbitMq->value => service('snoke_ws.rabbitmq_publisher'),
            ]),
            param('snoke_ws.mode'),
            param('snoke_ws.transport.type'),
        ]);
    $services->alias(PublisherInterface::class, 'snoke_ws.dynamic_publisher');

    $services->set('snoke_ws.publisher', WebsocketPublisher::class)
        ->args([service('snoke_ws.dynamic_publisher'), service('snoke_ws.subject_key_resolver')]);
    $services->alias(WebsocketPublisher::class, 'snoke_ws.publisher');

    // Presence: provider of presence.type, filtered by presence.interpretation.
    $services->set('snoke_ws.presence_interpreter', PresenceInterpreter::class)
        ->args([param('snoke_ws.presence')]);
    $services->set('snoke_ws.http_presence', HttpPresenceProvider::class)
        ->args([param('snoke_ws.presence'), param('snoke_ws.transport'), service('snoke_ws.presence_interpreter')]);
    $services->set('snoke_ws.redis_presence', RedisPresenceProvider::class)
        ->args([param('snoke_ws.presence'), service('snoke_ws.presence_interpreter')]);
    $services->set('snoke_ws.presence', DynamicPresenceProvider::class)
        ->args([
            service_locator([
                PresenceType::Http->value => service('snoke_ws.http_presence'),
                PresenceType::Redis->value => service('snoke_ws.redis_presence'),
            ]),
            param('snoke_ws.mode'),
            param('snoke_ws.presence.type'),
        ]);
    $services->alias(PresenceProviderInterface::class, 'snoke_ws.presence');

    $services->set('snoke_ws.null_presence_writer', NullPresenceWriter::class);
    $services->set('snoke_ws.redis_presence_writer', RedisPresenceWriter::class)
        ->args([param('snoke_ws.presence')]);
    $services->set('snoke_ws.presence_writer', DynamicPresenceWriter::class)
        ->args([
            service_locator([
                PresenceWriterType::None->value => service('snoke_ws.null_presence_writer'),
                PresenceWriterType::Redis->value => service('snoke_ws.redis_presence_writer'),
            ]),
            param('snoke_ws.presence.writer.type'),
        ]);
    $services->alias(PresenceWriterInterface::class, 'snoke_ws.presence_writer');
    $writerListener = $services->set('snoke_ws.presence_writer_listener', PresenceWriterListener::class)
        ->args([service('snoke_ws.presence_writer'), param('snoke_ws.presence')]);
    foreach (
        [
            WebsocketConnectionEstablishedEvent::class => 'onConnected',
            WebsocketConnectionClosedEvent::class => 'onClosed',
            WebsocketMessageReceivedEvent::class => 'onMessage',
        ] as $event => $method
    ) {
        $writerListener->tag('kernel.event_listener', ['event' => $event, 'method' => $method]);
    }

    $services->set('snoke_ws.user_resolver', NullUserResolver::class);
    $services->alias(UserResolverInterface::class, 'snoke_ws.user_resolver');

    // Incoming events: webhook controller (terminator) and ws:consume (core).
    $services->set('snoke_ws.event_factory', WebsocketEventFactory::class)
        ->args([param('snoke_ws.tracing.traceparent_field')]);
    $services->alias(WebsocketEventFactory::class, 'snoke_ws.event_factory');
    $services->set('snoke_ws.webhook_signature_verifier', WebhookSignatureVerifier::class)
        ->args(['%env(default::SYMFONY_WEBHOOK_SECRET)%']);

    $services->set(WebhookController::class)
        ->public()
        ->args([
            service('event_dispatcher'),
            param('snoke_ws.events'),
            param('snoke_ws.mode'),
            service('snoke_ws.webhook_signature_verifier'),
            service('snoke_ws.event_factory'),
        ])
        ->tag('controller.service_arguments');
    $services->alias('snoke_ws.webhook_controller', WebhookController::class)->public();

    $services->set('snoke_ws.route_loader', WebhookRouteLoader::class)
        ->args([param('snoke_ws.events')])
        ->tag('routing.loader');

    $services->set('snoke_ws.inbox_consumer', InboxConsumer::class)
        ->args([
            param('snoke_ws.mode'),
            param('snoke_ws.events'),
            service('event_dispatcher'),
            service('snoke_ws.event_factory'),
            service('logger')->nullOnInvalid(),
        ])
        ->tag('monolog.logger', ['channel' => 'snoke_ws']);
    $services->alias(InboxConsumer::class, 'snoke_ws.inbox_consumer');
    $services->set('snoke_ws.consume_command', WsConsumeCommand::class)
        ->args([service('snoke_ws.inbox_consumer')])
        ->tag('console.command', ['command' => WsConsumeCommand::NAME]);

    $services->set('snoke_ws.demo_token_service', DemoTokenService::class)
        ->args([
            '%env(default::DEMO_JWT_PRIVATE_KEY_FILE)%',
            '%env(default::DEMO_JWT_SECRET)%',
            '%env(default::DEMO_JWT_ALG)%',
        ]);
    $services->alias(DemoTokenService::class, 'snoke_ws.demo_token_service');
};
