--TEST--
RabbitMqConsumer: malformed settings are InvalidArgumentExceptions without the password; a dead port is a ConnectionException within the timeout
--FILE--
<?php
declare(strict_types=1);
require __DIR__ . '/support/amqp.inc';

$cases = [
    ['amqp://guest:s3cret@127.0.0.1:notaport/%2f'],
    ['redis://guest:s3cret@127.0.0.1'],
    [amqp_url(), 'q', []],
    [amqp_url(), 'q', [['exchange' => 'x']]],
    [amqp_url(), 'q', [['exchange' => '', 'routing_key' => 'k']]],
    [amqp_url(), 'q', [['exchange' => 'x', 'routing_key' => 'k']], 0],
    [amqp_url(), 'q', [['exchange' => 'x', 'routing_key' => 'k']], 70000],
    [amqp_url(), 'q', [['exchange' => 'x', 'routing_key' => 'k']], 10, 0],
    [amqp_url(), 'q', [['exchange' => 'x', 'routing_key' => 'k']], 10, 5, 'x'],
    [amqp_url(), 'q', [['exchange' => 'x', 'routing_key' => 'k']], 10, 5, 'dlx', 'q'],
    [amqp_url(), ''],
    [amqp_url(), 'q', [['exchange' => 'x', 'routing_key' => 'k']], 10, 5, 'dlx', 'dlq', 5.0, -1],
];
foreach ($cases as $arguments) {
    try {
        new SnokeWs\RabbitMqConsumer(...$arguments);
        echo "accepted\n";
    } catch (SnokeWs\InvalidArgumentException $e) {
        echo str_contains($e->getMessage(), 's3cret') ? 'LEAKS PASSWORD' : $e->getMessage(), "\n";
    }
}
$defaults = new SnokeWs\RabbitMqConsumer(amqp_url());
echo "defaults accepted\n";

$dead = new SnokeWs\RabbitMqConsumer('amqp://guest:s3cret@127.0.0.1:' . closed_port() . '/%2f', timeoutSeconds: 1.0);
$started = microtime(true);
try {
    $dead->fetch(10, 100);
    echo "no exception\n";
} catch (SnokeWs\ConnectionException $e) {
    echo get_class($e), ', within timeout: ', var_export(microtime(true) - $started < 3.0, true),
        ', ', str_contains($e->getMessage(), 's3cret') ? 'LEAKS PASSWORD' : 'no password', "\n";
}

// A queue declared with a TTL (as the gateway may) is read by consumers declaring the same
// TTL; one declaring other arguments gets the broker's refusal as a BrokerException.
$prefix = amqp_name('ttl');
$bindings = [['exchange' => $prefix . 'inbox', 'routing_key' => 'inbox']];
$withTtl = fn () => new SnokeWs\RabbitMqConsumer(amqp_url(), $prefix . 'q', $bindings,
    deadLetterExchange: $prefix . 'dlx', deadLetterQueue: $prefix . 'dlq', messageTtlMs: 60000);
var_dump($withTtl()->fetch(1, 0), $withTtl()->fetch(1, 0));
try {
    (new SnokeWs\RabbitMqConsumer(amqp_url(), $prefix . 'q', $bindings, deadLetterExchange: $prefix . 'dlx',
        deadLetterQueue: $prefix . 'dlq'))->fetch(1, 0);
    echo "no exception\n";
} catch (SnokeWs\BrokerException $e) {
    echo get_class($e), ': ', str_contains($e->getMessage(), 'PRECONDITION') ? 'PRECONDITION_FAILED' : $e->getMessage(), "\n";
}
?>
--EXPECT--
dsn: is not an AMQP DSN such as amqp://[user:password@]host[:port][/vhost] (value not shown)
dsn: is not an AMQP DSN such as amqp://[user:password@]host[:port][/vhost] (value not shown)
bindings: must name at least one exchange
bindings[0]: must be ['exchange' => non-empty string, 'routing_key' => string]
bindings[0]: must be ['exchange' => non-empty string, 'routing_key' => string]
prefetch: must be 1..65535, got 0
prefetch: must be 1..65535, got 70000
maxDeliveries: must be 1 or more, got 0
deadLetterExchange: must not be one of the bound exchanges
deadLetterQueue: must not be the queue read
queue: must not be empty
messageTtlMs: must be 0 (no expiry) or more, got -1
defaults accepted
SnokeWs\ConnectionException, within timeout: true, no password
array(0) {
}
array(0) {
}
SnokeWs\BrokerException: PRECONDITION_FAILED
