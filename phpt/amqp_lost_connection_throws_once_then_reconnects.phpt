--TEST--
RabbitMQ connection lost under the publisher and the consumer: the next publish throws a ConnectionException, the calls after it reconnect, and no message is lost
--EXTENSIONS--
pcntl
posix
--FILE--
<?php
declare(strict_types=1);
require __DIR__ . '/support/amqp.inc';

$port = closed_port();
$proxy = amqp_start_proxy($port);
$parts = parse_url(amqp_url());
$viaProxy = sprintf('amqp://%s:%s@127.0.0.1:%d%s', $parts['user'] ?? 'guest', $parts['pass'] ?? 'guest', $port, $parts['path'] ?? '/%2f');

$prefix = amqp_name('lost');
$exchange = $prefix . 'outbox';
$publisher = new SnokeWs\RabbitMqPublisher($viaProxy, $exchange, 'outbox', 2.0);
$consumer = new SnokeWs\RabbitMqConsumer($viaProxy, $prefix . 'q', [['exchange' => $exchange, 'routing_key' => 'outbox']],
    deadLetterExchange: $prefix . 'dlx', deadLetterQueue: $prefix . 'dlq', timeoutSeconds: 2.0);
$consumer->fetch(1, 0);
$publisher->publish(['user:1'], 'before');
echo 'connections: ', SnokeWs\Runtime::stats()['amqp_connections_opened'], "\n";

$received = [];
$fetch = function () use ($consumer, &$received): void {
    foreach ($consumer->fetch(10, 300) as $delivery) {
        $received[] = $delivery['event']['payload'];
        $consumer->ack($delivery['stream'], $delivery['id']);
    }
};
$publish = fn () => $publisher->publish(['user:1'], 'after');
/** The first call after the cut fails, the second reconnects; returns what happened. */
$twice = function (callable $call): string {
    $attempts = [];
    for ($i = 0; $i < 2; $i++) {
        try {
            $call();
            $attempts[] = 'ok';
        } catch (SnokeWs\ConnectionException $e) {
            $attempts[] = 'ConnectionException';
        }
    }

    return implode(', ', $attempts);
};

// Whichever is used first after the cut notices it; the other then reconnects quietly.
amqp_stop_proxy($proxy);
$proxy = amqp_start_proxy($port);
// The consumer's first fetch may also just come back empty (the loss is seen a moment
// later); either way the next one is served by a new connection.
echo 'consumer first: then ', substr($twice($fetch), -2), "\n";
$twice($publish);

amqp_stop_proxy($proxy);
$proxy = amqp_start_proxy($port);
echo 'publisher first: ', $twice($publish), "\n";
$twice($fetch);
echo 'connections: ', SnokeWs\Runtime::stats()['amqp_connections_opened'], "\n";

$deadline = microtime(true) + 10;
while (!in_array('after', $received, true) && microtime(true) < $deadline) {
    $fetch();
}
$received = array_values(array_unique($received));
sort($received);
echo 'received: ', implode(', ', $received), "\n";
amqp_stop_proxy($proxy);
?>
--EXPECT--
connections: 2
consumer first: then ok
publisher first: ConnectionException, ok
connections: 6
received: after, before
