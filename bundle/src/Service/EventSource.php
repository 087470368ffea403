<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Service;

use Snoke\WsBundle\Exception\ConsumeFailedException;

/**
 * Where `ws:consume` reads gateway events from: a broker consumer with
 * at-least-once delivery (Redis consumer group or RabbitMQ queue).
 *
 * An entry fetched and neither acked nor failed is delivered again (to this
 * or another consumer); fail() leaves it for redelivery until its last
 * allowed delivery, then dead-letters it with the error.
 *
 * @internal
 */
interface EventSource
{
    /**
     * At most $count entries, or [] after $blockMs; returns early on a pending signal.
     *
     * @return list<array{stream: string, id: string, event: array<string, mixed>, deliveries: int}>
     *
     * @throws ConsumeFailedException
     */
    public function fetch(int $count, int $blockMs): array;

    /** @throws ConsumeFailedException */
    public function ack(string $stream, string $id): void;

    /**
     * Acks several entries of one stream at once (one round trip where the broker allows).
     *
     * @param list<string> $ids
     *
     * @throws ConsumeFailedException
     */
    public function ackMany(string $stream, array $ids): void;

    /**
     * Tells the broker entries fetched but not handled yet are still being
     * worked on, so they are not delivered to another consumer meanwhile.
     *
     * @param list<string> $ids
     *
     * @throws ConsumeFailedException
     */
    public function keep(string $stream, array $ids): void;

    /**
     * Milliseconds after which a fetched entry that is neither acked nor kept
     * may be delivered to another consumer; null when it stays with this
     * consumer for as long as its connection lives.
     */
    public function redeliveryDelayMs(): ?int;

    /**
     * Gives entries fetched but not handled back for delivery now rather than
     * after the broker's redelivery delay (best effort: a failure only delays them).
     *
     * @param list<string> $ids
     *
     * @throws ConsumeFailedException
     */
    public function release(string $stream, array $ids): void;

    /**
     * @return bool true when the entry was dead-lettered, false when it will be delivered again
     *
     * @throws ConsumeFailedException
     */
    public function fail(string $stream, string $id, string $error): bool;
}
