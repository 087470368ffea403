<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Exception;

/**
 * `ws:consume` lost its broker (unreachable, refused a read or an ack); the
 * previous exception is the extension's own. Unacked entries are delivered
 * again to the next consumer.
 */
final class ConsumeFailedException extends \RuntimeException implements WsExceptionInterface
{
}
