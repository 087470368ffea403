<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\Unit;

use PHPUnit\Framework\TestCase;
use Snoke\WsBundle\Exception\ExtensionNotLoadedException;
use Snoke\WsBundle\Exception\WsExceptionInterface;
use Snoke\WsBundle\Service\ExtensionClass;

final class ExtensionClassTest extends TestCase
{
    public function testClassMissingFromTheLoadedExtensionIsAClearBundleException(): void
    {
        try {
            ExtensionClass::ensureLoaded('SnokeWs\\DoesNotExist');
            self::fail('expected a missing class to be reported');
        } catch (ExtensionNotLoadedException $e) {
            self::assertInstanceOf(WsExceptionInterface::class, $e);
            // The suite runs with the extension loaded, so the message blames its version.
            self::assertStringContainsString('The loaded snoke_ws PHP extension has no class SnokeWs\\DoesNotExist', $e->getMessage());
            self::assertStringContainsString('cargo build -p snoke_ws', $e->getMessage());
        }
    }
}
