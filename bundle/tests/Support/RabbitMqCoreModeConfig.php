<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\Support;

/**
 * A snoke_ws config for core mode over the test RabbitMQ: publish and consume
 * through exchanges and queues unique to the TestRabbitMq. A failing event is
 * dead-lettered on its second delivery.
 */
final class RabbitMqCoreModeConfig
{
    public const MAX_DELIVERIES = 2;

    /**
     * @param array<string, mixed> $overrides merged over the defaults
     *
     * @return array<string, mixed>
     */
    public static function for(TestRabbitMq $rabbitMq, array $overrides = []): array
    {
        return array_replace_recursive([
            'mode' => 'core',
            'transport' => [
                'type' => 'rabbitmq',
                'rabbitmq' => [
                    'dsn' => $rabbitMq->url,
                    'exchange' => $rabbitMq->name('outbox'),
                    'routing_key' => $rabbitMq->name('outbox'),
                ],
            ],
            'presence' => ['writer' => ['type' => 'none']],
            'events' => [
                'type' => 'rabbitmq',
                'rabbitmq' => [
                    'dsn' => $rabbitMq->url,
                    'queue' => $rabbitMq->name('symfony'),
                    'inbox_exchange' => $rabbitMq->name('inbox'),
                    'inbox_routing_key' => $rabbitMq->name('inbox'),
                    'exchange' => $rabbitMq->name('events'),
                    'routing_key' => $rabbitMq->name('events'),
                    'prefetch' => 10,
                    'max_deliveries' => self::MAX_DELIVERIES,
                    'dead_letter_exchange' => $rabbitMq->name('dlx'),
                    'dead_letter_queue' => $rabbitMq->name('dlq'),
                ],
            ],
        ], $overrides);
    }
}
