<?php

declare(strict_types=1);

namespace SnokeWs\Bench;

use Snoke\WsBundle\Service\WebsocketPublisher;
use Symfony\Component\HttpClient\HttpClient;

/**
 * http_publish_php: POST /internal/publish to the real gateway (API key on),
 * ours through the bundle, the peer with Symfony HttpClient kept alive.
 */
final class HttpPublish
{
    public static function run(Env $env): void
    {
        if ($env->gatewayUrl === '') {
            throw new \RuntimeException('http_publish_php needs --gateway-url');
        }
        $figure = Figure::get('http_publish_php');
        $count = $env->count(10000, 1000);
        $payload = Messages::payload();

        $container = BenchKernel::container([
            'mode' => 'terminator',
            'transport' => [
                'type' => 'http',
                'http' => [
                    'base_url' => $env->gatewayUrl,
                    'auth' => ['type' => 'api_key', 'header' => 'X-Api-Key', 'value' => $env->gatewayApiKey],
                ],
            ],
        ]);
        self::measure($env, $figure, 'snoke-ws (bundle WebsocketPublisher)', 'ours', $count, static function () use ($container, $payload): void {
            $container->reset();
            $publisher = $container->get('snoke_ws.publisher');
            \assert($publisher instanceof WebsocketPublisher);
            $publisher->send([Messages::USER], $payload);
        }, 'fresh container per request, extension keeps the connection alive per process');

        $client = HttpClient::create();
        $url = $env->gatewayUrl . '/internal/publish';
        $apiKey = $env->gatewayApiKey;
        self::measure($env, $figure, 'Symfony HttpClient (' . (new \ReflectionClass($client))->getShortName() . ', kept alive)', 'peer', $count,
            static function () use ($client, $url, $apiKey, $payload): void {
                $response = $client->request('POST', $url, [
                    'headers' => ['X-Api-Key' => $apiKey],
                    'json' => ['subjects' => [Messages::SUBJECT], 'payload' => $payload],
                ]);
                $answer = $response->toArray();
                if (!isset($answer['sent'])) {
                    throw new \RuntimeException('gateway answered without "sent"');
                }
            }, 'one client for the whole run, toArray() of the answer');
    }

    /** @param \Closure(): void $publish */
    private static function measure(Env $env, Figure $figure, string $subject, string $role, int $count, \Closure $publish, string $notes): void
    {
        for ($i = 0; $i < 50; ++$i) {
            $publish();
        }
        $sample = Meter::perOp($count, $env->gatewayPids, static fn () => $publish());
        $env->recorder->record($figure, $subject, $role, $sample->microsPerOp(), $sample, $notes);
    }
}
