--TEST--
RedisStreamConsumer used in a forked child: the child reads under a consumer name of its own on its own connection; the parent keeps its name and keeps reading
--EXTENSIONS--
pcntl
posix
--FILE--
<?php
declare(strict_types=1);
require __DIR__ . '/support/redis.inc';

$prefix = unique_name('forkconsumer');
$inbox = $prefix . 'inbox';
try {
    $consumer = new SnokeWs\RedisStreamConsumer(redis_url(), [$inbox], 'g', deadLetterStream: $prefix . 'dlq');
    $consumer->fetch(1, 0);
    $parentName = $consumer->consumerName();
    redis_raw('XADD', $inbox, '*', 'data', '{"type":"connected","by":"child"}');

    $pid = pcntl_fork();
    if ($pid === -1) {
        throw new RuntimeException('fork failed');
    }
    if ($pid === 0) {
        $name = $consumer->consumerName();
        $batch = $consumer->fetch(10, 1000);
        $ok = $name !== $parentName && str_contains($name, '-' . getmypid() . '-')
            && count($batch) === 1 && $batch[0]['event']['by'] === 'child'
            && SnokeWs\Runtime::stats()['redis_connections_opened'] === 2;
        $consumer->ack($batch[0]['stream'], $batch[0]['id']);
        posix_kill(getmypid(), $ok ? SIGUSR1 : SIGUSR2);
        exit(1);
    }
    pcntl_waitpid($pid, $status);
    echo 'child ', pcntl_wifsignaled($status) && pcntl_wtermsig($status) === SIGUSR1 ? 'read under its own name' : 'FAILED', "\n";

    redis_raw('XADD', $inbox, '*', 'data', '{"type":"connected","by":"parent"}');
    $batch = $consumer->fetch(10, 1000);
    echo 'parent read: ', $batch[0]['event']['by'], ' as ', $consumer->consumerName() === $parentName ? 'the same name' : 'ANOTHER NAME', "\n";
    $consumer->ack($batch[0]['stream'], $batch[0]['id']);
    echo 'consumers in group: ', count(redis_raw('XINFO', 'CONSUMERS', $inbox, 'g')), "\n";
} finally {
    redis_cleanup($prefix);
}
?>
--EXPECT--
child read under its own name
parent read: parent as the same name
consumers in group: 2
