<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Exception;

/**
 * A payload cannot be sent as JSON (a resource, invalid UTF-8, INF/NAN, ...).
 */
final class InvalidPayloadException extends \InvalidArgumentException implements WsExceptionInterface
{
}
