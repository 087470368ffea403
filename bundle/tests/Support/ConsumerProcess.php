<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\Support;

use PHPUnit\Framework\Assert;
use Symfony\Component\Process\Process;

/**
 * `php tests/Functional/App/console.php ws:consume -v` as a real process over
 * the test Redis (CoreModeConfig) or a given config, with the extension from
 * SNOKE_WS_EXTENSION.
 */
final class ConsumerProcess
{
    /**
     * @param string $varDir the kernel's cache dir; the caller removes it
     */
    public static function start(TestRedis $redis, string $varDir): Process
    {
        return self::startWith(CoreModeConfig::for($redis), $varDir);
    }

    /**
     * @param array<string, mixed> $config the snoke_ws config of the kernel
     * @param string $varDir the kernel's cache dir; the caller removes it
     */
    public static function startWith(array $config, string $varDir, string ...$options): Process
    {
        $extension = getenv('SNOKE_WS_EXTENSION');
        Assert::assertNotFalse($extension, 'SNOKE_WS_EXTENSION (path of libsnoke_ws.so) is not set: run bundle/run-tests.sh');
        $process = new Process(
            [\PHP_BINARY, '-d', 'extension=' . $extension, \dirname(__DIR__) . '/Functional/App/console.php', 'ws:consume', '-v', ...$options],
            null,
            [
                'SNOKE_WS_TEST_KERNEL_CONFIG' => json_encode([$config], JSON_THROW_ON_ERROR),
                'SNOKE_WS_TEST_KERNEL_VAR_DIR' => $varDir,
            ],
        );
        $process->setTimeout(null);
        $process->start();

        return $process;
    }

    /**
     * Runs ws:consume for about a second in its own process, which declares
     * the consumer's queues and bindings and then exits, letting go of its
     * connection (a consumer left in the test process would hold messages).
     *
     * @param array<string, mixed> $config the snoke_ws config of the kernel
     * @param string $varDir the kernel's cache dir; the caller removes it
     */
    public static function runBriefly(array $config, string $varDir): void
    {
        $process = self::startWith($config, $varDir, '--time-limit=1');
        $process->setTimeout(60);
        $process->wait();
        Assert::assertSame(0, $process->getExitCode(), $process->getOutput() . $process->getErrorOutput());
    }

    /**
     * Entry ids the consumer printed as handled (-v lines), so far.
     *
     * @return list<string>
     */
    public static function handledIds(Process $process, string $stream): array
    {
        preg_match_all(
            '/^' . preg_quote($stream, '/') . ' (\S+) \S+ \(delivery \d+\): handled$/m',
            $process->getOutput(),
            $matches,
        );

        return $matches[1];
    }
}
