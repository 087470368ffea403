--TEST--
Messages a killed RabbitMqConsumer fetched but never acked are delivered to the next consumer, counted as redelivered; a forked child uses its own connection
--EXTENSIONS--
pcntl
posix
--FILE--
<?php
declare(strict_types=1);
require __DIR__ . '/support/amqp.inc';

$prefix = amqp_name('killed');
$exchange = $prefix . 'events';
$bindings = [['exchange' => $exchange, 'routing_key' => 'events']];
$consumer = amqp_consumer($prefix, 'q', $bindings);

$pid = pcntl_fork();
if ($pid === -1) {
    throw new RuntimeException('fork failed');
}
if ($pid === 0) {
    // The child declares, publishes and fetches, then dies without acking.
    $consumer->fetch(1, 0);
    $publisher = new SnokeWs\RabbitMqPublisher(amqp_url(), $exchange, 'events');
    foreach (['a', 'b', 'c'] as $payload) {
        $publisher->publish(['user:1'], $payload);
    }
    $got = amqp_fetch_all($consumer, 3);
    $ok = count($got) === 3 && SnokeWs\Runtime::stats()['amqp_connections_opened'] === 2;
    posix_kill(getmypid(), $ok ? SIGKILL : SIGUSR2);
    exit(1);
}
pcntl_waitpid($pid, $status);
echo 'child fetched and was killed: ', var_export(pcntl_wifsignaled($status) && pcntl_wtermsig($status) === SIGKILL, true), "\n";

$got = amqp_fetch_all($consumer, 3);
$payloads = array_map(fn (array $d) => $d['event']['payload'] . ':' . $d['deliveries'], $got);
sort($payloads);
echo implode(' ', $payloads), "\n";
foreach ($got as $delivery) {
    $consumer->ack($delivery['stream'], $delivery['id']);
}
var_dump($consumer->fetch(10, 200));
echo 'parent connections: ', SnokeWs\Runtime::stats()['amqp_connections_opened'], "\n";
?>
--EXPECT--
child fetched and was killed: true
a:2 b:2 c:2
array(0) {
}
parent connections: 1
