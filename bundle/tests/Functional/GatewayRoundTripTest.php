<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\Functional;

use PHPUnit\Framework\TestCase;
use Snoke\WsBundle\Contract\PresenceProviderInterface;
use Snoke\WsBundle\Exception\PresenceUnavailableException;
use Snoke\WsBundle\Exception\PublishFailedException;
use Snoke\WsBundle\Service\DemoTokenService;
use Snoke\WsBundle\Service\WebsocketPublisher;
use Snoke\WsBundle\Tests\Support\BootedKernel;
use Snoke\WsBundle\Tests\Support\EnvScope;
use Snoke\WsBundle\Tests\Support\ExtensionRequired;
use Snoke\WsBundle\Tests\Support\GatewayProcess;
use Snoke\WsBundle\Tests\Support\WebSocketClient;

/**
 * The bundle's publisher, presence provider and demo tokens against a real
 * gateway process, through the real extension, configured by the seed.
 */
final class GatewayRoundTripTest extends TestCase
{
    private static ?GatewayProcess $gateway = null;

    private EnvScope $env;
    private ?BootedKernel $kernel = null;
    /** @var list<WebSocketClient> */
    private array $clients = [];

    public static function tearDownAfterClass(): void
    {
        self::$gateway?->stop();
        self::$gateway = null;
    }

    protected function setUp(): void
    {
        // Started here rather than in setUpBeforeClass, where a failure would
        // mark the tests skipped instead of failed.
        ExtensionRequired::assertLoaded();
        self::$gateway ??= GatewayProcess::start();
        $this->env = (new EnvScope())->set([
            'WS_MODE' => 'terminator',
            'WS_TRANSPORT_TYPE' => null,
            'WS_PRESENCE_TYPE' => null,
            'WS_GATEWAY_BASE_URL' => self::$gateway->baseUrl,
            'WS_GATEWAY_API_KEY' => GatewayProcess::API_KEY,
            'DEMO_JWT_ALG' => 'HS256',
            'DEMO_JWT_SECRET' => GatewayProcess::JWT_SECRET,
            'DEMO_JWT_PRIVATE_KEY_FILE' => null,
        ]);
    }

    protected function tearDown(): void
    {
        foreach ($this->clients as $client) {
            $client->close();
        }
        $this->kernel?->remove();
        $this->env->restore();
    }

    private function kernel(): BootedKernel
    {
        return $this->kernel ??= new BootedKernel();
    }

    private function presence(): PresenceProviderInterface
    {
        $presence = $this->kernel()->service(PresenceProviderInterface::class);
        \assert($presence instanceof PresenceProviderInterface);

        return $presence;
    }

    private function publisher(): WebsocketPublisher
    {
        $publisher = $this->kernel()->service('snoke_ws.publisher');
        \assert($publisher instanceof WebsocketPublisher);

        return $publisher;
    }

    /** Connects as $userId with a token from the bundle's DemoTokenService, once the gateway lists it. */
    private function connectAs(string $userId): WebSocketClient
    {
        $tokens = $this->kernel()->service('snoke_ws.demo_token_service');
        \assert($tokens instanceof DemoTokenService);
        [$jwt, $error] = $tokens->issue($userId);
        self::assertSame('', $error);

        $client = WebSocketClient::connect(self::$gateway->port, $jwt);
        $this->clients[] = $client;
        $deadline = microtime(true) + 5;
        while ($this->presence()->listConnectionsForUser($userId)['connections'] === []) {
            self::assertLessThan($deadline, microtime(true), "user $userId never showed up in the gateway's presence");
            usleep(20_000);
        }

        return $client;
    }

    public function testConnectedUserIsListedByEveryPresenceQuery(): void
    {
        $this->connectAs('7');
        $this->connectAs('8');

        [$connection] = $this->presence()->listConnectionsForUser('7')['connections'];
        self::assertSame('7', $connection['user_id']);
        self::assertSame(['user:7'], $connection['subjects']);
        self::assertIsString($connection['connection_id']);
        self::assertEqualsWithDelta(time(), $connection['connected_at'], 30);

        self::assertSame(['7'], array_column($this->presence()->listConnections('user:7')['connections'], 'user_id'));
        self::assertSame(['8'], array_column($this->presence()->listConnections(null, '8')['connections'], 'user_id'));
        $everyone = array_column($this->presence()->listConnections()['connections'], 'user_id');
        sort($everyone);
        self::assertSame(['7', '8'], $everyone);
    }

    public function testPublisherDeliversToTheResolvedUserSubjectOnly(): void
    {
        $alice = $this->connectAs('21');
        $bob = $this->connectAs('22');
        $message = new class () implements \JsonSerializable {
            public function jsonSerialize(): array
            {
                return ['type' => 'chat', 'text' => 'hi'];
            }
        };

        $this->publisher()->send([21], ['message' => $message, 'n' => 1]);
        $this->publisher()->send(['user:22'], 'for bob');

        // assertEquals: the key order of JSON objects is not part of the contract.
        self::assertEquals(['type' => 'event', 'payload' => ['message' => ['type' => 'chat', 'text' => 'hi'], 'n' => 1]], $alice->readJson());
        self::assertSame(['type' => 'event', 'payload' => 'for bob'], $bob->readJson(), 'bob got only his own push');
    }

    public function testPublishesFromSuccessiveRequestsReuseTheWorkersGatewayConnection(): void
    {
        $this->publisher()->send(['1'], 'warm-up');
        $this->presence()->listConnections();
        $opened = \SnokeWs\Runtime::stats()['http_connections_opened'];
        self::assertGreaterThanOrEqual(1, $opened);

        // A new kernel stands for the next request served by the same worker.
        $this->kernel?->remove();
        $this->kernel = null;
        $this->publisher()->send(['1'], 'second request');
        $this->presence()->listConnections();

        self::assertSame($opened, \SnokeWs\Runtime::stats()['http_connections_opened']);
    }

    public function testWrongApiKeyFailsWithTheBundlesExceptions(): void
    {
        $this->env->set(['WS_GATEWAY_API_KEY' => 'wrong-key']);

        try {
            $this->publisher()->send(['1'], 'x');
            self::fail('expected the publish to be refused');
        } catch (PublishFailedException $e) {
            self::assertInstanceOf(\SnokeWs\GatewayException::class, $e->getPrevious());
            self::assertSame(401, $e->getPrevious()->getCode());
            self::assertStringNotContainsString('wrong-key', $e->getMessage(), 'the key never appears in messages');
        }

        $this->expectException(PresenceUnavailableException::class);
        $this->presence()->listConnections();
    }

    public function testUnreachableGatewayFailsWithPublishFailedException(): void
    {
        $server = stream_socket_server('tcp://127.0.0.1:0');
        self::assertNotFalse($server);
        $closedPort = (string) stream_socket_get_name($server, false);
        fclose($server);
        $this->env->set(['WS_GATEWAY_BASE_URL' => 'http://' . $closedPort]);

        try {
            $this->publisher()->send(['1'], 'x');
            self::fail('expected the publish to fail');
        } catch (PublishFailedException $e) {
            self::assertInstanceOf(\SnokeWs\ConnectionException::class, $e->getPrevious());
        }
    }

    public function testRs256DemoTokenIsSignedWithTheConfiguredKeyAndClaims(): void
    {
        $key = openssl_pkey_new(['private_key_type' => OPENSSL_KEYTYPE_RSA, 'private_key_bits' => 2048]);
        self::assertNotFalse($key);
        self::assertTrue(openssl_pkey_export($key, $pem));
        $file = tempnam(sys_get_temp_dir(), 'snoke-ws-key');
        file_put_contents($file, $pem);
        $this->env->set(['DEMO_JWT_ALG' => null, 'DEMO_JWT_SECRET' => null, 'DEMO_JWT_PRIVATE_KEY_FILE' => $file]);

        try {
            $tokens = $this->kernel()->service('snoke_ws.demo_token_service');
            \assert($tokens instanceof DemoTokenService);
            $before = time();
            [$jwt, $error] = $tokens->issue('42');
        } finally {
            unlink($file);
        }

        self::assertSame('', $error);
        [$header, $claims, $signature] = explode('.', $jwt);
        $decode = static fn (string $part): string => (string) base64_decode(strtr($part, '-_', '+/'), false);
        self::assertSame('RS256', json_decode($decode($header), true)['alg']);
        $claims = json_decode($decode($claims), true);
        self::assertSame('42', $claims['user_id']);
        self::assertGreaterThanOrEqual($before, $claims['iat']);
        self::assertSame($claims['iat'] + 3600, $claims['exp']);
        $public = openssl_pkey_get_details($key)['key'];
        self::assertSame(1, openssl_verify($header . '.' . explode('.', $jwt)[1], $decode($signature), $public, OPENSSL_ALGO_SHA256));
    }

    public function testUnsupportedDemoAlgorithmIsReportedAsError(): void
    {
        $this->env->set(['DEMO_JWT_ALG' => 'HS999']);
        $tokens = $this->kernel()->service('snoke_ws.demo_token_service');
        \assert($tokens instanceof DemoTokenService);

        [$jwt, $error] = $tokens->issue('42');

        self::assertSame('', $jwt);
        self::assertStringStartsWith('failed to sign token: ', $error);
    }
}
