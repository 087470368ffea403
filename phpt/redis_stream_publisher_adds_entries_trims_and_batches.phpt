--TEST--
RedisStreamPublisher: XADD bodies match the outbox contract, MAXLEN ~ trims, a batch is added in order, all over one connection
--FILE--
<?php
declare(strict_types=1);
require __DIR__ . '/support/redis.inc';

$prefix = unique_name('publisher');
$stream = $prefix . 'outbox';
try {
    $publisher = new SnokeWs\RedisStreamPublisher(redis_url(), $stream);
    $id = $publisher->publish(['user:1', 'room:a'], ['z' => 1, 'a' => [true, null]], '00-abc-def-01');
    var_dump((bool) preg_match('/^\d+-\d+$/', $id));
    $publisher->publish(['user:2'], 'text');
    var_dump(stream_bodies($stream));

    $ids = $publisher->publishBatch([
        ['subjects' => ['user:3'], 'payload' => 1],
        ['subjects' => ['user:4'], 'payload' => ['k' => 'v'], 'traceparent' => '00-t-p-01'],
        ['subjects' => []],
    ]);
    var_dump(count($ids), $ids === array_values(array_map(fn ($e) => $e[0], array_slice(redis_raw('XRANGE', $stream, '-', '+'), 2))));
    var_dump(array_slice(stream_bodies($stream), 2));
    var_dump($publisher->publishBatch([]));

    try {
        $publisher->publishBatch([['subjects' => ['ok']], ['subjects' => ['ok', 7]]]);
    } catch (SnokeWs\InvalidArgumentException $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
    var_dump(redis_raw('XLEN', $stream));

    // MAXLEN ~ trims in whole radix-tree nodes: far fewer than added, never fewer than asked.
    $trimmed = new SnokeWs\RedisStreamPublisher(redis_url(), $prefix . 'trimmed', 10);
    for ($i = 0; $i < 500; $i++) {
        $trimmed->publish(['user:1'], $i);
    }
    $length = redis_raw('XLEN', $prefix . 'trimmed');
    var_dump($length >= 10 && $length < 500);

    echo 'redis connections: ', SnokeWs\Runtime::stats()['redis_connections_opened'], "\n";
} finally {
    redis_cleanup($prefix);
}
?>
--EXPECT--
bool(true)
array(2) {
  [0]=>
  string(96) "{"subjects":["user:1","room:a"],"payload":{"z":1,"a":[true,null]},"traceparent":"00-abc-def-01"}"
  [1]=>
  string(40) "{"subjects":["user:2"],"payload":"text"}"
}
int(3)
bool(true)
array(3) {
  [0]=>
  string(35) "{"subjects":["user:3"],"payload":1}"
  [1]=>
  string(69) "{"subjects":["user:4"],"payload":{"k":"v"},"traceparent":"00-t-p-01"}"
  [2]=>
  string(30) "{"subjects":[],"payload":null}"
}
array(0) {
}
SnokeWs\InvalidArgumentException: messages[1].subjects[1]: must be a string, got Long
int(5)
bool(true)
redis connections: 1
