<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Event;

/**
 * A client disconnected from the gateway (gateway event `disconnected`).
 */
class WebsocketConnectionClosedEvent extends WebsocketEvent
{
}
