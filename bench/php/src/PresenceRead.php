<?php

declare(strict_types=1);

namespace SnokeWs\Bench;

use Snoke\WsBundle\Contract\PresenceProviderInterface;

/**
 * presence_read_1000: the connections of one subject (1,000 of them, SPEC
 * key layout: hash `<p>conn:<id>`, set `<p>subject:<s>`), ours through the
 * bundle's presence provider, peers the old way: SMEMBERS, then one HGETALL
 * per connection.
 */
final class PresenceRead
{
    private const CONNECTIONS = 1000;
    private const SUBJECT = 'room:lobby';

    public static function run(Env $env): void
    {
        $figure = Figure::get('presence_read_1000');
        $reads = $env->count(40, 5);
        $prefix = $env->key('presence:');
        self::fill($env->redis, $prefix);

        $container = BenchKernel::container([
            'mode' => 'core',
            'presence' => [
                'type' => 'redis',
                'redis' => ['dsn' => $env->redisDsn(), 'prefix' => $prefix],
                'interpretation' => ['strategy' => 'ttl'],
            ],
        ]);
        self::measure($env, $figure, 'snoke-ws (bundle PresenceProvider)', 'ours', $reads, static function () use ($container): int {
            $container->reset();
            $presence = $container->get('snoke_ws.presence');
            \assert($presence instanceof PresenceProviderInterface);

            return \count($presence->listConnections(self::SUBJECT)['connections']);
        }, 'listConnections(subject): SMEMBERS + pipelined HGETALL, ttl interpretation applied in PHP');

        $redis = new \Redis();
        $redis->connect($env->redisHost, $env->redisPort, 2.0);
        self::measure($env, $figure, 'phpredis, HGETALL per connection', 'peer', $reads, static function () use ($redis, $prefix): int {
            $connections = [];
            foreach ($redis->sMembers($prefix . 'subject:' . self::SUBJECT) as $id) {
                $hash = $redis->hGetAll($prefix . 'conn:' . $id);
                if ($hash !== []) {
                    $hash['subjects'] = json_decode($hash['subjects'], true);
                    $connections[] = $hash;
                }
            }

            return \count($connections);
        }, 'one connection, SMEMBERS then one HGETALL per id');
        $redis->close();

        $host = $env->redisHost;
        $port = $env->redisPort;
        self::measure($env, $figure, 'predis, HGETALL per connection', 'peer', $reads, static function () use ($host, $port, $prefix): int {
            $client = new \Predis\Client(['host' => $host, 'port' => $port]);
            $connections = [];
            foreach ($client->smembers($prefix . 'subject:' . self::SUBJECT) as $id) {
                $hash = $client->hgetall($prefix . 'conn:' . $id);
                if ($hash !== []) {
                    $hash['subjects'] = json_decode($hash['subjects'], true);
                    $connections[] = $hash;
                }
            }
            $client->disconnect();

            return \count($connections);
        }, 'as the old bundle: Predis\\Client per request, SMEMBERS then one HGETALL per id');
        $env->dropRedisKeys();
    }

    private static function fill(\Redis $redis, string $prefix): void
    {
        $now = time();
        $pipe = $redis->multi(\Redis::PIPELINE);
        for ($i = 0; $i < self::CONNECTIONS; ++$i) {
            $id = sprintf('00000000-0000-4000-8000-%012d', $i);
            $user = (string) ($i % 400);
            $subjects = ['user:' . $user, self::SUBJECT];
            $pipe->hMSet($prefix . 'conn:' . $id, [
                'connection_id' => $id,
                'user_id' => $user,
                'subjects' => json_encode($subjects),
                'connected_at' => $now - 60,
                'last_seen_at' => $now,
            ]);
            $pipe->expire($prefix . 'conn:' . $id, 600);
            foreach ($subjects as $subject) {
                $pipe->sAdd($prefix . 'subject:' . $subject, $id);
            }
            $pipe->sAdd($prefix . 'user:' . $user, $id);
        }
        $pipe->exec();
    }

    /** @param \Closure(): int $read returns how many connections it read */
    private static function measure(Env $env, Figure $figure, string $subject, string $role, int $reads, \Closure $read, string $notes): void
    {
        $read();
        $lost = 0;
        $sample = Meter::perOp($reads, $env->redisPids, static function () use ($read, &$lost): void {
            $lost += max(0, self::CONNECTIONS - $read());
        });
        $sample->lost = $lost;
        $env->recorder->record($figure, $subject, $role, $sample->microsPerOp() / 1000, $sample, $notes);
    }
}
