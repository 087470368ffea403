<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\Support;

use PHPUnit\Framework\Assert;
use Symfony\Component\Process\Process;

/**
 * The test RabbitMQ (SNOKE_WS_TEST_AMQP_URL, default
 * amqp://guest:guest@127.0.0.1:5672/%2f), administered with rabbitmqctl,
 * never through bundle code. Each instance owns a fresh vhost (deleted with
 * everything in it by cleanup()) and unique exchange/queue names inside it.
 * An unreachable broker fails the test.
 */
final class TestRabbitMq
{
    public const DEFAULT_URL = 'amqp://guest:guest@127.0.0.1:5672/%2f';

    private function __construct(
        public readonly string $url,
        public readonly string $vhost,
        private string $prefix,
    ) {
    }

    public static function connect(): self
    {
        $base = getenv('SNOKE_WS_TEST_AMQP_URL') ?: self::DEFAULT_URL;
        $parts = parse_url($base);
        Assert::assertIsArray($parts, sprintf('SNOKE_WS_TEST_AMQP_URL is not a URL: %s', $base));
        $host = $parts['host'] ?? '127.0.0.1';
        $port = $parts['port'] ?? 5672;
        $socket = @fsockopen($host, $port, $errno, $error, 5);
        Assert::assertNotFalse($socket, sprintf(
            'RabbitMQ at %s:%d is not reachable (%s): set SNOKE_WS_TEST_AMQP_URL or start rabbitmq-server.',
            $host,
            $port,
            $error,
        ));
        fclose($socket);

        $id = bin2hex(random_bytes(5));
        $vhost = 'snoke-ws-bundle-test-' . $id;
        $user = rawurldecode($parts['user'] ?? 'guest');
        self::ctl('add_vhost', $vhost);
        self::ctl('set_permissions', '-p', $vhost, $user, '.*', '.*', '.*');
        $url = sprintf(
            'amqp://%s:%s@%s:%d/%s',
            $parts['user'] ?? 'guest',
            $parts['pass'] ?? 'guest',
            $host,
            $port,
            rawurlencode($vhost),
        );

        return new self($url, $vhost, 'test-' . $id . '.');
    }

    /** An exchange or queue name unique to this test. */
    public function name(string $name): string
    {
        return $this->prefix . $name;
    }

    /**
     * Publishes raw message bodies (e.g. gateway events as JSON) to an
     * exchange, persistent, in one rabbitmqctl call — the way the gateway
     * publishes them.
     *
     * @param list<array<string, mixed>> $events
     */
    public function publishEvents(string $exchange, string $routingKey, array $events): void
    {
        $publishes = array_map(
            fn (array $event): string => sprintf(
                'rabbit_basic:publish(X, %s, [{delivery_mode, 2}, {content_type, <<"application/json">>}], %s)',
                self::binary($routingKey),
                self::binary(json_encode($event, JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES)),
            ),
            $events,
        );
        $script = sprintf(
            'X = rabbit_misc:r(%s, exchange, %s), [ok || _ <- [%s]], ok.',
            self::binary($this->vhost),
            self::binary($exchange),
            implode(', ', $publishes),
        );
        $output = self::ctl('eval', $script);
        Assert::assertSame('ok', trim($output), 'publishing through rabbitmqctl eval failed: ' . $output);
    }

    /**
     * Ready and unacknowledged messages of every queue in the vhost.
     *
     * @return array<string, array{ready: int, unacked: int}>
     */
    public function queues(): array
    {
        $output = self::ctl('list_queues', '-p', $this->vhost, 'name', 'messages_ready', 'messages_unacknowledged', '--formatter', 'json');
        $queues = [];
        foreach ((array) json_decode($output, true, 512, JSON_THROW_ON_ERROR) as $row) {
            $queues[$row['name']] = ['ready' => (int) $row['messages_ready'], 'unacked' => (int) $row['messages_unacknowledged']];
        }

        return $queues;
    }

    /** Messages in a queue, ready or unacked; 0 for a queue that does not exist. */
    public function messageCount(string $queue): int
    {
        $counts = $this->queues()[$queue] ?? ['ready' => 0, 'unacked' => 0];

        return $counts['ready'] + $counts['unacked'];
    }

    public function cleanup(): void
    {
        self::ctl('delete_vhost', $this->vhost);
    }

    private static function ctl(string ...$args): string
    {
        $process = new Process(['rabbitmqctl', '-q', ...$args]);
        $process->setTimeout(60);
        try {
            $process->run();
        } catch (\Throwable $e) {
            Assert::fail(sprintf('rabbitmqctl could not run (%s): install rabbitmq-server.', $e->getMessage()));
        }
        Assert::assertTrue(
            $process->isSuccessful(),
            sprintf('rabbitmqctl %s failed: %s', $args[0], trim($process->getErrorOutput() . $process->getOutput())),
        );

        return $process->getOutput();
    }

    /**
     * An Erlang binary literal of the string's bytes. Every byte but [A-Za-z0-9._:-]
     * is a \x{..} escape: rabbitmqctl hands its arguments to a shell.
     */
    private static function binary(string $value): string
    {
        $escaped = preg_replace_callback(
            '/[^A-Za-z0-9._:-]/',
            static fn (array $m): string => sprintf('\\x{%02x}', \ord($m[0])),
            $value,
        );

        return '<<"' . $escaped . '">>';
    }
}
