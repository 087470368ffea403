--TEST--
RabbitMqConsumer reads back what RabbitMqPublisher confirmed (persistent, single and batch, one connection each); fetch returns [] within its block time; acked messages are not delivered again
--FILE--
<?php
declare(strict_types=1);
require __DIR__ . '/support/amqp.inc';

$prefix = amqp_name('roundtrip');
$exchange = $prefix . 'outbox';
$consumer = amqp_consumer($prefix, 'q', [['exchange' => $exchange, 'routing_key' => 'outbox']]);

$started = microtime(true);
var_dump($consumer->fetch(10, 300));
$elapsed = microtime(true) - $started;
echo 'empty fetch took the block time: ', var_export($elapsed >= 0.25 && $elapsed < 2.0, true), "\n";

$publisher = new SnokeWs\RabbitMqPublisher(amqp_url(), $exchange, 'outbox');
$publisher->publish(['user:1'], ['text' => 'hello', 'n' => 1], '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
$publisher->publishBatch([
    ['subjects' => ['user:2'], 'payload' => 'second'],
    ['subjects' => ['user:3', 'room:a'], 'payload' => [1, 2]],
]);
echo 'persistent in queue: ', amqp_persistent_counts()[$prefix . 'q'] ?? 'none', "\n";

$got = amqp_fetch_all($consumer, 3);
foreach ($got as $delivery) {
    echo $delivery['stream'] === $exchange ? 'stream=exchange' : 'stream=' . $delivery['stream'],
        ' deliveries=', $delivery['deliveries'], ' ', json_encode($delivery['event']), "\n";
    $consumer->ack($delivery['stream'], $delivery['id']);
}
$consumer->ack($exchange, 'no-such-id');
var_dump($consumer->fetch(10, 200));
echo 'consumer name has the pid: ', var_export(str_contains($consumer->consumerName(), '-' . getmypid() . '-'), true), "\n";
echo 'amqp connections (publisher + consumer): ', SnokeWs\Runtime::stats()['amqp_connections_opened'], "\n";

foreach ([[0, 10], [10001, 10], [1, -1], [1, 1001]] as [$count, $block]) {
    try {
        $consumer->fetch($count, $block);
    } catch (SnokeWs\InvalidArgumentException $e) {
        echo $e->getMessage(), "\n";
    }
}
?>
--EXPECT--
array(0) {
}
empty fetch took the block time: true
persistent in queue: 3
stream=exchange deliveries=1 {"subjects":["user:1"],"payload":{"text":"hello","n":1},"traceparent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"}
stream=exchange deliveries=1 {"subjects":["user:2"],"payload":"second"}
stream=exchange deliveries=1 {"subjects":["user:3","room:a"],"payload":[1,2]}
array(0) {
}
consumer name has the pid: true
amqp connections (publisher + consumer): 2
count: must be 1..10000, got 0
count: must be 1..10000, got 10001
blockMs: must be 0..1000, got -1
blockMs: must be 0..1000, got 1001
