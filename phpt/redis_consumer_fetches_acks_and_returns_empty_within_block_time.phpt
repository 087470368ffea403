--TEST--
RedisStreamConsumer: the group is created (twice is fine), entries of both streams are fetched as events, acked, and an empty fetch returns [] within its block time
--FILE--
<?php
declare(strict_types=1);
require __DIR__ . '/support/redis.inc';

$prefix = unique_name('consumer');
$inbox = $prefix . 'inbox';
$events = $prefix . 'events';
try {
    $consumer = new SnokeWs\RedisStreamConsumer(redis_url(), [$inbox, $events], 'g', deadLetterStream: $prefix . 'dlq');
    // A second consumer of the same group: its group creation meets BUSYGROUP, which is fine.
    $other = new SnokeWs\RedisStreamConsumer(redis_url(), [$inbox, $events], 'g', deadLetterStream: $prefix . 'dlq');
    var_dump($consumer->fetch(10, 0), $other->fetch(10, 0));
    var_dump(redis_raw('EXISTS', $inbox, $events));

    $name = $consumer->consumerName();
    var_dump((bool) preg_match('/^[A-Za-z0-9._-]+-' . getmypid() . '-[0-9a-f]{8}$/', $name), $name === $consumer->consumerName(), $name !== $other->consumerName());

    redis_raw('XADD', $inbox, '*', 'data', '{"type":"message_received","connection_id":"c1","user_id":"42","subjects":["user:42"],"connected_at":1,"message":{"z":1,"a":2},"raw":"{}"}');
    redis_raw('XADD', $events, '*', 'data', '{"type":"connected","connection_id":"c1","user_id":"42","subjects":["user:42"],"connected_at":1}');
    $batch = $consumer->fetch(10, 1000);
    foreach ($batch as $entry) {
        echo substr($entry['stream'], strlen($prefix)), ' ', $entry['event']['type'], ' deliveries=', $entry['deliveries'], ' keys=', implode(',', array_keys($entry)), "\n";
    }
    var_dump($batch[0]['event']['message']);
    var_dump(redis_raw('XPENDING', $inbox, 'g')[0]);
    foreach ($batch as $entry) {
        $consumer->ack($entry['stream'], $entry['id']);
    }
    var_dump(redis_raw('XPENDING', $inbox, 'g')[0], redis_raw('XPENDING', $events, 'g')[0]);

    // count bounds the batch.
    for ($i = 0; $i < 5; $i++) {
        redis_raw('XADD', $inbox, '*', 'data', json_encode(['type' => 'connected', 'n' => $i]));
    }
    $first = $consumer->fetch(3, 1000);
    $rest = $consumer->fetch(10, 1000);
    echo count($first), ' + ', count($rest), ': ', implode(',', array_map(fn ($e) => $e['event']['n'], [...$first, ...$rest])), "\n";

    $started = microtime(true);
    var_dump($consumer->fetch(10, 300));
    $elapsed = microtime(true) - $started;
    var_dump($elapsed >= 0.25 && $elapsed < 1.5);

    // A stream deleted under the consumer (and its group with it) is created again,
    // from its first entry: nothing added meanwhile is skipped.
    redis_raw('DEL', $inbox);
    redis_raw('XADD', $inbox, '*', 'data', '{"type":"connected","n":"after delete"}');
    echo implode(',', array_map(fn ($e) => $e['event']['n'], $consumer->fetch(10, 0))), "\n";
    redis_raw('XADD', $inbox, '*', 'data', '{"type":"connected","n":"after re-create"}');
    echo implode(',', array_map(fn ($e) => $e['event']['n'], $consumer->fetch(10, 1000))), "\n";

    foreach ([[0, 100], [10, 1001], [10, -1]] as [$count, $block]) {
        try {
            $consumer->fetch($count, $block);
        } catch (SnokeWs\InvalidArgumentException $e) {
            echo $e->getMessage(), "\n";
        }
    }
    try {
        new SnokeWs\RedisStreamConsumer(redis_url(), ['ws.inbox'], deadLetterStream: 'ws.inbox');
    } catch (SnokeWs\InvalidArgumentException $e) {
        echo $e->getMessage(), "\n";
    }
    try {
        new SnokeWs\RedisStreamConsumer('redis://u:s3cret@127.0.0.1:notaport');
    } catch (SnokeWs\InvalidArgumentException $e) {
        echo str_contains($e->getMessage(), 's3cret') ? 'LEAKS PASSWORD' : $e->getMessage(), "\n";
    }
    // One shared connection, plus one for the blocking reads of each consumer.
    echo 'redis connections: ', SnokeWs\Runtime::stats()['redis_connections_opened'], "\n";
} finally {
    redis_cleanup($prefix);
}
?>
--EXPECT--
array(0) {
}
array(0) {
}
int(2)
bool(true)
bool(true)
bool(true)
inbox message_received deliveries=1 keys=stream,id,event,deliveries
events connected deliveries=1 keys=stream,id,event,deliveries
array(2) {
  ["z"]=>
  int(1)
  ["a"]=>
  int(2)
}
int(1)
int(0)
int(0)
3 + 2: 0,1,2,3,4
array(0) {
}
bool(true)
after delete
after re-create
count: must be 1..10000, got 0
blockMs: must be 0..1000, got 1001
blockMs: must be 0..1000, got -1
deadLetterStream: must not be one of the streams read
dsn: is not a Redis DSN such as redis://[user:password@]host[:port][/db] (value not shown)
redis connections: 3
