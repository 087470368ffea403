--TEST--
RabbitMqPublisher: many confirmed publishes and batches share one connection; a bad DSN is an InvalidArgumentException without the password; a dead port is a ConnectionException within the timeout
--FILE--
<?php
declare(strict_types=1);
require __DIR__ . '/support/amqp.inc';

$exchange = amqp_name('reuse') . 'outbox';
$publisher = new SnokeWs\RabbitMqPublisher(amqp_url(), $exchange, 'outbox');
for ($i = 0; $i < 20; $i++) {
    $publisher->publish(['user:1'], ['n' => $i], $i === 0 ? '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' : null);
}
$publisher->publishBatch([
    ['subjects' => ['user:1'], 'payload' => 'a'],
    ['subjects' => ['user:2'], 'payload' => ['b' => true], 'traceparent' => 'tp'],
]);
$publisher->publishBatch([]);
$again = new SnokeWs\RabbitMqPublisher(amqp_url(), $exchange, 'outbox');
$again->publish(['user:1'], 'same process, same DSN');
echo 'amqp connections: ', SnokeWs\Runtime::stats()['amqp_connections_opened'], "\n";

try {
    $publisher->publishBatch([['subjects' => ['ok'], 'payload' => 1], ['subjects' => [7], 'payload' => 2]]);
} catch (SnokeWs\InvalidArgumentException $e) {
    echo $e->getMessage(), "\n";
}

foreach (['redis://guest:s3cret@127.0.0.1', 'amqp://guest:s3cret@127.0.0.1:notaport/%2f', '', 'amqps://guest:s3cret@127.0.0.1'] as $dsn) {
    try {
        new SnokeWs\RabbitMqPublisher($dsn);
        echo "accepted\n";
    } catch (SnokeWs\InvalidArgumentException $e) {
        echo str_contains($e->getMessage(), 's3cret') ? 'LEAKS PASSWORD' : $e->getMessage(), "\n";
    }
}
try {
    new SnokeWs\RabbitMqPublisher(amqp_url(), '');
} catch (SnokeWs\InvalidArgumentException $e) {
    echo $e->getMessage(), "\n";
}

$dead = new SnokeWs\RabbitMqPublisher('amqp://guest:s3cret@127.0.0.1:' . closed_port() . '/%2f', timeoutSeconds: 1.0);
$started = microtime(true);
try {
    $dead->publish(['user:1'], 'lost');
    echo "no exception\n";
} catch (SnokeWs\ConnectionException $e) {
    echo get_class($e), ', within timeout: ', var_export(microtime(true) - $started < 3.0, true),
        ', ', str_contains($e->getMessage(), 's3cret') ? 'LEAKS PASSWORD' : 'no password',
        ', ', preg_replace('/^(CONNECT amqp:\/\/127\.0\.0\.1:)\d+(\/%2F failed).*$/', '$1<port>$2', $e->getMessage()), "\n";
}
?>
--EXPECT--
amqp connections: 1
messages[1].subjects[0]: must be a string, got Long
dsn: is not an AMQP DSN such as amqp://[user:password@]host[:port][/vhost] (value not shown)
dsn: is not an AMQP DSN such as amqp://[user:password@]host[:port][/vhost] (value not shown)
dsn: is not an AMQP DSN such as amqp://[user:password@]host[:port][/vhost] (value not shown)
dsn: amqps:// is not supported by this build (use amqp:// on a trusted network)
exchange: must not be empty (the default exchange cannot be declared)
SnokeWs\ConnectionException, within timeout: true, no password, CONNECT amqp://127.0.0.1:<port>/%2F failed
