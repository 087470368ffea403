<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Exception;

/**
 * The snoke_ws PHP extension, which does the actual network work, is not loaded
 * in this PHP process.
 */
final class ExtensionNotLoadedException extends \LogicException implements WsExceptionInterface
{
    public static function forClass(string $class): self
    {
        return new self(sprintf(
            'The snoke_ws PHP extension is not loaded (class %s is missing): '
            . 'enable it with "extension=snoke_ws" in php.ini or "php -d extension=/path/to/libsnoke_ws.so".',
            $class,
        ));
    }
}
