<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Exception;

/**
 * A value passed as a subject cannot be turned into a subject key.
 */
final class InvalidSubjectException extends \InvalidArgumentException implements WsExceptionInterface
{
}
