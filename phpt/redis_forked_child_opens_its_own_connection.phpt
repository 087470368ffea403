--TEST--
After pcntl_fork a child publishing to Redis opens its own connection; the parent's connection keeps working
--EXTENSIONS--
pcntl
posix
--FILE--
<?php
declare(strict_types=1);
require __DIR__ . '/support/redis.inc';

$prefix = unique_name('fork');
$stream = $prefix . 'outbox';
try {
    $publisher = new SnokeWs\RedisStreamPublisher(redis_url(), $stream);
    $publisher->publish(['user:1'], 'parent before fork');

    $pid = pcntl_fork();
    if ($pid === -1) {
        throw new RuntimeException('fork failed');
    }
    if ($pid === 0) {
        $before = SnokeWs\Runtime::stats()['redis_connections_opened'];
        $publisher->publish(['user:1'], 'from child');
        $publisher->publish(['user:1'], 'from child again');
        $after = SnokeWs\Runtime::stats()['redis_connections_opened'];
        posix_kill(getmypid(), $before === 0 && $after === 1 ? SIGUSR1 : SIGUSR2);
        exit(1);
    }
    pcntl_waitpid($pid, $status);
    echo 'child ', pcntl_wifsignaled($status) && pcntl_wtermsig($status) === SIGUSR1 ? 'opened one connection' : 'FAILED', "\n";

    $publisher->publish(['user:1'], 'parent after fork');
    echo 'parent connections: ', SnokeWs\Runtime::stats()['redis_connections_opened'], "\n";
    foreach (stream_bodies($stream) as $body) {
        echo json_decode($body, true)['payload'], "\n";
    }
} finally {
    redis_cleanup($prefix);
}
?>
--EXPECT--
child opened one connection
parent connections: 1
parent before fork
from child
from child again
parent after fork
