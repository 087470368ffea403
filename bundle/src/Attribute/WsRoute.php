<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Attribute;

/**
 * Marks a method as the handler of a websocket route (kept from the bundle
 * this one replaces; the bundle itself does not read it yet).
 */
#[\Attribute(\Attribute::TARGET_METHOD)]
final class WsRoute
{
    /**
     * @param array<string, mixed> $options
     */
    public function __construct(
        public string $path,
        public array $options = [],
    ) {
    }
}
