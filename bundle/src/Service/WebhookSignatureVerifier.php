<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Service;

/**
 * Checks `X-Webhook-Signature: sha256=<hex HMAC-SHA256 of the body>` against
 * the shared secret (`SYMFONY_WEBHOOK_SECRET`). Without a secret every body
 * is accepted, as the gateway then signs nothing.
 */
final class WebhookSignatureVerifier
{
    public const HEADER = 'X-Webhook-Signature';
    private const PREFIX = 'sha256=';

    private string $secret;

    public function __construct(#[\SensitiveParameter] ?string $secret)
    {
        $this->secret = (string) $secret;
    }

    public function isEnabled(): bool
    {
        return $this->secret !== '';
    }

    /**
     * @return string|null null when the body may be trusted, else why not
     */
    public function rejectionReason(string $body, ?string $signatureHeader): ?string
    {
        if (!$this->isEnabled()) {
            return null;
        }
        $signature = trim((string) $signatureHeader);
        if ($signature === '') {
            return 'missing signature';
        }
        if (!str_starts_with(strtolower($signature), self::PREFIX)) {
            return 'invalid signature';
        }
        $expected = hash_hmac('sha256', $body, $this->secret);
        $given = strtolower(substr($signature, \strlen(self::PREFIX)));

        return hash_equals($expected, $given) ? null : 'invalid signature';
    }

    /** The header value the gateway sends for $body (used by tests and tools). */
    public function sign(string $body): string
    {
        return self::PREFIX . hash_hmac('sha256', $body, $this->secret);
    }
}
