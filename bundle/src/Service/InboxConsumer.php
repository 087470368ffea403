<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Service;

use Snoke\WsBundle\Config\EventsType;
use Snoke\WsBundle\Config\Mode;
use Snoke\WsBundle\Exception\NothingToConsumeException;
use Snoke\WsBundle\Exception\NotAvailableYetException;

/**
 * Reads gateway events from the broker (`events.type` redis_stream or
 * rabbitmq) and dispatches them as Symfony events; what `ws:consume` runs.
 *
 * Broker consumption arrives with the extension's consumer; until then run()
 * says so, or says why there is nothing to consume in this configuration.
 */
final class InboxConsumer
{
    public function __construct(private mixed $mode, private mixed $eventsType)
    {
    }

    public function eventsType(): EventsType
    {
        return EventsType::resolve($this->eventsType, Mode::fromConfig($this->mode));
    }

    /**
     * @throws NothingToConsumeException when events do not come through a broker
     * @throws NotAvailableYetException for the broker types
     */
    public function run(): void
    {
        $type = $this->eventsType();
        if (!$type->isBroker()) {
            throw new NothingToConsumeException(sprintf(
                'Nothing to consume: %s resolves to "%s"; %s',
                EventsType::PATH,
                $type->value,
                $type === EventsType::Webhook
                    ? 'events reach Symfony through the webhook controller (POST to events.webhook.path), '
                        . 'not ws:consume.'
                    : 'gateway events are not delivered to Symfony at all.',
            ));
        }

        throw new NotAvailableYetException(sprintf(
            'Not available yet: consuming %s "%s" needs the core-mode consumer of the snoke_ws extension.',
            EventsType::PATH,
            $type->value,
        ));
    }
}
