<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Config;

use Snoke\WsBundle\Exception\InvalidConfigurationException;

/**
 * Reads one key of a resolved config section. Unset `%env(resolve:default::VAR)%`
 * values arrive as null or '', which mean "the tree default", not "empty".
 */
final class SectionValue
{
    /**
     * @param array<string, mixed> $section
     */
    public static function string(array $section, string $key, string $default): string
    {
        $value = $section[$key] ?? null;
        if ($value === null || (\is_string($value) && trim($value) === '')) {
            return $default;
        }

        return trim((string) $value);
    }

    /**
     * @param array<string, mixed> $section
     * @param string $path config path of the key, for the error message
     *
     * @throws InvalidConfigurationException when the value is not an integer >= $min
     */
    public static function int(array $section, string $key, int $default, int $min, string $path): int
    {
        $value = $section[$key] ?? null;
        if ($value === null || $value === '') {
            return $default;
        }
        if (filter_var($value, FILTER_VALIDATE_INT) === false || (int) $value < $min) {
            throw new InvalidConfigurationException(sprintf(
                'Invalid value for "%s": expected an integer >= %d, got %s.',
                $path,
                $min,
                \is_scalar($value) ? var_export($value, true) : get_debug_type($value),
            ));
        }

        return (int) $value;
    }
}
