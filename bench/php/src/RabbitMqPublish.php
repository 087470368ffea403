<?php

declare(strict_types=1);

namespace SnokeWs\Bench;

use PhpAmqpLib\Channel\AMQPChannel;
use PhpAmqpLib\Connection\AMQPStreamConnection;
use PhpAmqpLib\Message\AMQPMessage;
use Snoke\WsBundle\Service\WebsocketPublisher;

/**
 * rabbitmq_publish_confirm: one persistent message to a durable direct
 * exchange of this run, returning once the broker confirmed it (except the
 * php-amqp peer, which does not wait for confirms and says so).
 */
final class RabbitMqPublish
{
    public static function run(Env $env): void
    {
        $figure = Figure::get('rabbitmq_publish_confirm');
        $count = $env->count(5000, 500);
        $exchange = $env->key('outbox-exchange');
        $payload = Messages::payload();

        $container = BenchKernel::container([
            'mode' => 'core',
            'transport' => [
                'type' => 'rabbitmq',
                'rabbitmq' => ['dsn' => $env->amqpDsn(), 'exchange' => $exchange, 'routing_key' => 'bench'],
            ],
        ]);
        // The extension declares the exchange (durable, direct) on its first publish.
        self::measure($env, $figure, 'snoke-ws (bundle WebsocketPublisher)', 'ours', $count, static function () use ($container, $payload): void {
            $container->reset();
            $publisher = $container->get('snoke_ws.publisher');
            \assert($publisher instanceof WebsocketPublisher);
            $publisher->send([Messages::USER], $payload);
        }, 'persistent, publisher confirms; fresh container per request, one AMQP connection per process');

        $connect = static fn (): AMQPStreamConnection => new AMQPStreamConnection(
            $env->amqpHost, $env->amqpPort, $env->amqpUser, $env->amqpPassword, $env->amqpVhost,
        );
        $publishConfirmed = static function (AMQPChannel $channel) use ($exchange, $payload): void {
            $channel->basic_publish(self::message($payload), $exchange, 'bench');
            $channel->wait_for_pending_acks(5.0);
        };

        self::measure($env, $figure, 'php-amqplib, connection per publish', 'peer', max(20, intdiv($count, 20)),
            static function () use ($connect, $publishConfirmed): void {
                $connection = $connect();
                $channel = $connection->channel();
                $channel->confirm_select();
                $publishConfirmed($channel);
                $channel->close();
                $connection->close();
            }, 'as the old bundle: connect, channel, publish, close per request (with confirms)');

        $connection = $connect();
        $channel = $connection->channel();
        $channel->confirm_select();
        self::measure($env, $figure, 'php-amqplib, one connection', 'peer', $count,
            static fn () => $publishConfirmed($channel), 'persistent, publisher confirms');
        $channel->exchange_delete($exchange);
        $channel->close();
        $connection->close();

        self::phpAmqp($env, $figure, $count, $exchange, $payload);
    }

    /** php-amqp (the C extension): one connection, no confirms. */
    private static function phpAmqp(Env $env, Figure $figure, int $count, string $exchange, array $payload): void
    {
        $connection = new \AMQPConnection([
            'host' => $env->amqpHost, 'port' => $env->amqpPort, 'login' => $env->amqpUser,
            'password' => $env->amqpPassword, 'vhost' => $env->amqpVhost,
        ]);
        $connection->connect();
        $channel = new \AMQPChannel($connection);
        $target = new \AMQPExchange($channel);
        $target->setName($exchange);
        $target->setType(AMQP_EX_TYPE_DIRECT);
        $target->setFlags(AMQP_DURABLE);
        $target->declareExchange();
        self::measure($env, $figure, 'php-amqp, one connection (no confirms)', 'peer', $count,
            static function () use ($target, $payload): void {
                $target->publish(
                    json_encode(['subjects' => [Messages::SUBJECT], 'payload' => $payload], JSON_THROW_ON_ERROR),
                    'bench',
                    AMQP_NOPARAM,
                    ['content_type' => 'application/json', 'delivery_mode' => 2],
                );
            }, 'persistent, NO publisher confirms: returns once written to the socket');
        $target->delete();
        $connection->disconnect();
    }

    /** @param array<string, mixed> $payload */
    private static function message(array $payload): AMQPMessage
    {
        return new AMQPMessage(
            json_encode(['subjects' => [Messages::SUBJECT], 'payload' => $payload], JSON_THROW_ON_ERROR),
            ['content_type' => 'application/json', 'delivery_mode' => AMQPMessage::DELIVERY_MODE_PERSISTENT],
        );
    }

    /** @param \Closure(): void $publish */
    private static function measure(Env $env, Figure $figure, string $subject, string $role, int $count, \Closure $publish, string $notes): void
    {
        for ($i = 0; $i < 20; ++$i) {
            $publish();
        }
        $sample = Meter::perOp($count, $env->amqpPids, static fn () => $publish());
        $env->recorder->record($figure, $subject, $role, $sample->microsPerOp(), $sample, $notes);
    }
}
