--TEST--
After Redis restarts, the kept connections are replaced on the next call: publish, presence and fetch work without an exception, and the consumer group is created again
--EXTENSIONS--
pcntl
--FILE--
<?php
declare(strict_types=1);
require __DIR__ . '/support/redis.inc';

$port = closed_port();
$redis = start_own_redis($port);
try {
    $dsn = "redis://127.0.0.1:$port";
    $publisher = new SnokeWs\RedisStreamPublisher($dsn, 'ws.outbox.test');
    $presence = new SnokeWs\RedisPresence($dsn);
    $consumer = new SnokeWs\RedisStreamConsumer($dsn, ['ws.outbox.test'], deadLetterStream: 'dlq.test');

    $publisher->publish(['user:1'], 'before restart');
    $presence->upsert('c1', '1', ['user:1'], 1);
    foreach ($consumer->fetch(10, 1000) as $entry) {
        echo $entry['event']['payload'], "\n";
        $consumer->ack($entry['stream'], $entry['id']);
    }
    echo 'connections: ', SnokeWs\Runtime::stats()['redis_connections_opened'], "\n";

    stop_own_redis($redis);
    $redis = start_own_redis($port);

    $publisher->publish(['user:1'], 'after restart');
    echo 'presence after restart: ', count($presence->listConnections()), "\n";
    foreach ($consumer->fetch(10, 1000) as $entry) {
        echo $entry['event']['payload'], "\n";
        $consumer->ack($entry['stream'], $entry['id']);
    }
    echo 'connections: ', SnokeWs\Runtime::stats()['redis_connections_opened'], "\n";
} finally {
    stop_own_redis($redis);
}
?>
--EXPECT--
before restart
connections: 2
presence after restart: 0
after restart
connections: 4
