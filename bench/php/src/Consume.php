<?php

declare(strict_types=1);

namespace SnokeWs\Bench;

use Snoke\WsBundle\Event\WebsocketEventFactory;
use Snoke\WsBundle\Service\ConsumeLimits;
use Snoke\WsBundle\Service\InboxConsumer;
use SnokeWs\RedisStreamConsumer;
use Symfony\Component\EventDispatcher\EventDispatcher;

/**
 * consume_noop and consume_dispatcher: `message_received` events pre-filled
 * into an inbox stream of this run, read at least once (consumer group, one
 * XACK per fetched batch) by the extension's consumer into a no-op callable, and by
 * the bundle's InboxConsumer (what ws:consume runs) through the kernel's
 * EventDispatcher with one application listener. Peer: the old consumer, a
 * Predis `XREAD COUNT 10` loop (no group, no ack).
 */
final class Consume
{
    public static function noop(Env $env): void
    {
        $figure = Figure::get('consume_noop');
        $events = $env->count(30000, 2000);
        $inbox = $env->key('inbox-noop');
        self::fill($env->redis, $inbox, $events);
        $noop = static function (array $entry): void {
        };

        $consumer = new RedisStreamConsumer($env->redisDsn(), [$inbox], 'bench', 'bench-consumer', 5, 30000, $env->key('dlq'));
        // Builds before ackMany() acked one entry per call; they can still be measured.
        $batchAck = method_exists($consumer, 'ackMany');
        $handled = 0;
        $sample = Meter::whole($events, $env->redisPids, static function () use ($consumer, $noop, $events, $batchAck, &$handled): void {
            while ($handled < $events) {
                $batch = $consumer->fetch(100, 200);
                if ($batch === []) {
                    break;
                }
                $ids = [];
                foreach ($batch as $entry) {
                    $noop($entry['event']);
                    $ids[$entry['stream']][] = $entry['id'];
                    ++$handled;
                }
                foreach ($ids as $stream => $done) {
                    if ($batchAck) {
                        $consumer->ackMany((string) $stream, $done);
                        continue;
                    }
                    foreach ($done as $id) {
                        $consumer->ack((string) $stream, $id);
                    }
                }
            }
        });
        $sample->lost = $events - $handled + self::pending($env->redis, $inbox);
        $env->recorder->record($figure, 'snoke-ws (extension RedisStreamConsumer)', 'ours', $sample->perSecond(), $sample,
            $batchAck
                ? 'XREADGROUP COUNT 100, handler, then one XACK for the batch (ackMany); at least once'
                : 'XREADGROUP COUNT 100, handler, one XACK per entry (build without ackMany); at least once');

        self::predis($env, $figure, $inbox, $events, $noop);
        $env->redis->del($inbox, $env->key('dlq'));
    }

    public static function dispatcher(Env $env): void
    {
        $figure = Figure::get('consume_dispatcher');
        $events = $env->count(20000, 2000);
        $inbox = $env->key('inbox-dispatch');
        self::fill($env->redis, $inbox, $events);

        $container = BenchKernel::container([
            'mode' => 'core',
            'events' => [
                'type' => 'redis_stream',
                'redis_stream' => [
                    'dsn' => $env->redisDsn(),
                    'inbox_stream' => $inbox,
                    'stream' => $env->key('events'),
                    'dead_letter_stream' => $env->key('dlq'),
                    'group' => 'bench',
                ],
            ],
        ]);
        $consumer = $container->get('snoke_ws.inbox_consumer');
        \assert($consumer instanceof InboxConsumer);
        $listener = $container->get(CountingListener::class);
        \assert($listener instanceof CountingListener);
        $sample = Meter::whole($events, $env->redisPids, static function () use ($consumer, $events): void {
            $consumer->run(new ConsumeLimits($events, 60));
        });
        $sample->lost = $events - $listener->count + self::pending($env->redis, $inbox);
        $env->recorder->record($figure, 'snoke-ws (bundle InboxConsumer = ws:consume)', 'ours', $sample->perSecond(), $sample,
            'kernel EventDispatcher, one listener (+ the bundle presence-writer listener); fetches of 100, one XACK per 10 handled');

        $factory = new WebsocketEventFactory();
        $dispatcher = new EventDispatcher();
        $counter = new CountingListener();
        $dispatcher->addListener(\Snoke\WsBundle\Event\WebsocketMessageReceivedEvent::class, [$counter, 'onMessage']);
        self::predis($env, $figure, $inbox, $events, static function (array $event) use ($factory, $dispatcher): void {
            $dispatcher->dispatch($factory->fromArray($event));
        });
        $env->redis->del($inbox, $env->key('events'), $env->key('dlq'));
    }

    /**
     * The old consumer: XREAD COUNT 10 from the last id, json_decode, handle.
     *
     * @param \Closure(array<string, mixed>): void $handle
     */
    private static function predis(Env $env, Figure $figure, string $inbox, int $events, \Closure $handle): void
    {
        $client = new \Predis\Client(['host' => $env->redisHost, 'port' => $env->redisPort]);
        $handled = 0;
        $sample = Meter::whole($events, $env->redisPids, static function () use ($client, $inbox, $events, $handle, &$handled): void {
            $last = '0-0';
            while ($handled < $events) {
                $reply = $client->executeRaw(['XREAD', 'COUNT', '10', 'BLOCK', '200', 'STREAMS', $inbox, $last]);
                if (!\is_array($reply) || $reply === []) {
                    break;
                }
                foreach ($reply[0][1] as [$id, $fields]) {
                    $last = $id;
                    for ($i = 0; $i + 1 < \count($fields); $i += 2) {
                        if ($fields[$i] === 'data') {
                            $handle(json_decode($fields[$i + 1], true, 512, JSON_THROW_ON_ERROR));
                            ++$handled;
                        }
                    }
                }
            }
        });
        $client->disconnect();
        $sample->lost = $events - $handled;
        $env->recorder->record($figure, 'predis XREAD COUNT 10 loop', 'peer', $sample->perSecond(), $sample,
            'the old consumer: plain XREAD, no consumer group, no ack (at most once)');
    }

    private static function fill(\Redis $redis, string $stream, int $events): void
    {
        $redis->del($stream);
        for ($start = 0; $start < $events; $start += 1000) {
            $pipe = $redis->multi(\Redis::PIPELINE);
            for ($i = $start; $i < min($events, $start + 1000); ++$i) {
                $pipe->xAdd($stream, '*', ['data' => Messages::inboxEvent($i)]);
            }
            $pipe->exec();
        }
    }

    /** Entries of the stream still pending in a group (delivered, never acked). */
    private static function pending(\Redis $redis, string $stream): int
    {
        $pending = 0;
        $groups = $redis->xInfo('GROUPS', $stream);
        foreach (\is_array($groups) ? $groups : [] as $group) {
            $pending += (int) ($group['pending'] ?? 0);
        }

        return $pending;
    }
}
