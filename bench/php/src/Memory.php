<?php

declare(strict_types=1);

namespace SnokeWs\Bench;

use Snoke\WsBundle\Service\WebsocketPublisher;

/**
 * fpm_memory_added (RSS of a PHP process that loaded the extension and used
 * each client once, minus one that did not load it) and fpm_memory_growth
 * (RSS before and after many publishes through the bundle, in one process).
 */
final class Memory
{
    public static function added(Env $env): void
    {
        $figure = Figure::get('fpm_memory_added');
        $args = [
            __DIR__ . '/../memory-probe.php', $env->redisDsn(), $env->amqpPids === [] ? '' : $env->amqpDsn(),
            $env->gatewayUrl, $env->gatewayApiKey, $env->prefix,
        ];
        $with = [0, 0];
        $sample = Meter::whole(1, [], static function () use ($env, $args, &$with): void {
            $with = self::probe(['-d', 'extension=' . $env->extension, ...$args]);
        });
        $without = self::probe($args);
        if (!extension_loaded('snoke_ws') || $env->extension === '') {
            throw new \RuntimeException('fpm_memory_added needs --extension');
        }
        $channel = new \PhpAmqpLib\Connection\AMQPStreamConnection($env->amqpHost, $env->amqpPort, $env->amqpUser, $env->amqpPassword, $env->amqpVhost);
        $channel->channel()->exchange_delete($env->prefix . 'probe-exchange');
        $channel->close();
        $env->redis->del($env->prefix . 'probe');
        $env->recorder->record($figure, 'snoke-ws extension', 'ours', ($with[0] - $without[0]) / 1024, $sample, sprintf(
            'VmRSS %d kB with (Redis, presence, RabbitMQ and HTTP used once) - %d kB without; of the difference '
                . '%d kB are anonymous memory, the rest file-backed pages (mostly the .so code, shared by all workers)',
            $with[0],
            $without[0],
            $with[1] - $without[1],
        ));
    }

    public static function growth(Env $env): void
    {
        $figure = Figure::get('fpm_memory_growth');
        $publishes = $env->count(1_000_000, 10_000);
        $stream = $env->key('outbox-growth');
        $container = BenchKernel::container([
            'mode' => 'core',
            'transport' => ['type' => 'redis_stream', 'redis_stream' => ['dsn' => $env->redisDsn(), 'stream' => $stream]],
        ]);
        $payload = Messages::payload();
        $request = static function () use ($container, $payload): void {
            $container->reset();
            $publisher = $container->get('snoke_ws.publisher');
            \assert($publisher instanceof WebsocketPublisher);
            $publisher->send([Messages::USER], $payload);
        };
        for ($i = 0; $i < 10_000; ++$i) {
            $request();
        }
        $env->redis->del($stream);
        gc_collect_cycles();
        $before = self::rssKb();
        $written = 0;
        $sample = Meter::whole($publishes, $env->redisPids, static function () use ($env, $request, $publishes, $stream, &$written): void {
            for ($i = 1; $i <= $publishes; ++$i) {
                $request();
                if ($i % 50_000 === 0) {
                    // Keeps Redis small; entries are counted before they go.
                    $written += (int) $env->redis->xLen($stream);
                    $env->redis->del($stream);
                }
            }
        });
        $written += (int) $env->redis->xLen($stream);
        $env->redis->del($stream);
        gc_collect_cycles();
        $after = self::rssKb();
        $sample->lost = max(0, $publishes - $written);
        $env->recorder->record($figure, 'snoke-ws (bundle WebsocketPublisher)', 'ours', ($after - $before) / 1024, $sample,
            sprintf('VmRSS %d kB after 10k warm-up publishes, %d kB after %d more; %.1f µs/publish', $before, $after, $publishes, $sample->microsPerOp()));
    }

    /**
     * @param list<string> $args
     *
     * @return array{int, int} VmRSS and RssAnon in kB
     */
    private static function probe(array $args): array
    {
        $process = proc_open([PHP_BINARY, ...$args], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
        if (!\is_resource($process)) {
            throw new \RuntimeException('cannot start the memory probe');
        }
        $output = trim((string) stream_get_contents($pipes[1]));
        $error = (string) stream_get_contents($pipes[2]);
        if (proc_close($process) !== 0 || !preg_match('/^(\d+) (\d+)$/', $output, $kb)) {
            throw new \RuntimeException("memory probe failed: $output $error");
        }

        return [(int) $kb[1], (int) $kb[2]];
    }

    private static function rssKb(): int
    {
        preg_match('/^VmRSS:\s+(\d+)\s+kB/m', (string) file_get_contents('/proc/self/status'), $match);

        return (int) ($match[1] ?? 0);
    }
}
