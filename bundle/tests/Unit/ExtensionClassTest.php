<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\Unit;

use PHPUnit\Framework\TestCase;
use Snoke\WsBundle\Exception\ExtensionNotLoadedException;
use Snoke\WsBundle\Exception\WsExceptionInterface;
use Snoke\WsBundle\Service\ExtensionClass;

final class ExtensionClassTest extends TestCase
{
    public function testMissingExtensionClassIsAClearBundleException(): void
    {
        try {
            ExtensionClass::ensureLoaded('SnokeWs\\DoesNotExist');
            self::fail('expected a missing class to be reported');
        } catch (ExtensionNotLoadedException $e) {
            self::assertInstanceOf(WsExceptionInterface::class, $e);
            self::assertStringContainsString('The snoke_ws PHP extension is not loaded (class SnokeWs\\DoesNotExist is missing)', $e->getMessage());
            self::assertStringContainsString('extension=', $e->getMessage());
        }
    }
}
