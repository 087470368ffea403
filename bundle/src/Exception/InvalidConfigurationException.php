<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Exception;

/**
 * A configuration value (often one resolved from an env var at runtime) is not
 * one the bundle understands; the message names the path and the bad value.
 */
final class InvalidConfigurationException extends \InvalidArgumentException implements WsExceptionInterface
{
    /**
     * @param list<string> $allowed
     */
    public static function notOneOf(string $path, mixed $value, array $allowed): self
    {
        return new self(sprintf(
            'Invalid value %s for "%s": expected one of "%s".',
            self::describe($value),
            $path,
            implode('", "', $allowed),
        ));
    }

    public static function missing(string $path, string $why): self
    {
        return new self(sprintf('"%s" is empty: %s', $path, $why));
    }

    private static function describe(mixed $value): string
    {
        if (!\is_scalar($value)) {
            return get_debug_type($value);
        }

        return json_encode($value, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE) ?: '?';
    }
}
