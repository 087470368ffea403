--TEST--
Redis classes: a bad DSN is an InvalidArgumentException that never shows the password; a dead port is a ConnectionException within the timeout; an error reply is a BrokerException
--FILE--
<?php
declare(strict_types=1);
require __DIR__ . '/support/redis.inc';

$constructors = [
    'publisher' => fn (string $dsn) => new SnokeWs\RedisStreamPublisher($dsn, 'ws.outbox', 0, 1.0),
    'presence' => fn (string $dsn) => new SnokeWs\RedisPresence($dsn, 'presence:', 1.0),
    'consumer' => fn (string $dsn) => new SnokeWs\RedisStreamConsumer($dsn, ['ws.inbox'], timeoutSeconds: 1.0),
];
foreach (['http://user:s3cret@127.0.0.1', 'redis://user:s3cret@127.0.0.1:notaport', ''] as $dsn) {
    foreach ($constructors as $what => $construct) {
        try {
            $construct($dsn);
            echo "$what accepted\n";
        } catch (SnokeWs\InvalidArgumentException $e) {
            echo $what, ': ', str_contains($e->getMessage(), 's3cret') ? 'LEAKS PASSWORD' : $e->getMessage(), "\n";
        }
    }
}
try {
    new SnokeWs\RedisStreamPublisher(redis_url(), 'ws.outbox', -1);
} catch (SnokeWs\InvalidArgumentException $e) {
    echo $e->getMessage(), "\n";
}

$dead = 'redis://user:s3cret@127.0.0.1:' . closed_port();
$calls = [
    'publisher' => fn ($publisher) => $publisher->publish(['user:1'], 'lost'),
    'presence' => fn ($presence) => $presence->listConnections(),
    'consumer' => fn ($consumer) => $consumer->fetch(10, 100),
];
foreach ($constructors as $what => $construct) {
    $object = $construct($dead);
    $started = microtime(true);
    try {
        $calls[$what]($object);
        echo "$what: no exception\n";
    } catch (SnokeWs\ConnectionException $e) {
        echo $what, ': ', get_class($e), ', within timeout: ', var_export(microtime(true) - $started < 3.0, true),
            ', ', str_contains($e->getMessage(), 's3cret') ? 'LEAKS PASSWORD' : 'no password',
            ', ', preg_replace('/^(.+ redis:\/\/127\.0\.0\.1:)\d+(\/0 failed).*$/', '$1<port>$2', $e->getMessage()), "\n";
    }
}

// A Redis error reply (here: XADD to a key holding a string) is a BrokerException.
$prefix = unique_name('broker-error');
try {
    redis_raw('SET', $prefix . 'not-a-stream', 'x');
    (new SnokeWs\RedisStreamPublisher(redis_url(), $prefix . 'not-a-stream'))->publish(['user:1'], 1);
} catch (SnokeWs\BrokerException $e) {
    echo get_class($e), ': ', str_contains($e->getMessage(), 'WRONGTYPE') ? 'WRONGTYPE' : $e->getMessage(), "\n";
} finally {
    redis_cleanup($prefix);
}
?>
--EXPECT--
publisher: dsn: is not a Redis DSN such as redis://[user:password@]host[:port][/db] (value not shown)
presence: dsn: is not a Redis DSN such as redis://[user:password@]host[:port][/db] (value not shown)
consumer: dsn: is not a Redis DSN such as redis://[user:password@]host[:port][/db] (value not shown)
publisher: dsn: is not a Redis DSN such as redis://[user:password@]host[:port][/db] (value not shown)
presence: dsn: is not a Redis DSN such as redis://[user:password@]host[:port][/db] (value not shown)
consumer: dsn: is not a Redis DSN such as redis://[user:password@]host[:port][/db] (value not shown)
publisher: dsn: is not a Redis DSN such as redis://[user:password@]host[:port][/db] (value not shown)
presence: dsn: is not a Redis DSN such as redis://[user:password@]host[:port][/db] (value not shown)
consumer: dsn: is not a Redis DSN such as redis://[user:password@]host[:port][/db] (value not shown)
maxLen: must be 0 or more, got -1
publisher: SnokeWs\ConnectionException, within timeout: true, no password, XADD redis://127.0.0.1:<port>/0 failed
presence: SnokeWs\ConnectionException, within timeout: true, no password, SCAN redis://127.0.0.1:<port>/0 failed
consumer: SnokeWs\ConnectionException, within timeout: true, no password, XGROUP CREATE redis://127.0.0.1:<port>/0 failed
SnokeWs\BrokerException: WRONGTYPE
