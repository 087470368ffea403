<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Config;

use Snoke\WsBundle\Exception\InvalidConfigurationException;

/**
 * Shared by the string-backed enums that mirror choice nodes of the
 * configuration. Their values often come from env vars that are only known at
 * runtime, so they are validated here, when a service first needs them.
 */
trait ConfigChoice
{
    /**
     * @return list<string>
     */
    public static function values(): array
    {
        return array_map(static fn (self $case): string => $case->value, self::cases());
    }

    /**
     * Null for an empty value (the caller falls back to a default), the case
     * for a known value, an exception naming $path for anything else.
     */
    private static function parseOrNull(mixed $value, string $path): ?self
    {
        if ($value === null || $value === '') {
            return null;
        }
        if (\is_string($value) && ($case = self::tryFrom(trim($value))) !== null) {
            return $case;
        }

        throw InvalidConfigurationException::notOneOf($path, $value, self::values());
    }
}
