--TEST--
A message whose handler always fails is retried until maxDeliveries, then dead-lettered with the error and its target exchange/routing key, while the messages behind it pass
--FILE--
<?php
declare(strict_types=1);
require __DIR__ . '/support/amqp.inc';

$prefix = amqp_name('poison');
$exchange = $prefix . 'inbox';
$consumer = amqp_consumer($prefix, 'q', [['exchange' => $exchange, 'routing_key' => 'inbox']], maxDeliveries: 3);
$consumer->fetch(1, 0);
// Sees what reaches the dead-letter exchange, next to the dead-letter queue.
$observer = amqp_consumer($prefix, 'observer', [['exchange' => $prefix . 'q.dlx', 'routing_key' => $prefix . 'q.dlq']]);
$observer->fetch(1, 0);

$publisher = new SnokeWs\RabbitMqPublisher(amqp_url(), $exchange, 'inbox');
$publisher->publish(['user:1'], 'poison');
$publisher->publish(['user:1'], 'good 1');
$publisher->publish(['user:1'], 'good 2');

$log = [];
$deadline = microtime(true) + 10;
$done = false;
while (!$done && microtime(true) < $deadline) {
    foreach ($consumer->fetch(10, 200) as $delivery) {
        $payload = $delivery['event']['payload'];
        $stream = $delivery['stream'] === $exchange ? 'inbox' : $delivery['stream'];
        if ($payload === 'poison') {
            $dead = $consumer->fail($delivery['stream'], $delivery['id'], 'listener threw: boom');
            $log[] = "$payload from $stream, delivery {$delivery['deliveries']}, dead-lettered: " . var_export($dead, true);
            $done = $dead;
        } else {
            $consumer->ack($delivery['stream'], $delivery['id']);
            $log[] = "$payload from $stream, delivery {$delivery['deliveries']}, acked";
        }
    }
}
echo implode("\n", $log), "\n";
var_dump($consumer->fail($exchange, 'no-such-id', 'x'));
var_dump($consumer->fetch(10, 200));

$dead = amqp_fetch_all($observer, 1);
foreach ($dead as $letter) {
    $headers = $letter['headers'];
    echo 'dead letter: ', $letter['event']['payload'], ', error: ', $headers['x-snoke-error'],
        ', deliveries: ', $headers['x-snoke-deliveries'],
        ', target: ', $headers['x-snoke-target-exchange'] === $exchange ? 'the inbox exchange' : $headers['x-snoke-target-exchange'],
        ' / ', $headers['x-snoke-target-routing-key'], "\n";
    $observer->ack($letter['stream'], $letter['id']);
}
echo 'in the dead-letter queue: ', amqp_persistent_counts()[$prefix . 'q.dlq'] ?? 'none', "\n";
?>
--EXPECT--
poison from inbox, delivery 1, dead-lettered: false
good 1 from inbox, delivery 1, acked
good 2 from inbox, delivery 1, acked
poison from inbox, delivery 2, dead-lettered: false
poison from inbox, delivery 3, dead-lettered: true
bool(false)
array(0) {
}
dead letter: poison, error: listener threw: boom, deliveries: 3, target: the inbox exchange / inbox
in the dead-letter queue: 1
