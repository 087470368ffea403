<?php

declare(strict_types=1);

namespace App\Inbox;

/**
 * Remembers the last WebSocket message Symfony received, for
 * `GET /api/ws/last-message`.
 *
 * File-backed because every PHP worker (php -S with PHP_CLI_SERVER_WORKERS,
 * php-fpm children, the ws:consume process) is a separate process: the worker
 * that handled the webhook is rarely the one answering the next request.
 * Writes go to a temporary file renamed into place, so a reader never sees
 * half a record.
 */
final class MessageInbox
{
    public function __construct(private readonly string $inboxFile)
    {
    }

    /**
     * @param array<string, mixed> $record
     */
    public function record(array $record): void
    {
        $dir = \dirname($this->inboxFile);
        if (!is_dir($dir) && !@mkdir($dir, 0775, true) && !is_dir($dir)) {
            throw new \RuntimeException(sprintf('Cannot create the inbox directory "%s".', $dir));
        }
        $json = json_encode($record, \JSON_THROW_ON_ERROR | \JSON_UNESCAPED_SLASHES | \JSON_UNESCAPED_UNICODE);
        $tmp = $this->inboxFile . '.' . getmypid() . '.tmp';
        if (@file_put_contents($tmp, $json) === false || !@rename($tmp, $this->inboxFile)) {
            @unlink($tmp);
            throw new \RuntimeException(sprintf('Cannot write the inbox file "%s".', $this->inboxFile));
        }
    }

    /**
     * @return array<string, mixed>|null null until a message was recorded
     */
    public function last(): ?array
    {
        if (!is_file($this->inboxFile)) {
            return null;
        }
        $json = @file_get_contents($this->inboxFile);
        if ($json === false || $json === '') {
            return null;
        }
        $record = json_decode($json, true);

        return \is_array($record) ? $record : null;
    }
}
