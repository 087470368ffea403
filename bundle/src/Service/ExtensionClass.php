<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Service;

use Snoke\WsBundle\Exception\ExtensionNotLoadedException;

/**
 * Guards the first use of an extension class, so a missing extension is a
 * clear bundle exception instead of a "class not found" Error.
 */
final class ExtensionClass
{
    /**
     * @throws ExtensionNotLoadedException
     */
    public static function ensureLoaded(string $class): void
    {
        if (!class_exists($class, false)) {
            throw ExtensionNotLoadedException::forClass($class);
        }
    }
}
