--TEST--
Redis classes: a bad DSN is an InvalidArgumentException that never shows the password; a dead port is a ConnectionException within the timeout
--FILE--
<?php
declare(strict_types=1);
require __DIR__ . '/support/redis.inc';

foreach (['http://user:s3cret@127.0.0.1', 'redis://user:s3cret@127.0.0.1:notaport', ''] as $dsn) {
    foreach ([
        fn () => new SnokeWs\RedisStreamPublisher($dsn),
    ] as $construct) {
        try {
            $construct();
            echo "accepted\n";
        } catch (SnokeWs\InvalidArgumentException $e) {
            echo get_class($e), ': ', str_contains($e->getMessage(), 's3cret') ? 'LEAKS PASSWORD' : $e->getMessage(), "\n";
        }
    }
}
try {
    new SnokeWs\RedisStreamPublisher(redis_url(), 'ws.outbox', -1);
} catch (SnokeWs\InvalidArgumentException $e) {
    echo $e->getMessage(), "\n";
}

$dead = 'redis://user:s3cret@127.0.0.1:' . closed_port();
$publisher = new SnokeWs\RedisStreamPublisher($dead, 'ws.outbox', 0, 1.0);
$started = microtime(true);
try {
    $publisher->publish(['user:1'], 'lost');
} catch (SnokeWs\ConnectionException $e) {
    echo get_class($e), ' within timeout: ', var_export(microtime(true) - $started < 3.0, true), "\n";
    echo str_contains($e->getMessage(), 's3cret') ? 'LEAKS PASSWORD' : 'no password in message', "\n";
    echo str_starts_with($e->getMessage(), 'XADD redis://127.0.0.1:') ? 'names command and peer' : $e->getMessage(), "\n";
}
?>
--EXPECT--
SnokeWs\InvalidArgumentException: dsn: is not a Redis DSN such as redis://[user:password@]host[:port][/db] (value not shown)
SnokeWs\InvalidArgumentException: dsn: is not a Redis DSN such as redis://[user:password@]host[:port][/db] (value not shown)
SnokeWs\InvalidArgumentException: dsn: is not a Redis DSN such as redis://[user:password@]host[:port][/db] (value not shown)
maxLen: must be 0 or more, got -1
SnokeWs\ConnectionException within timeout: true
no password in message
names command and peer
