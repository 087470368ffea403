<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Service;

use Psr\Log\LoggerInterface;
use Psr\Log\LogLevel;
use Psr\Log\NullLogger;
use Snoke\WsBundle\Config\EventsType;
use Snoke\WsBundle\Config\Mode;
use Snoke\WsBundle\Config\SectionValue;
use Snoke\WsBundle\Event\WebsocketEventFactory;
use Snoke\WsBundle\Exception\ConsumeFailedException;
use Snoke\WsBundle\Exception\NothingToConsumeException;
use Snoke\WsBundle\Exception\NotAvailableYetException;
use SnokeWs\RedisStreamConsumer;
use Symfony\Contracts\EventDispatcher\EventDispatcherInterface;

/**
 * Reads gateway events from the broker (`events.type: redis_stream`) and
 * dispatches them as the same Symfony events as the webhook controller; what
 * `ws:consume` runs.
 *
 * Delivery is at least once: an entry is acked only after every listener
 * returned. When a listener throws, the error is logged and the entry is left
 * pending, so the extension delivers it again (re-claimed after
 * `claim_idle_ms`); on delivery `max_deliveries` it moves to the dead-letter
 * stream with the error instead. A stop request (signal) lets the entry in
 * hand finish and be acked; entries fetched but not started stay pending and
 * are re-claimed by the next consumer.
 */
final class InboxConsumer
{
    public const DEFAULT_DSN = 'redis://redis:6379';
    public const DEFAULT_INBOX_STREAM = 'ws.inbox';
    public const DEFAULT_EVENTS_STREAM = 'ws.events';
    public const DEFAULT_GROUP = 'symfony';
    public const DEFAULT_CONSUMER = 'symfony';
    public const DEFAULT_DEAD_LETTER_STREAM = 'ws.dlq';
    public const DEFAULT_MAX_DELIVERIES = 5;
    public const DEFAULT_CLAIM_IDLE_MS = 30000;

    /** Entries per fetch: small, so a stop leaves few fetched-but-unstarted entries pending. */
    private const BATCH_SIZE = 10;
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
        $redis = $this->redisSection();

        return array_values(array_unique([
            SectionValue::string($redis, 'inbox_stream', self::DEFAULT_INBOX_STREAM),
            SectionValue::string($redis, 'stream', self::DEFAULT_EVENTS_STREAM),
        ]));
    }

    /**
     * Consumes until a limit is reached or stop() is called (e.g. from a
     * signal handler).
     *
     * @param (\Closure(ConsumedEntry): void)|null $onEntry told about each processed entry
     *
     * @throws NothingToConsumeException when events do not come through a broker
     * @throws NotAvailableYetException for rabbitmq
     * @throws ConsumeFailedException when the broker cannot be read or acked
     */
    public function run(?ConsumeLimits $limits = null, ?\Closure $onEntry = null): ConsumeReport
    {
        $limits ??= new ConsumeLimits();
        $source = $this->openRedisConsumer();
        $report = new ConsumeReport(microtime(true));

        while (($reason = $this->reasonToStop($limits, $report)) === null) {
            $batch = $this->broker('Reading', fn (): array => $source->fetch(
                $limits->batchSize($report->processed(), self::BATCH_SIZE),
                self::BLOCK_MS,
            ));
            foreach ($batch as $entry) {
                $consumed = $this->handle($source, $entry);
                $report->record($consumed);
                if ($onEntry !== null) {
                    $onEntry($consumed);
                }
                if ($this->reasonToStop($limits, $report) !== null) {
                    break;
                }
            }
        }
        $report->stopReason = $reason;
        // A stop request ends this run only; one that came before it started still counts.
        $this->stopRequested = false;

        return $report;
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
    private function handle(RedisStreamConsumer $source, array $entry): ConsumedEntry
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
            $deadLettered = $this->broker('Failing', static fn (): bool => $source->fail($stream, $id, $error));
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

        $this->broker('Acknowledging', static fn () => $source->ack($stream, $id));

        return new ConsumedEntry($stream, $id, $type, $deliveries, ConsumedEntry::HANDLED);
    }

    private function openRedisConsumer(): RedisStreamConsumer
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
        if ($type === EventsType::RabbitMq) {
            throw new NotAvailableYetException(sprintf(
                'Not available yet: consuming %s "%s" needs the RabbitMQ consumer of the snoke_ws extension.',
                EventsType::PATH,
                $type->value,
            ));
        }

        $redis = $this->redisSection();
        $path = 'snoke_ws.events.redis_stream.';
        ExtensionClass::ensureLoaded(RedisStreamConsumer::class);

        return $this->broker('Connecting to', fn (): RedisStreamConsumer => new RedisStreamConsumer(
            SectionValue::string($redis, 'dsn', self::DEFAULT_DSN),
            $this->streams(),
            SectionValue::string($redis, 'group', self::DEFAULT_GROUP),
            // Unique per process and stable for its life, so entries of a dead consumer can be re-claimed.
            sprintf(
                '%s-%s-%d',
                SectionValue::string($redis, 'consumer', self::DEFAULT_CONSUMER),
                gethostname() ?: 'host',
                getmypid(),
            ),
            SectionValue::int($redis, 'max_deliveries', self::DEFAULT_MAX_DELIVERIES, 1, $path . 'max_deliveries'),
            SectionValue::int($redis, 'claim_idle_ms', self::DEFAULT_CLAIM_IDLE_MS, 1, $path . 'claim_idle_ms'),
            SectionValue::string($redis, 'dead_letter_stream', self::DEFAULT_DEAD_LETTER_STREAM),
        ));
    }

    /** @return array<string, mixed> */
    private function redisSection(): array
    {
        return (array) ($this->config['redis_stream'] ?? []);
    }

    /**
     * @template T
     *
     * @param \Closure(): T $call
     *
     * @return T
     */
    private function broker(string $action, \Closure $call): mixed
    {
        try {
            return $call();
        } catch (\SnokeWs\SnokeWsException | \SnokeWs\InvalidArgumentException $e) {
            throw new ConsumeFailedException(
                sprintf('%s the Redis event streams failed: %s', $action, $e->getMessage()),
                (int) $e->getCode(),
                $e,
            );
        }
    }
}
