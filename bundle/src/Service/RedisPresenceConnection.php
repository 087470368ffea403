<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Service;

use Snoke\WsBundle\Config\SectionValue;
use Snoke\WsBundle\Exception\PresenceUnavailableException;
use SnokeWs\RedisPresence as ExtensionRedisPresence;

/**
 * Opens the extension's Redis presence store from the `presence.redis`
 * section (dsn, prefix), for the presence provider and the presence writer.
 */
final class RedisPresenceConnection
{
    public const DEFAULT_DSN = 'redis://redis:6379';
    public const DEFAULT_PREFIX = 'presence:';

    /**
     * @param array<string, mixed> $config the `snoke_ws.presence` section
     *
     * @throws PresenceUnavailableException on a DSN the extension refuses
     */
    public static function open(#[\SensitiveParameter] array $config): ExtensionRedisPresence
    {
        $redis = (array) ($config['redis'] ?? []);
        ExtensionClass::ensureLoaded(ExtensionRedisPresence::class);

        try {
            return new ExtensionRedisPresence(
                SectionValue::string($redis, 'dsn', self::DEFAULT_DSN),
                SectionValue::string($redis, 'prefix', self::DEFAULT_PREFIX),
            );
        } catch (\SnokeWs\SnokeWsException | \SnokeWs\InvalidArgumentException $e) {
            throw new PresenceUnavailableException('Cannot open Redis presence: ' . $e->getMessage(), 0, $e);
        }
    }

    /**
     * Runs one presence call, turning the extension's failures into the bundle's.
     *
     * @template T
     *
     * @param \Closure(): T $call
     *
     * @return T
     */
    public static function call(string $what, \Closure $call): mixed
    {
        try {
            return $call();
        } catch (\SnokeWs\SnokeWsException | \SnokeWs\InvalidArgumentException $e) {
            throw new PresenceUnavailableException(
                sprintf('%s in Redis failed: %s', $what, $e->getMessage()),
                (int) $e->getCode(),
                $e,
            );
        }
    }
}
