<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Exception;

/**
 * Marker of every exception the bundle throws, so callers can catch the
 * bundle's failures without knowing the extension's own classes.
 */
interface WsExceptionInterface extends \Throwable
{
}
