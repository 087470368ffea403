<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Service;

use SnokeWs\Jwt;

/**
 * Issues short-lived demo JWTs for the gateway, signed by the extension.
 *
 * Keys: `DEMO_JWT_ALG` (default RS256); HS* algorithms sign with
 * `DEMO_JWT_SECRET`, all others with the PEM private key in
 * `DEMO_JWT_PRIVATE_KEY_FILE`. Claims: `user_id`, `iat`, `exp` (one hour).
 */
final class DemoTokenService
{
    public const TTL_SECONDS = 3600;
    public const DEFAULT_ALGORITHM = 'RS256';

    /**
     * Null arguments are read from the process environment when a token is issued.
     */
    public function __construct(
        private ?string $privateKeyFile = null,
        #[\SensitiveParameter] private ?string $secret = null,
        private ?string $algorithm = null,
    ) {
    }

    /**
     * @return array{0: string, 1: string} [jwt, ''] on success, ['', error] otherwise
     */
    public function issue(string $userId): array
    {
        $algorithm = $this->algorithm ?? self::env('DEMO_JWT_ALG');
        $algorithm = $algorithm === '' ? self::DEFAULT_ALGORITHM : strtoupper(trim($algorithm));

        [$key, $error] = str_starts_with($algorithm, 'HS') ? $this->secret() : $this->privateKey();
        if ($error !== '') {
            return ['', $error];
        }
        if (!class_exists(Jwt::class, false)) {
            return ['', 'the snoke_ws PHP extension is not loaded'];
        }

        $now = time();
        $claims = ['user_id' => $userId, 'iat' => $now, 'exp' => $now + self::TTL_SECONDS];
        try {
            return [Jwt::sign($claims, $key, $algorithm), ''];
        } catch (\SnokeWs\SnokeWsException | \SnokeWs\InvalidArgumentException $e) {
            return ['', 'failed to sign token: ' . $e->getMessage()];
        }
    }

    /** @return array{0: string, 1: string} */
    private function secret(): array
    {
        $secret = $this->secret ?? self::env('DEMO_JWT_SECRET');

        return $secret === '' ? ['', 'missing DEMO_JWT_SECRET'] : [$secret, ''];
    }

    /** @return array{0: string, 1: string} */
    private function privateKey(): array
    {
        $file = $this->privateKeyFile ?? self::env('DEMO_JWT_PRIVATE_KEY_FILE');
        if ($file === '' || !is_file($file)) {
            return ['', 'missing DEMO_JWT_PRIVATE_KEY_FILE'];
        }
        $key = @file_get_contents($file);

        return $key === false || $key === '' ? ['', 'failed to read private key'] : [$key, ''];
    }

    private static function env(string $name): string
    {
        $value = $_ENV[$name] ?? $_SERVER[$name] ?? getenv($name);

        return \is_string($value) ? $value : '';
    }
}
