<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\Unit;

use PHPUnit\Framework\TestCase;
use Snoke\WsBundle\Exception\InvalidConfigurationException;
use Snoke\WsBundle\Service\ConsumeLimits;

final class ConsumeLimitsTest extends TestCase
{
    public function testWithoutOptionsNothingStopsTheConsumer(): void
    {
        $limits = ConsumeLimits::fromOptions(null, null, null);

        self::assertNull($limits->reasonToStop(1_000_000, 86_400.0, PHP_INT_MAX));
        self::assertSame(10, $limits->batchSize(5, 10));
    }

    public function testStopsOnceTheEventLimitIsReached(): void
    {
        $limits = ConsumeLimits::fromOptions('3', null, null);

        self::assertNull($limits->reasonToStop(2, 0.0, 0));
        self::assertSame(ConsumeLimits::STOP_LIMIT, $limits->reasonToStop(3, 0.0, 0));
    }

    public function testStopsOnceTheTimeLimitHasPassed(): void
    {
        $limits = ConsumeLimits::fromOptions(null, '60', null);

        self::assertNull($limits->reasonToStop(0, 59.9, 0));
        self::assertSame(ConsumeLimits::STOP_TIME, $limits->reasonToStop(0, 60.0, 0));
    }

    /**
     * @return iterable<string, array{0: string, 1: int}>
     */
    public static function memorySizes(): iterable
    {
        yield 'megabytes' => ['128M', 128 * 1024 * 1024];
        yield 'gigabytes, lower case with b' => ['1gb', 1024 ** 3];
        yield 'kilobytes' => ['512K', 512 * 1024];
        yield 'bytes' => ['1000000', 1_000_000];
    }

    /**
     * @dataProvider memorySizes
     */
    public function testMemoryLimitAcceptsMessengerStyleSizes(string $option, int $bytes): void
    {
        $limits = ConsumeLimits::fromOptions(null, null, $option);

        self::assertSame($bytes, $limits->memoryBytes);
        self::assertNull($limits->reasonToStop(0, 0.0, $bytes));
        self::assertSame(ConsumeLimits::STOP_MEMORY, $limits->reasonToStop(0, 0.0, $bytes + 1));
    }

    public function testALimitedRunFetchesNoMoreThanItStillHandles(): void
    {
        $limits = ConsumeLimits::fromOptions('25', null, null);

        self::assertSame(10, $limits->batchSize(0, 10));
        self::assertSame(5, $limits->batchSize(20, 10));
        self::assertSame(1, $limits->batchSize(25, 10));
    }

    /**
     * @return iterable<string, array{0: string|null, 1: string|null, 2: string|null, 3: string}>
     */
    public static function badOptions(): iterable
    {
        yield 'limit not a number' => ['ten', null, null, 'Invalid --limit "ten"'];
        yield 'limit zero' => ['0', null, null, 'Invalid --limit "0"'];
        yield 'negative time limit' => [null, '-5', null, 'Invalid --time-limit "-5"'];
        yield 'memory unit unknown' => [null, null, '12T', 'Invalid --memory-limit "12T"'];
    }

    /**
     * @dataProvider badOptions
     */
    public function testRejectsABadOptionNamingIt(?string $limit, ?string $time, ?string $memory, string $message): void
    {
        $this->expectException(InvalidConfigurationException::class);
        $this->expectExceptionMessage($message);

        ConsumeLimits::fromOptions($limit, $time, $memory);
    }
}
