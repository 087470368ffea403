<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Exception;

/**
 * The snoke_ws PHP extension, which does the actual network work, is not loaded
 * in this PHP process, or the loaded one lacks a class the bundle needs.
 */
final class ExtensionNotLoadedException extends \LogicException implements WsExceptionInterface
{
    public static function forClass(string $class): self
    {
        if (\extension_loaded('snoke_ws')) {
            return new self(sprintf(
                'The loaded snoke_ws PHP extension has no class %s: it is older than this bundle; '
                . 'rebuild it (cargo build -p snoke_ws) or install the matching release.',
                $class,
            ));
        }

        return new self(sprintf(
            'The snoke_ws PHP extension is not loaded (class %s is missing): '
            . 'enable it with "extension=snoke_ws" in php.ini or "php -d extension=/path/to/libsnoke_ws.so".',
            $class,
        ));
    }
}
