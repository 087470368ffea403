<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\Functional;

use PHPUnit\Framework\TestCase;
use Snoke\WsBundle\Event\WebsocketConnectionClosedEvent;
use Snoke\WsBundle\Event\WebsocketConnectionEstablishedEvent;
use Snoke\WsBundle\Event\WebsocketMessageReceivedEvent;
use Snoke\WsBundle\Tests\Support\BootedKernel;
use Snoke\WsBundle\Tests\Support\EnvScope;
use Snoke\WsBundle\Tests\Support\ExtensionRequired;
use Symfony\Component\HttpFoundation\Request;
use Symfony\Component\HttpFoundation\Response;

/**
 * The webhook controller inside a booted kernel, reached through the router
 * at the path the bundle's routes.php declares.
 */
final class WebhookControllerTest extends TestCase
{
    private const SECRET = 'whsec-test';
    private const PATH = '/internal/ws/events';

    private EnvScope $env;
    private ?BootedKernel $kernel = null;

    protected function setUp(): void
    {
        ExtensionRequired::assertLoaded();
        $this->env = (new EnvScope())->set([
            'SYMFONY_WEBHOOK_SECRET' => self::SECRET,
            'WS_MODE' => null,
            'WS_EVENTS_TYPE' => null,
        ]);
    }

    protected function tearDown(): void
    {
        $this->kernel?->remove();
        $this->env->restore();
    }

    /**
     * @param list<array<string, mixed>> $extraConfigs
     */
    private function boot(array $extraConfigs = []): BootedKernel
    {
        return $this->kernel = new BootedKernel($extraConfigs);
    }

    private static function post(string $body, ?string $signature, string $path = self::PATH): Request
    {
        $server = ['CONTENT_TYPE' => 'application/json'];
        if ($signature !== null) {
            $server['HTTP_X_WEBHOOK_SIGNATURE'] = $signature;
        }

        return Request::create($path, 'POST', [], [], [], $server, $body);
    }

    private static function signed(string $body, string $path = self::PATH): Request
    {
        return self::post($body, 'sha256=' . hash_hmac('sha256', $body, self::SECRET), $path);
    }

    /** @return array<string, mixed> */
    private static function json(Response $response): array
    {
        return json_decode((string) $response->getContent(), true, 512, JSON_THROW_ON_ERROR);
    }

    public function testSignedConnectedEventIsAcceptedAndDispatched(): void
    {
        $kernel = $this->boot();
        $body = '{"type":"connected","connection_id":"c-1","user_id":"42","subjects":["user:42"],"connected_at":1700000000}';

        $response = $kernel->handle(self::signed($body));

        self::assertSame(200, $response->getStatusCode());
        self::assertSame(['ok' => true], self::json($response));
        $events = $kernel->recorder()->events;
        self::assertCount(1, $events);
        self::assertInstanceOf(WebsocketConnectionEstablishedEvent::class, $events[0]);
        self::assertSame('c-1', $events[0]->getConnectionId());
        self::assertSame('42', $events[0]->getUserId());
        self::assertSame(['user:42'], $events[0]->getSubjects());
        self::assertSame(1700000000, $events[0]->getConnectedAt());
    }

    public function testSignedMessageEventCarriesMessageRawAndTraceparentHeader(): void
    {
        $kernel = $this->boot();
        $body = json_encode([
            'type' => 'message_received', 'connection_id' => 'c-2', 'user_id' => '1', 'subjects' => ['user:1'],
            'connected_at' => 1, 'message' => ['type' => 'chat', 'text' => 'hi'], 'raw' => '{"type":"chat","text":"hi"}',
        ], JSON_THROW_ON_ERROR);
        $request = self::signed($body);
        $request->headers->set('traceparent', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');

        self::assertSame(200, $kernel->handle($request)->getStatusCode());

        [$event] = $kernel->recorder()->events;
        self::assertInstanceOf(WebsocketMessageReceivedEvent::class, $event);
        self::assertSame(['type' => 'chat', 'text' => 'hi'], $event->getMessage());
        self::assertSame('{"type":"chat","text":"hi"}', $event->getRaw());
        self::assertSame('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', $event->getTraceparent());
    }

    public function testDisconnectedEventIsDispatched(): void
    {
        $kernel = $this->boot();

        $kernel->handle(self::signed('{"type":"disconnected","connection_id":"c-3","user_id":"5","subjects":["user:5"],"connected_at":3}'));

        self::assertInstanceOf(WebsocketConnectionClosedEvent::class, $kernel->recorder()->events[0] ?? null);
    }

    public function testMissingSignatureIsRejectedWith401AndDispatchesNothing(): void
    {
        $kernel = $this->boot();

        $response = $kernel->handle(self::post('{"type":"connected","connection_id":"c","user_id":"1"}', null));

        self::assertSame(401, $response->getStatusCode());
        self::assertSame(['ok' => false, 'message' => 'missing signature'], self::json($response));
        self::assertSame([], $kernel->recorder()->events);
    }

    public function testWrongSignatureIsRejectedWith401AndDispatchesNothing(): void
    {
        $kernel = $this->boot();
        $body = '{"type":"connected","connection_id":"c","user_id":"1"}';

        $response = $kernel->handle(self::post($body, 'sha256=' . hash_hmac('sha256', $body, 'not-the-secret')));

        self::assertSame(401, $response->getStatusCode());
        self::assertSame(['ok' => false, 'message' => 'invalid signature'], self::json($response));
        self::assertSame([], $kernel->recorder()->events);
    }

    public function testWithoutSecretUnsignedEventsAreAccepted(): void
    {
        $this->env->set(['SYMFONY_WEBHOOK_SECRET' => null]);
        $kernel = $this->boot();

        $response = $kernel->handle(self::post('{"type":"connected","connection_id":"c","user_id":"1"}', null));

        self::assertSame(200, $response->getStatusCode());
        self::assertCount(1, $kernel->recorder()->events);
    }

    public function testInvalidJsonIsRejectedWith400(): void
    {
        $kernel = $this->boot();

        $response = $kernel->handle(self::signed('{"type":'));

        self::assertSame(400, $response->getStatusCode());
        self::assertStringContainsString('not valid JSON', self::json($response)['message']);
        self::assertSame([], $kernel->recorder()->events);
    }

    public function testUnknownEventTypeIsRejectedWith400(): void
    {
        $kernel = $this->boot();

        $response = $kernel->handle(self::signed('{"type":"exploded"}'));

        self::assertSame(400, $response->getStatusCode());
        self::assertStringContainsString('Unknown event type "exploded"', self::json($response)['message']);
        self::assertSame([], $kernel->recorder()->events);
    }

    /**
     * @return iterable<string, array{0: array<string, string>, 1: list<array<string, mixed>>}>
     */
    public static function webhooksOff(): iterable
    {
        yield 'events type none' => [['WS_EVENTS_TYPE' => 'none'], []];
        yield 'events type redis_stream' => [['WS_EVENTS_TYPE' => 'redis_stream'], []];
        yield 'core mode falls back to redis_stream' => [['WS_MODE' => 'core'], []];
        yield 'webhook.enabled false' => [[], [['events' => ['webhook' => ['enabled' => false]]]]];
    }

    /**
     * @dataProvider webhooksOff
     *
     * @param array<string, string> $env
     * @param list<array<string, mixed>> $extraConfigs
     */
    public function testAnswers404WhenWebhooksAreOff(array $env, array $extraConfigs): void
    {
        $this->env->set($env);
        $kernel = $this->boot($extraConfigs);

        $response = $kernel->handle(self::signed('{"type":"connected","connection_id":"c","user_id":"1"}'));

        self::assertSame(404, $response->getStatusCode());
        self::assertSame(['ok' => false, 'message' => 'webhook disabled'], self::json($response));
        self::assertSame([], $kernel->recorder()->events);
    }

    public function testRouteFollowsTheConfiguredPath(): void
    {
        $kernel = $this->boot([['events' => ['webhook' => ['path' => '/hooks/ws']]]]);
        $body = '{"type":"connected","connection_id":"c","user_id":"1"}';

        self::assertSame(200, $kernel->handle(self::signed($body, '/hooks/ws'))->getStatusCode());
        self::assertSame(404, $kernel->handle(self::signed($body))->getStatusCode());
    }

    public function testOnlyPostIsRouted(): void
    {
        $kernel = $this->boot();

        self::assertSame(405, $kernel->handle(Request::create(self::PATH, 'GET'))->getStatusCode());
    }
}
