<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\Unit;

use PHPUnit\Framework\TestCase;
use Snoke\WsBundle\Service\ConsumedEntry;
use Snoke\WsBundle\Service\ConsumeReport;

final class ConsumeReportTest extends TestCase
{
    public function testCountsEveryOutcomeAndSummarisesInOneLine(): void
    {
        $report = new ConsumeReport(100.0);
        $report->record(new ConsumedEntry('ws.inbox', '1-0', 'message_received', 1, ConsumedEntry::HANDLED));
        $report->record(new ConsumedEntry('ws.inbox', '2-0', 'message_received', 1, ConsumedEntry::RETRY, 'boom'));
        $report->record(new ConsumedEntry('ws.events', '3-0', 'connected', 5, ConsumedEntry::DEAD_LETTERED, 'boom'));
        $report->stopReason = 'stop requested';

        self::assertSame(3, $report->processed());
        self::assertSame(
            'ws:consume stopped (stop requested) after 2.5s: 1 handled, 1 failed and left for retry, 1 dead-lettered.',
            $report->summary(102.5),
        );
    }

    public function testAnEntryDescribesItselfForVerboseOutput(): void
    {
        $entry = new ConsumedEntry('ws.inbox', '7-0', 'message_received', 2, ConsumedEntry::RETRY, 'RuntimeException: boom');

        self::assertSame(
            'ws.inbox 7-0 message_received (delivery 2): failed, will be retried — RuntimeException: boom',
            $entry->describe(),
        );
    }
}
