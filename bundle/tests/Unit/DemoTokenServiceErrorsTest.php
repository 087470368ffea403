<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\Unit;

use PHPUnit\Framework\TestCase;
use Snoke\WsBundle\Service\DemoTokenService;
use Snoke\WsBundle\Tests\Support\EnvScope;

/**
 * The error answers of DemoTokenService, which are decided before the
 * extension is called.
 */
final class DemoTokenServiceErrorsTest extends TestCase
{
    private EnvScope $env;

    protected function setUp(): void
    {
        $this->env = (new EnvScope())->set(['DEMO_JWT_ALG' => null, 'DEMO_JWT_SECRET' => null, 'DEMO_JWT_PRIVATE_KEY_FILE' => null]);
    }

    protected function tearDown(): void
    {
        $this->env->restore();
    }

    public function testRs256WithoutKeyFileSaysWhichVariableIsMissing(): void
    {
        self::assertSame(['', 'missing DEMO_JWT_PRIVATE_KEY_FILE'], (new DemoTokenService())->issue('42'));
    }

    public function testKeyFileThatDoesNotExistCountsAsMissing(): void
    {
        $this->env->set(['DEMO_JWT_PRIVATE_KEY_FILE' => '/nonexistent/key.pem']);

        self::assertSame(['', 'missing DEMO_JWT_PRIVATE_KEY_FILE'], (new DemoTokenService())->issue('42'));
    }

    public function testHs256WithoutSecretSaysWhichVariableIsMissing(): void
    {
        $this->env->set(['DEMO_JWT_ALG' => 'HS256']);

        self::assertSame(['', 'missing DEMO_JWT_SECRET'], (new DemoTokenService())->issue('42'));
    }

    public function testInjectedValuesWinOverTheEnvironment(): void
    {
        $this->env->set(['DEMO_JWT_ALG' => 'HS256', 'DEMO_JWT_SECRET' => 'from-env']);

        self::assertSame(['', 'missing DEMO_JWT_PRIVATE_KEY_FILE'], (new DemoTokenService(null, null, 'RS256'))->issue('42'));
    }
}
