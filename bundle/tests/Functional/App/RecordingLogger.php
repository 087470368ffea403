<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\Functional\App;

use Psr\Log\AbstractLogger;

/**
 * The test kernel's logger: keeps records in memory instead of writing to
 * stderr, so tests can check what the bundle logged.
 */
final class RecordingLogger extends AbstractLogger
{
    /** @var list<array{level: string, message: string, context: array<string, mixed>}> */
    public array $records = [];

    /**
     * Untyped like psr/log 1.x, so the class also fits 2.x and 3.x.
     *
     * @param mixed $level
     * @param string|\Stringable $message
     * @param array<string, mixed> $context
     */
    public function log($level, $message, array $context = []): void
    {
        $this->records[] = ['level' => (string) $level, 'message' => (string) $message, 'context' => $context];
    }
}
