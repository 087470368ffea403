<?php

declare(strict_types=1);

namespace SnokeWs\Bench;

/**
 * Where the brokers and the gateway are, how large this run is, and the
 * names it owns (every key, stream and exchange starts with a per-run
 * `bench:` prefix and is deleted afterwards).
 */
final class Env
{
    public readonly string $prefix;
    public readonly \Redis $redis;

    /**
     * @param array<string, string> $options parsed command line
     */
    public function __construct(array $options, public readonly Recorder $recorder)
    {
        $this->quick = isset($options['quick']);
        $this->redisHost = $options['redis-host'] ?? '127.0.0.1';
        $this->redisPort = (int) ($options['redis-port'] ?? 6379);
        $this->amqpHost = $options['amqp-host'] ?? '127.0.0.1';
        $this->amqpPort = (int) ($options['amqp-port'] ?? 5672);
        $this->amqpUser = $options['amqp-user'] ?? 'guest';
        $this->amqpPassword = $options['amqp-password'] ?? 'guest';
        $this->amqpVhost = $options['amqp-vhost'] ?? '/';
        $this->gatewayUrl = $options['gateway-url'] ?? '';
        $this->gatewayApiKey = $options['gateway-api-key'] ?? '';
        $this->redisPids = self::pids($options['redis-pid'] ?? '');
        $this->amqpPids = self::pids($options['amqp-pid'] ?? '');
        $this->gatewayPids = self::pids($options['gateway-pid'] ?? '');
        $this->extension = $options['extension'] ?? '';
        $this->prefix = sprintf('bench:%d:%s:', getmypid(), bin2hex(random_bytes(4)));
        $this->redis = new \Redis();
        $this->redis->connect($this->redisHost, $this->redisPort, 2.0);
    }

    public readonly bool $quick;
    public readonly string $redisHost;
    public readonly int $redisPort;
    public readonly string $amqpHost;
    public readonly int $amqpPort;
    public readonly string $amqpUser;
    public readonly string $amqpPassword;
    public readonly string $amqpVhost;
    public readonly string $gatewayUrl;
    public readonly string $gatewayApiKey;
    /** @var list<int> */
    public readonly array $redisPids;
    /** @var list<int> */
    public readonly array $amqpPids;
    /** @var list<int> */
    public readonly array $gatewayPids;
    public readonly string $extension;

    public function redisDsn(): string
    {
        return sprintf('redis://%s:%d', $this->redisHost, $this->redisPort);
    }

    public function amqpDsn(): string
    {
        return sprintf(
            'amqp://%s:%s@%s:%d/%s',
            rawurlencode($this->amqpUser),
            rawurlencode($this->amqpPassword),
            $this->amqpHost,
            $this->amqpPort,
            rawurlencode($this->amqpVhost),
        );
    }

    /** A name of this run: `bench:<pid>:<random>:<what>`. */
    public function key(string $what): string
    {
        return $this->prefix . $what;
    }

    /** $full operations, or $quick of them with --quick. */
    public function count(int $full, int $quick): int
    {
        return $this->quick ? $quick : $full;
    }

    /** Deletes every Redis key of this run. */
    public function dropRedisKeys(): void
    {
        $iterator = null;
        $this->redis->setOption(\Redis::OPT_SCAN, \Redis::SCAN_RETRY);
        while (($keys = $this->redis->scan($iterator, str_replace(['*', '?', '['], ['\\*', '\\?', '\\['], $this->prefix) . '*', 1000)) !== false) {
            if ($keys !== []) {
                $this->redis->del($keys);
            }
        }
    }

    /** @return list<int> */
    private static function pids(string $list): array
    {
        return array_values(array_map('intval', array_filter(explode(',', $list), 'is_numeric')));
    }
}
