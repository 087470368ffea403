<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Exception;

/**
 * A gateway event (webhook body or broker entry) is not valid JSON, not an
 * object, or has an unknown `type`.
 */
final class InvalidEventException extends \InvalidArgumentException implements WsExceptionInterface
{
}
