<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Service;

use Psr\Log\LoggerInterface;
use Psr\Log\LogLevel;
use Psr\Log\NullLogger;
use Snoke\WsBundle\Config\EventsType;
use Snoke\WsBundle\Config\Mode;
use Snoke\WsBundle\Event\WebsocketEventFactory;
use Snoke\WsBundle\Exception\ConsumeFailedException;
use Snoke\WsBundle\Exception\NothingToConsumeException;
use Symfony\Contracts\EventDispatcher\EventDispatcherInterface;

/**
 * Reads gateway events from the broker (`events.type: redis_stream` or
 * `rabbitmq`) and dispatches them as the same Symfony events as the webhook
 * controller; what `ws:consume` runs.
 *
 * Delivery is at least once: an entry is acked only after every listener
 * returned. Entries are fetched up to 100 at a time and acked ten at a time
 * (a round trip per ten entries instead of one per entry), so a consumer killed
 * mid-batch has at most nine handled entries delivered again. While a batch
 * takes long, every third of `claim_idle_ms` the handled entries are acked and
 * the ones not started yet are kept (their idle time reset), so no other
 * consumer re-claims them meanwhile. When a listener
 * throws, the error is logged and the entry is failed, so the extension
 * delivers it again (Redis: re-claimed after `claim_idle_ms`; RabbitMQ:
 * requeued); on delivery `max_deliveries` it is dead-lettered with the error
 * instead. A stop request (signal) lets the entry in hand finish and be acked
 * with the rest of its batch; entries fetched but not started are released,
 * so the next consumer gets them at once (Redis: idle time set to
 * `claim_idle_ms`; RabbitMQ: requeued when the worker's channel closes).
 */
final class InboxConsumer
{
    /** Entries per fetch: one round trip for many; what a stop leaves unstarted is released. */
    private const BATCH_SIZE = 100;
    /** Handled entries acked together: at most this many minus one are delivered again after a kill -9. */
    private const ACK_EVERY = 10;
    /** Longest blocking read; the extension returns earlier on a pending signal. */
    private const BLOCK_MS = 1000;

    private LoggerInterface $logger;
    private bool $stopRequested = false;

    /**
     * @param array<string, mixed> $config the `snoke_ws.events` section
     */
    public function __construct(
        private mixed $mode,
        #[\SensitiveParameter] private array $config,
        private EventDispatcherInterface $dispatcher,
        private WebsocketEventFactory $events,
        ?LoggerInterface $logger = null,
    ) {
        $this->logger = $logger ?? new NullLogger();
    }

    public function eventsType(): EventsType
    {
        return EventsType::resolve($this->config['type'] ?? null, Mode::fromConfig($this->mode));
    }

    /**
     * The streams read, inbox first (`events.redis_stream.inbox_stream` and `.stream`).
     *
     * @return list<string>
     */
    public function streams(): array
    {
        return $this->redisStreamSettings()->streams;
    }

    public function redisStreamSettings(): RedisStreamConsumerSettings
    {
        return RedisStreamConsumerSettings::fromSection((array) ($this->config['redis_stream'] ?? []));
    }

    public function rabbitMqSettings(): RabbitMqConsumerSettings
    {
        return RabbitMqConsumerSettings::fromSection((array) ($this->config['rabbitmq'] ?? []));
    }

    /**
     * Consumes until a limit is reached or stop() is called (e.g. from a
     * signal handler).
     *
     * @param (\Closure(ConsumedEntry): void)|null $onEntry told about each processed entry
     *
     * @throws NothingToConsumeException when events do not come through a broker
     * @throws ConsumeFailedException when the broker cannot be read or acked
     */
    public function run(?ConsumeLimits $limits = null, ?\Closure $onEntry = null): ConsumeReport
    {
        $limits ??= new ConsumeLimits();
        $source = $this->openSource();
        $report = new ConsumeReport(microtime(true));

        while (($reason = $this->reasonToStop($limits, $report)) === null) {
            $batch = $source->fetch($limits->batchSize($report->processed(), self::BATCH_SIZE), self::BLOCK_MS);
            $handled = [];
            $started = 0;
            $keptAt = microtime(true);
            try {
                foreach ($batch as $entry) {
                    if ($started > 0 && $this->dueForKeeping($source, $keptAt)) {
                        // Handled entries waiting for their ack would be re-claimed as well.
                        $this->ack($source, $handled);
                        $handled = [];
                        $this->keep($source, \array_slice($batch, $started));
                        $keptAt = microtime(true);
                    }
                    ++$started;
                    $consumed = $this->handle($source, $entry);
                    if ($consumed->outcome === ConsumedEntry::HANDLED) {
                        $handled[] = $entry;
                        if (\count($handled) >= self::ACK_EVERY) {
                            $this->ack($source, $handled);
                            $handled = [];
                        }
                    }
                    $report->record($consumed);
                    if ($onEntry !== null) {
                        $onEntry($consumed);
                    }
                    if ($this->reasonToStop($limits, $report) !== null) {
                        break;
                    }
                }
            } finally {
                $this->release($source, \array_slice($batch, $started));
                $this->ack($source, $handled);
            }
        }
        $report->stopReason = $reason;
        // A stop request ends this run only; one that came before it started still counts.
        $this->stopRequested = false;

        return $report;
    }

    /**
     * @param list<array{stream: string, id: string, event: array<string, mixed>, deliveries: int}> $entries
     *
     * @throws ConsumeFailedException
     */
    private function ack(EventSource $source, array $entries): void
    {
        foreach (self::idsByStream($entries) as $stream => $ids) {
            $source->ackMany($stream, $ids);
        }
    }

    /** Whether a third of the source's redelivery delay has passed since the batch was last kept. */
    private function dueForKeeping(EventSource $source, float $keptAt): bool
    {
        $delayMs = $source->redeliveryDelayMs();

        return $delayMs !== null && (microtime(true) - $keptAt) * 1000 >= $delayMs / 3;
    }

    /**
     * Entries of the batch not started yet stay with this consumer a while longer.
     *
     * @param list<array{stream: string, id: string, event: array<string, mixed>, deliveries: int}> $entries
     *
     * @throws ConsumeFailedException
     */
    private function keep(EventSource $source, array $entries): void
    {
        foreach (self::idsByStream($entries) as $stream => $ids) {
            $source->keep($stream, $ids);
        }
    }

    /**
     * Entries fetched but not started when the run stops go back to the other
     * consumers at once; if that fails they are still delivered again, later.
     *
     * @param list<array{stream: string, id: string, event: array<string, mixed>, deliveries: int}> $entries
     */
    private function release(EventSource $source, array $entries): void
    {
        foreach (self::idsByStream($entries) as $stream => $ids) {
            try {
                $source->release($stream, $ids);
            } catch (ConsumeFailedException $e) {
                $this->logger->warning('{count} fetched events of {stream} were not released and are delivered again after the claim delay: {error}', [
                    'count' => \count($ids),
                    'stream' => $stream,
                    'error' => $e->getMessage(),
                ]);
            }
        }
    }

    /**
     * @param list<array{stream: string, id: string, event: array<string, mixed>, deliveries: int}> $entries
     *
     * @return array<string, list<string>>
     */
    private static function idsByStream(array $entries): array
    {
        $ids = [];
        foreach ($entries as $entry) {
            $ids[$entry['stream']][] = $entry['id'];
        }

        return $ids;
    }

    /** Asks run() to return after the entry in hand; safe to call from a signal handler. */
    public function stop(): void
    {
        $this->stopRequested = true;
    }

    private function reasonToStop(ConsumeLimits $limits, ConsumeReport $report): ?string
    {
        if ($this->stopRequested) {
            return 'stop requested';
        }

        return $limits->reasonToStop(
            $report->processed(),
            microtime(true) - $report->startedAt,
            memory_get_usage(true),
        );
    }

    /**
     * @param array{stream: string, id: string, event: array<string, mixed>, deliveries: int} $entry
     */
    private function handle(EventSource $source, array $entry): ConsumedEntry
    {
        $stream = (string) $entry['stream'];
        $id = (string) $entry['id'];
        $data = \is_array($entry['event'] ?? null) ? $entry['event'] : [];
        $type = \is_string($data['type'] ?? null) ? $data['type'] : '';
        $deliveries = (int) ($entry['deliveries'] ?? 1);

        try {
            $event = $this->events->fromArray($data);
            $this->dispatcher->dispatch($event);
        } catch (\Throwable $e) {
            $error = sprintf('%s: %s', get_debug_type($e), $e->getMessage());
            $deadLettered = $source->fail($stream, $id, $error);
            $context = [
                'stream' => $stream,
                'id' => $id,
                'type' => $type,
                'deliveries' => $deliveries,
                'exception' => $e,
            ];
            $this->logger->log(
                $deadLettered ? LogLevel::ERROR : LogLevel::WARNING,
                $deadLettered
                    ? 'ws:consume: event {stream} {id} failed on delivery {deliveries}; dead-lettered.'
                    : 'ws:consume: event {stream} {id} failed on delivery {deliveries}; left for redelivery.',
                $context,
            );

            return new ConsumedEntry(
                $stream,
                $id,
                $type,
                $deliveries,
                $deadLettered ? ConsumedEntry::DEAD_LETTERED : ConsumedEntry::RETRY,
                $error,
            );
        }

        return new ConsumedEntry($stream, $id, $type, $deliveries, ConsumedEntry::HANDLED);
    }

    private function openSource(): EventSource
    {
        $type = $this->eventsType();

        return match ($type) {
            EventsType::RedisStream => ExtensionEventSource::redisStream($this->redisStreamSettings()),
            EventsType::RabbitMq => ExtensionEventSource::rabbitMq($this->rabbitMqSettings()),
            default => throw new NothingToConsumeException(sprintf(
                'Nothing to consume: %s resolves to "%s"; %s',
                EventsType::PATH,
                $type->value,
                $type === EventsType::Webhook
                    ? 'events reach Symfony through the webhook controller (POST to events.webhook.path), '
                        . 'not ws:consume.'
                    : 'gateway events are not delivered to Symfony at all.',
            )),
        };
    }
}
