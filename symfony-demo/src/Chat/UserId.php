<?php

declare(strict_types=1);

namespace App\Chat;

/**
 * The demo's rule for user ids taken from a URL: short, printable, and safe to
 * put into a subject (`user:<id>`), a JWT claim and the page.
 */
final class UserId
{
    public const RULE = '1 to 64 characters: letters, digits, ".", "_", "-" or "@"';

    private const PATTERN = '/^[A-Za-z0-9._@-]{1,64}$/D';

    /**
     * @return string|null the id, or null when it breaks {@see self::RULE}
     */
    public static function parse(mixed $value): ?string
    {
        if (\is_int($value)) {
            $value = (string) $value;
        }

        return \is_string($value) && preg_match(self::PATTERN, $value) === 1 ? $value : null;
    }

    public static function random(): string
    {
        return (string) random_int(1000, 9999);
    }
}
