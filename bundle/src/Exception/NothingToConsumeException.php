<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Exception;

/**
 * `ws:consume` was started while events are not delivered through a broker.
 */
final class NothingToConsumeException extends \LogicException implements WsExceptionInterface
{
}
