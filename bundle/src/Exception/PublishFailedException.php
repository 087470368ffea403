<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Exception;

/**
 * A push to the gateway did not go through (unreachable, timed out, rejected);
 * the previous exception is the extension's own.
 */
final class PublishFailedException extends \RuntimeException implements WsExceptionInterface
{
}
