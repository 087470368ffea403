<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\Unit;

use PHPUnit\Framework\TestCase;
use Snoke\WsBundle\Contract\ConnectionSubjectInterface;
use Snoke\WsBundle\Exception\InvalidSubjectException;
use Snoke\WsBundle\Service\SimpleSubjectKeyResolver;

final class SimpleSubjectKeyResolverTest extends TestCase
{
    public function testBareStringIdBecomesUserSubject(): void
    {
        self::assertSame('user:42', (new SimpleSubjectKeyResolver(['user_prefix' => 'user:']))->resolve('42'));
    }

    public function testBareIntegerIdBecomesUserSubject(): void
    {
        self::assertSame('user:42', (new SimpleSubjectKeyResolver(['user_prefix' => 'user:']))->resolve(42));
    }

    public function testKeyWithTheUserPrefixIsKept(): void
    {
        self::assertSame('user:42', (new SimpleSubjectKeyResolver(['user_prefix' => 'user:']))->resolve('user:42'));
    }

    public function testConnectionSubjectGivesItsOwnKey(): void
    {
        $room = new class () implements ConnectionSubjectInterface {
            public function subjectKey(): string
            {
                return 'room:7';
            }
        };

        self::assertSame('room:7', (new SimpleSubjectKeyResolver(['user_prefix' => 'user:']))->resolve($room));
    }

    public function testConfiguredPrefixIsUsed(): void
    {
        self::assertSame('member/42', (new SimpleSubjectKeyResolver(['user_prefix' => 'member/']))->resolve(42));
    }

    public function testDefaultPrefixIsUser(): void
    {
        self::assertSame('user:9', (new SimpleSubjectKeyResolver())->resolve('9'));
    }

    /**
     * @return iterable<string, array{0: mixed}>
     */
    public static function unusableSubjects(): iterable
    {
        yield 'null' => [null];
        yield 'empty string' => [''];
        yield 'array' => [['42']];
        yield 'float' => [4.2];
        yield 'plain object' => [new \stdClass()];
    }

    /**
     * @dataProvider unusableSubjects
     */
    public function testRejectsValuesThatAreNoSubject(mixed $subject): void
    {
        $this->expectException(InvalidSubjectException::class);
        $this->expectExceptionMessage('as a subject');

        (new SimpleSubjectKeyResolver())->resolve($subject);
    }
}
