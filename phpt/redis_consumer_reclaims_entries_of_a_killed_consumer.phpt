--TEST--
RedisStreamConsumer: entries fetched by a consumer that was killed before acking are re-claimed by another after claimIdleMs, with their delivery count
--EXTENSIONS--
pcntl
posix
--FILE--
<?php
declare(strict_types=1);
require __DIR__ . '/support/redis.inc';

$prefix = unique_name('reclaim');
$inbox = $prefix . 'inbox';
$settings = [redis_url(), [$inbox], 'g', null, 5, 200, $prefix . 'dlq'];
try {
    for ($i = 0; $i < 3; $i++) {
        redis_raw('XADD', $inbox, '*', 'data', json_encode(['type' => 'connected', 'n' => $i]));
    }
    $pid = pcntl_fork();
    if ($pid === -1) {
        throw new RuntimeException('fork failed');
    }
    if ($pid === 0) {
        // The crashing worker: takes the entries and dies without acking.
        $doomed = new SnokeWs\RedisStreamConsumer(...$settings);
        $taken = count($doomed->fetch(10, 1000));
        posix_kill(getmypid(), $taken === 3 ? SIGKILL : SIGUSR2);
        exit(1);
    }
    pcntl_waitpid($pid, $status);
    echo 'worker killed: ', var_export(pcntl_wifsignaled($status) && pcntl_wtermsig($status) === SIGKILL, true), "\n";
    $pending = redis_raw('XPENDING', $inbox, 'g');
    echo 'pending after crash: ', $pending[0], ' owned by ', str_contains($pending[3][0][0], "-$pid-") ? 'the dead consumer' : $pending[3][0][0], "\n";

    $survivor = new SnokeWs\RedisStreamConsumer(...$settings);
    // Not yet idle long enough: nothing new, nothing re-claimed.
    var_dump($survivor->fetch(10, 0));
    usleep(300_000);
    $batch = $survivor->fetch(10, 1000);
    foreach ($batch as $entry) {
        echo 'n=', $entry['event']['n'], ' deliveries=', $entry['deliveries'], "\n";
        $survivor->ack($entry['stream'], $entry['id']);
    }
    echo 'pending after ack: ', redis_raw('XPENDING', $inbox, 'g')[0], "\n";
} finally {
    redis_cleanup($prefix);
}
?>
--EXPECT--
worker killed: true
pending after crash: 3 owned by the dead consumer
array(0) {
}
n=0 deliveries=2
n=1 deliveries=2
n=2 deliveries=2
pending after ack: 0
