--TEST--
RedisPresence: upsert writes the gateway's key layout; list by subject/user/all, touch, TTL and remove
--FILE--
<?php
declare(strict_types=1);
require __DIR__ . '/support/redis.inc';

$prefix = unique_name('presence');
try {
    $presence = new SnokeWs\RedisPresence(redis_url(), $prefix);
    $presence->upsert('c1', '42', ['user:42', 'room:a'], 1000);
    $presence->upsert('c2', '42', ['user:42'], 1001, 120);
    $presence->upsert('c3', '7', ['user:7', 'room:a'], 999);

    $hash = redis_raw('HGETALL', $prefix . 'conn:c1');
    $fields = [];
    for ($i = 0; $i < count($hash); $i += 2) {
        $fields[$hash[$i]] = $hash[$i + 1];
    }
    var_dump(array_keys($fields), $fields['subjects'], abs((int) $fields['last_seen_at'] - time()) <= 2);
    var_dump(redis_raw('SMEMBERS', $prefix . 'subject:room:a') !== [], redis_raw('TTL', $prefix . 'conn:c1'), redis_raw('TTL', $prefix . 'conn:c2') > 100);

    $ids = fn (array $list) => implode(',', array_column($list, 'connection_id'));
    echo 'all: ', $ids($presence->listConnections()), "\n";
    echo 'room:a: ', $ids($presence->listConnections('room:a')), "\n";
    echo 'user 42: ', $ids($presence->listConnections(null, '42')), "\n";
    echo 'room:a + user 42: ', $ids($presence->listConnections('room:a', '42')), "\n";
    echo 'for user 7: ', $ids($presence->listConnectionsForUser('7')), "\n";
    echo 'nobody: ', $ids($presence->listConnections('room:none')), "\n";
    $c1 = $presence->listConnections(null, '42')[0];
    var_dump(array_keys($c1), $c1['subjects'], $c1['connected_at']);

    redis_raw('HSET', $prefix . 'conn:c3', 'last_seen_at', '5');
    $presence->touch('c3', 60);
    $c3 = $presence->listConnectionsForUser('7')[0];
    var_dump($c3['last_seen_at'] >= time() - 2, redis_raw('TTL', $prefix . 'conn:c3') > 50);

    // An expired hash is left out, and its id dropped from the set that listed it.
    redis_raw('DEL', $prefix . 'conn:c2');
    echo 'user 42 after expiry: ', $ids($presence->listConnections(null, '42')), "\n";
    var_dump(redis_raw('SMEMBERS', $prefix . 'user:42'));

    $presence->remove('c1');
    $presence->remove('c1');
    $presence->touch('c1');
    var_dump(redis_raw('EXISTS', $prefix . 'conn:c1'), redis_raw('SISMEMBER', $prefix . 'subject:room:a', 'c1'));
    echo 'all after remove: ', $ids($presence->listConnections()), "\n";

    try {
        $presence->upsert('c9', '1', ['user:1', 5], 1);
    } catch (SnokeWs\InvalidArgumentException $e) {
        echo $e->getMessage(), "\n";
    }
    try {
        $presence->touch('c9', -1);
    } catch (SnokeWs\InvalidArgumentException $e) {
        echo $e->getMessage(), "\n";
    }
} finally {
    redis_cleanup($prefix);
}
?>
--EXPECT--
array(5) {
  [0]=>
  string(13) "connection_id"
  [1]=>
  string(7) "user_id"
  [2]=>
  string(8) "subjects"
  [3]=>
  string(12) "connected_at"
  [4]=>
  string(12) "last_seen_at"
}
string(20) "["user:42","room:a"]"
bool(true)
bool(true)
int(-1)
bool(true)
all: c3,c1,c2
room:a: c3,c1
user 42: c1,c2
room:a + user 42: c1
for user 7: c3
nobody: 
array(5) {
  [0]=>
  string(13) "connection_id"
  [1]=>
  string(7) "user_id"
  [2]=>
  string(8) "subjects"
  [3]=>
  string(12) "connected_at"
  [4]=>
  string(12) "last_seen_at"
}
array(2) {
  [0]=>
  string(7) "user:42"
  [1]=>
  string(6) "room:a"
}
int(1000)
bool(true)
bool(true)
user 42 after expiry: c1
array(1) {
  [0]=>
  string(2) "c1"
}
int(0)
int(0)
all after remove: c3
subjects[1]: must be a string, got Long
ttlSeconds: must be 0 (no expiry) or more, got -1
