<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\Unit;

use PHPUnit\Framework\TestCase;
use Snoke\WsBundle\Service\WebhookSignatureVerifier;

final class WebhookSignatureVerifierTest extends TestCase
{
    private const BODY = '{"type":"connected","connection_id":"c1","user_id":"1","subjects":["user:1"],"connected_at":1}';

    public function testWithoutSecretEveryBodyIsAccepted(): void
    {
        $verifier = new WebhookSignatureVerifier(null);

        self::assertFalse($verifier->isEnabled());
        self::assertNull($verifier->rejectionReason(self::BODY, null));
        self::assertNull((new WebhookSignatureVerifier(''))->rejectionReason(self::BODY, 'sha256=garbage'));
    }

    public function testAcceptsTheHmacOfTheExactBody(): void
    {
        $header = 'sha256=' . hash_hmac('sha256', self::BODY, 's3cret');

        self::assertNull((new WebhookSignatureVerifier('s3cret'))->rejectionReason(self::BODY, $header));
    }

    public function testAcceptsUppercaseHex(): void
    {
        $header = 'sha256=' . strtoupper(hash_hmac('sha256', self::BODY, 's3cret'));

        self::assertNull((new WebhookSignatureVerifier('s3cret'))->rejectionReason(self::BODY, $header));
    }

    public function testMissingSignatureIsRejected(): void
    {
        self::assertSame('missing signature', (new WebhookSignatureVerifier('s3cret'))->rejectionReason(self::BODY, null));
        self::assertSame('missing signature', (new WebhookSignatureVerifier('s3cret'))->rejectionReason(self::BODY, ''));
    }

    public function testSignatureWithOtherSecretIsRejected(): void
    {
        $header = 'sha256=' . hash_hmac('sha256', self::BODY, 'other');

        self::assertSame('invalid signature', (new WebhookSignatureVerifier('s3cret'))->rejectionReason(self::BODY, $header));
    }

    public function testSignatureOfAnotherBodyIsRejected(): void
    {
        $header = 'sha256=' . hash_hmac('sha256', self::BODY . ' ', 's3cret');

        self::assertSame('invalid signature', (new WebhookSignatureVerifier('s3cret'))->rejectionReason(self::BODY, $header));
    }

    public function testSignatureWithoutSchemeIsRejected(): void
    {
        $header = hash_hmac('sha256', self::BODY, 's3cret');

        self::assertSame('invalid signature', (new WebhookSignatureVerifier('s3cret'))->rejectionReason(self::BODY, $header));
    }

    public function testSignProducesWhatTheGatewaySends(): void
    {
        self::assertSame('sha256=' . hash_hmac('sha256', self::BODY, 'k'), (new WebhookSignatureVerifier('k'))->sign(self::BODY));
    }
}
