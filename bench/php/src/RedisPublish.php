<?php

declare(strict_types=1);

namespace SnokeWs\Bench;

use Snoke\WsBundle\Service\WebsocketPublisher;
use SnokeWs\RedisStreamPublisher as ExtensionRedisStreamPublisher;

/**
 * redis_publish_one and redis_publish_batch100: XADD to an outbox stream,
 * ours through the bundle's WebsocketPublisher (one new container per
 * simulated request), peers as the old bundle and phpredis users do it.
 */
final class RedisPublish
{
    private const BATCH = 100;

    public static function one(Env $env): void
    {
        $figure = Figure::get('redis_publish_one');
        $count = $env->count(20000, 1000);
        $stream = $env->key('outbox-one');
        $body = Messages::body();
        $payload = Messages::payload();
        $host = $env->redisHost;
        $port = $env->redisPort;

        $container = BenchKernel::container([
            'mode' => 'core',
            'transport' => ['type' => 'redis_stream', 'redis_stream' => ['dsn' => $env->redisDsn(), 'stream' => $stream]],
        ]);
        $request = static function () use ($container, $payload): void {
            // A new request: the container and every service in it are built anew, the
            // extension's per-process connection stays.
            $container->reset();
            $publisher = $container->get('snoke_ws.publisher');
            \assert($publisher instanceof WebsocketPublisher);
            $publisher->send([Messages::USER], $payload);
        };
        self::measureOne($env, $figure, 'snoke-ws (bundle WebsocketPublisher)', 'ours', $stream, $count, $request,
            'fresh container + services per request, extension keeps one connection per process');

        self::measureOne($env, $figure, 'predis, new client per request', 'peer', $stream, intdiv($count, 4),
            static function () use ($host, $port, $stream, $payload): void {
                $client = new \Predis\Client(['host' => $host, 'port' => $port]);
                $client->executeRaw(['XADD', $stream, '*', 'data', json_encode(['subjects' => [Messages::SUBJECT], 'payload' => $payload])]);
                $client->disconnect();
            }, 'as the old bundle: Predis\\Client per request, json_encode in PHP');

        self::measureOne($env, $figure, 'phpredis pconnect', 'peer', $stream, $count,
            static function () use ($host, $port, $stream, $payload): void {
                $redis = new \Redis();
                $redis->pconnect($host, $port, 2.0);
                $redis->xAdd($stream, '*', ['data' => json_encode(['subjects' => [Messages::SUBJECT], 'payload' => $payload])]);
            }, 'new Redis() + pconnect per request');

        $redis = new \Redis();
        $redis->connect($host, $port, 2.0);
        self::measureOne($env, $figure, 'phpredis one connection', 'peer', $stream, $count,
            static function () use ($redis, $stream, $payload): void {
                $redis->xAdd($stream, '*', ['data' => json_encode(['subjects' => [Messages::SUBJECT], 'payload' => $payload])]);
            }, 'one connected Redis object for the whole run');
        $redis->close();

        self::redisBenchmark($env, $figure, $stream, $count, $body);
        $env->redis->del($stream);
    }

    public static function batch(Env $env): void
    {
        $figure = Figure::get('redis_publish_batch100');
        $batches = $env->count(300, 30);
        $stream = $env->key('outbox-batch');
        $payload = Messages::payload();
        $dsn = $env->redisDsn();
        $messages = array_fill(0, self::BATCH, ['subjects' => [Messages::SUBJECT], 'payload' => $payload]);

        self::measureBatch($env, $figure, 'snoke-ws (extension publishBatch)', 'ours', $stream, $batches,
            static function () use ($dsn, $stream, $messages): void {
                // Constructed per request as the bundle constructs its client.
                $publisher = new ExtensionRedisStreamPublisher($dsn, $stream);
                $publisher->publishBatch($messages);
            }, 'RedisStreamPublisher::publishBatch (the bundle has no batch API), new object per request');

        $redis = new \Redis();
        $redis->connect($env->redisHost, $env->redisPort, 2.0);
        self::measureBatch($env, $figure, 'phpredis pipeline', 'peer', $stream, $batches,
            static function () use ($redis, $stream, $payload): void {
                $pipe = $redis->multi(\Redis::PIPELINE);
                for ($i = 0; $i < self::BATCH; ++$i) {
                    $pipe->xAdd($stream, '*', ['data' => json_encode(['subjects' => [Messages::SUBJECT], 'payload' => $payload])]);
                }
                $pipe->exec();
            }, 'one connection, multi(Redis::PIPELINE)');
        $redis->close();

        $host = $env->redisHost;
        $port = $env->redisPort;
        self::measureBatch($env, $figure, 'predis pipeline', 'peer', $stream, $batches,
            static function () use ($host, $port, $stream, $payload): void {
                $client = new \Predis\Client(['host' => $host, 'port' => $port]);
                $client->pipeline(static function ($pipe) use ($stream, $payload): void {
                    for ($i = 0; $i < self::BATCH; ++$i) {
                        $pipe->executeCommand(\Predis\Command\RawCommand::create(
                            'XADD', $stream, '*', 'data', json_encode(['subjects' => [Messages::SUBJECT], 'payload' => $payload]),
                        ));
                    }
                });
                $client->disconnect();
            }, 'Predis\\Client per request, pipeline()');
        $env->redis->del($stream);
    }

    /** @param \Closure(): void $publish one request publishing one message */
    private static function measureOne(Env $env, Figure $figure, string $subject, string $role, string $stream, int $count, \Closure $publish, string $notes): void
    {
        $env->redis->del($stream);
        for ($i = 0; $i < 50; ++$i) {
            $publish();
        }
        $sample = Meter::perOp($count, $env->redisPids, static fn () => $publish());
        $sample->lost = max(0, $count + 50 - (int) $env->redis->xLen($stream));
        $env->recorder->record($figure, $subject, $role, $sample->microsPerOp(), $sample, $notes);
    }

    /** @param \Closure(): void $publish one request publishing BATCH messages */
    private static function measureBatch(Env $env, Figure $figure, string $subject, string $role, string $stream, int $batches, \Closure $publish, string $notes): void
    {
        $env->redis->del($stream);
        for ($i = 0; $i < 5; ++$i) {
            $publish();
        }
        $sample = Meter::perOp($batches, $env->redisPids, static fn () => $publish());
        $messages = $batches * self::BATCH;
        $sample->lost = max(0, $messages + 5 * self::BATCH - (int) $env->redis->xLen($stream));
        $perMessage = new Sample($sample->wallSeconds, $messages, $sample->cpuLoadSeconds, $sample->cpuSutSeconds, $sample->p50Ms, $sample->p99Ms, $sample->lost);
        $env->recorder->record($figure, $subject, $role, $perMessage->microsPerOp(), $perMessage, $notes . '; p50/p99 are per batch of 100');
    }

    /** redis-benchmark -c 1 XADD: the limit one Redis client reaches without PHP. */
    private static function redisBenchmark(Env $env, Figure $figure, string $stream, int $count, string $body): void
    {
        $env->redis->del($stream);
        $command = [
            'redis-benchmark', '-h', $env->redisHost, '-p', (string) $env->redisPort, '-c', '1', '-n', (string) $count,
            '--csv', 'XADD', $stream, '*', 'data', $body,
        ];
        $output = '';
        $sample = Meter::whole($count, $env->redisPids, static function () use ($command, &$output): void {
            $process = proc_open($command, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
            if (!\is_resource($process)) {
                throw new \RuntimeException('cannot start redis-benchmark');
            }
            $output = (string) stream_get_contents($pipes[1]);
            $error = (string) stream_get_contents($pipes[2]);
            if (proc_close($process) !== 0) {
                throw new \RuntimeException("redis-benchmark failed: $error");
            }
        });
        // CSV: a header, then "<command>","<rps>" and six latency columns; the command
        // holds the JSON body with unescaped quotes, so fields are counted from the end.
        $rps = null;
        foreach (explode("\n", trim($output)) as $line) {
            if (preg_match_all('/"([0-9]+(?:\.[0-9]+)?)"/', $line, $numbers) && \count($numbers[1]) >= 7) {
                $rps = (float) $numbers[1][\count($numbers[1]) - 7];
            }
        }
        if ($rps === null || $rps <= 0) {
            throw new \RuntimeException("redis-benchmark printed no rate: $output");
        }
        $sample->lost = max(0, $count - (int) $env->redis->xLen($stream));
        $env->recorder->record($figure, 'redis-benchmark -c 1 XADD', 'limit', 1e6 / $rps, $sample, 'C client, no PHP; value from its own rps (wall includes its start-up)');
    }
}
