<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\Unit;

use PHPUnit\Framework\TestCase;
use Snoke\WsBundle\Contract\PublisherInterface;
use Snoke\WsBundle\Service\SimpleSubjectKeyResolver;
use Snoke\WsBundle\Service\WebsocketPublisher;

final class WebsocketPublisherTest extends TestCase
{
    public function testSendResolvesEverySubjectBeforePublishing(): void
    {
        $transport = new class () implements PublisherInterface {
            /** @var list<array{0: list<string>, 1: mixed}> */
            public array $published = [];

            public function publish(array $subjectKeys, mixed $payload): void
            {
                $this->published[] = [$subjectKeys, $payload];
            }
        };
        $publisher = new WebsocketPublisher($transport, new SimpleSubjectKeyResolver(['user_prefix' => 'user:']));

        $publisher->send([42, '7', 'user:7'], ['type' => 'chat']);

        self::assertSame([[['user:42', 'user:7'], ['type' => 'chat']]], $transport->published);
    }
}
