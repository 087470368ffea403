<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\Support;

use PHPUnit\Framework\Assert;
use Symfony\Component\Process\Process;

/**
 * A real snoke-ws-gateway process on a free loopback port, terminator mode,
 * HS256 tokens, an API key on /internal/*, no webhook.
 *
 * Binary: SNOKE_WS_GATEWAY_BIN, else target/debug/snoke-ws-gateway of the
 * workspace. A missing binary or a gateway that does not become healthy fails
 * the test.
 */
final class GatewayProcess
{
    public const API_KEY = 'bundle-test-api-key';
    public const JWT_SECRET = 'bundle-test-jwt-secret';

    private function __construct(private Process $process, public readonly string $baseUrl, public readonly int $port)
    {
    }

    public static function start(): self
    {
        $binary = getenv('SNOKE_WS_GATEWAY_BIN') ?: \dirname(__DIR__, 3) . '/target/debug/snoke-ws-gateway';
        Assert::assertFileIsReadable($binary, 'snoke-ws-gateway binary not found: build it (cargo build -p snoke-ws-gateway) or set SNOKE_WS_GATEWAY_BIN');

        $port = self::freePort();
        $process = new Process([$binary], null, [
            'GATEWAY_LISTEN' => '127.0.0.1:' . $port,
            'GATEWAY_API_KEY' => self::API_KEY,
            'WS_MODE' => 'terminator',
            'JWT_ALG' => 'HS256',
            'JWT_PUBLIC_KEY' => self::JWT_SECRET,
            'JWT_PUBLIC_KEY_FILE' => false,
            'JWT_JWKS_URL' => false,
            'JWT_ISSUER' => false,
            'JWT_AUDIENCE' => false,
            'SYMFONY_WEBHOOK_URL' => '',
            'REDIS_DSN' => false,
            'RABBITMQ_DSN' => false,
            'EVENTS_MODE' => false,
            'LOG_LEVEL' => 'warn',
        ]);
        $process->setTimeout(null);
        $process->start();

        $gateway = new self($process, 'http://127.0.0.1:' . $port, $port);
        $gateway->waitUntilHealthy();

        return $gateway;
    }

    public function stop(): void
    {
        $this->process->stop(5, \SIGTERM);
    }

    private function waitUntilHealthy(): void
    {
        $deadline = microtime(true) + 15;
        while (microtime(true) < $deadline) {
            if (!$this->process->isRunning()) {
                Assert::fail("snoke-ws-gateway exited early:\n" . $this->process->getOutput() . $this->process->getErrorOutput());
            }
            $health = @file_get_contents($this->baseUrl . '/health', false, stream_context_create(['http' => ['timeout' => 1]]));
            if ($health !== false) {
                return;
            }
            usleep(50_000);
        }
        $this->stop();
        Assert::fail("snoke-ws-gateway did not answer /health within 15 s:\n" . $this->process->getErrorOutput());
    }

    private static function freePort(): int
    {
        $server = stream_socket_server('tcp://127.0.0.1:0', $errno, $error);
        Assert::assertNotFalse($server, "no free port: $error");
        $name = (string) stream_socket_get_name($server, false);
        fclose($server);

        return (int) substr($name, strrpos($name, ':') + 1);
    }
}
