<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\Support;

use PHPUnit\Framework\Assert;
use Symfony\Component\Process\Process;

/**
 * `php tests/Functional/App/console.php ws:consume -v` as a real process over
 * the test Redis (CoreModeConfig), with the extension from SNOKE_WS_EXTENSION.
 */
final class ConsumerProcess
{
    /**
     * @param string $varDir the kernel's cache dir; the caller removes it
     */
    public static function start(TestRedis $redis, string $varDir): Process
    {
        $extension = getenv('SNOKE_WS_EXTENSION');
        Assert::assertNotFalse($extension, 'SNOKE_WS_EXTENSION (path of libsnoke_ws.so) is not set: run bundle/run-tests.sh');
        $process = new Process(
            [\PHP_BINARY, '-d', 'extension=' . $extension, \dirname(__DIR__) . '/Functional/App/console.php', 'ws:consume', '-v'],
            null,
            [
                'SNOKE_WS_TEST_KERNEL_CONFIG' => json_encode([CoreModeConfig::for($redis)], JSON_THROW_ON_ERROR),
                'SNOKE_WS_TEST_KERNEL_VAR_DIR' => $varDir,
            ],
        );
        $process->setTimeout(null);
        $process->start();

        return $process;
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
