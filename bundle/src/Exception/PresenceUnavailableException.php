<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Exception;

/**
 * Presence could not be read or written; the previous exception is the
 * extension's own.
 */
final class PresenceUnavailableException extends \RuntimeException implements WsExceptionInterface
{
}
