<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Exception;

/**
 * A configured core-mode type (Redis, RabbitMQ) is accepted by the
 * configuration but cannot be used yet: it needs the broker support of the
 * snoke_ws extension.
 */
final class NotAvailableYetException extends \LogicException implements WsExceptionInterface
{
    public static function forType(string $path, string $type): self
    {
        return new self(sprintf(
            'Not available yet: %s "%s" needs the core-mode support of the snoke_ws extension; '
            . 'use the terminator-mode type (http / webhook) until then.',
            $path,
            $type,
        ));
    }
}
