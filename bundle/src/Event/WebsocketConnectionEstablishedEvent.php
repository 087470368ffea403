<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Event;

/**
 * A client connected to the gateway (gateway event `connected`).
 */
class WebsocketConnectionEstablishedEvent extends WebsocketEvent
{
}
