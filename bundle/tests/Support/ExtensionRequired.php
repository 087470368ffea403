<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\Support;

use PHPUnit\Framework\Assert;

/**
 * Functional tests run against the real snoke_ws extension and fail, never
 * skip, when it is missing.
 */
final class ExtensionRequired
{
    public static function assertLoaded(): void
    {
        Assert::assertTrue(
            \extension_loaded('snoke_ws'),
            'The snoke_ws extension is not loaded: run the suite as '
            . '"php -d extension=/path/to/libsnoke_ws.so /usr/bin/phpunit -c bundle/phpunit.xml.dist" (see bundle/run-tests.sh).',
        );
    }
}
