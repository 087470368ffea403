<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\Support;

/**
 * Sets env vars the way a real process sees them ($_ENV, $_SERVER, getenv)
 * and restores the previous values afterwards.
 */
final class EnvScope
{
    /** @var array<string, array{0: mixed, 1: mixed, 2: string|false}> */
    private array $saved = [];

    /**
     * @param array<string, string|null> $vars null unsets the variable
     */
    public function set(array $vars): self
    {
        foreach ($vars as $name => $value) {
            if (!\array_key_exists($name, $this->saved)) {
                $this->saved[$name] = [$_ENV[$name] ?? null, $_SERVER[$name] ?? null, getenv($name)];
            }
            self::apply($name, $value, $value, $value === null ? false : $value);
        }

        return $this;
    }

    public function restore(): void
    {
        foreach ($this->saved as $name => [$env, $server, $getenv]) {
            self::apply($name, $env, $server, $getenv);
        }
        $this->saved = [];
    }

    private static function apply(string $name, mixed $env, mixed $server, string|false $getenv): void
    {
        if ($env === null) {
            unset($_ENV[$name]);
        } else {
            $_ENV[$name] = $env;
        }
        if ($server === null) {
            unset($_SERVER[$name]);
        } else {
            $_SERVER[$name] = $server;
        }
        putenv($getenv === false ? $name : $name . '=' . $getenv);
    }
}
