--TEST--
RedisPresence lists 1,000 connections (SCAN and by subject) with their hashes read pipelined over one connection
--FILE--
<?php
declare(strict_types=1);
require __DIR__ . '/support/redis.inc';

$prefix = unique_name('presence1k');
try {
    $presence = new SnokeWs\RedisPresence(redis_url(), $prefix);
    for ($i = 0; $i < 1000; $i++) {
        $presence->upsert(sprintf('c%04d', $i), (string) ($i % 10), ['user:' . ($i % 10), 'room:big'], 1000 + $i);
    }
    $all = $presence->listConnections();
    $room = $presence->listConnections('room:big');
    $user = $presence->listConnectionsForUser('3');
    var_dump(count($all), count($room), count($user));
    var_dump($all[0]['connection_id'], $all[999]['connection_id'], $all[999]['connected_at']);
    var_dump(array_unique(array_column($user, 'user_id')));
    echo 'redis connections: ', SnokeWs\Runtime::stats()['redis_connections_opened'], "\n";
} finally {
    redis_cleanup($prefix);
}
?>
--EXPECT--
int(1000)
int(1000)
int(100)
string(5) "c0000"
string(5) "c0999"
int(1999)
array(1) {
  [0]=>
  string(1) "3"
}
redis connections: 1
