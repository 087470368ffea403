<?php

declare(strict_types=1);

namespace Snoke\WsBundle;

use Symfony\Component\HttpKernel\Bundle\Bundle;

/**
 * Symfony integration of snoke-ws: configuration, publisher, presence, the
 * webhook controller and `ws:consume`, all on top of the snoke_ws extension.
 */
final class SnokeWsBundle extends Bundle
{
    /** The package root, so `@SnokeWsBundle/config/...` points at bundle/config. */
    public function getPath(): string
    {
        return \dirname(__DIR__);
    }
}
