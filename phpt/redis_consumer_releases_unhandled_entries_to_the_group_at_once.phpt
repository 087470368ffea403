--TEST--
RedisStreamConsumer::release: entries fetched but not handled go back to the group at once — another consumer re-claims them on its next fetch instead of after claimIdleMs, with their delivery count left alone; acked ids and an empty list are no-ops, a non-string id is refused by its index
--FILE--
<?php
declare(strict_types=1);
require __DIR__ . '/support/redis.inc';

$prefix = unique_name('release');
$inbox = $prefix . 'inbox';
try {
    $stopping = new SnokeWs\RedisStreamConsumer(redis_url(), [$inbox], 'g', 'stopping', claimIdleMs: 60000, deadLetterStream: $prefix . 'dlq');
    $next = new SnokeWs\RedisStreamConsumer(redis_url(), [$inbox], 'g', 'next', claimIdleMs: 60000, deadLetterStream: $prefix . 'dlq');
    for ($i = 0; $i < 4; $i++) {
        redis_raw('XADD', $inbox, '*', 'data', json_encode(['type' => 'connected', 'n' => $i]));
    }
    $batch = $stopping->fetch(10, 1000);
    $ids = array_column($batch, 'id');
    // The first entry was handled; the worker stops before the other three.
    $stopping->ack($inbox, $ids[0]);
    var_dump($stopping->release($inbox, $ids));

    $taken = $next->fetch(10, 0);
    echo 'next consumer got: ', implode(',', array_map(static fn (array $e): string => $e['event']['n'] . '@' . $e['deliveries'], $taken)), "\n";
    echo 'pending on next: ', redis_raw('XPENDING', $inbox, 'g')[0], "\n";

    var_dump($stopping->release($inbox, []));
    try {
        $stopping->release($inbox, ['1-0', 7]);
    } catch (SnokeWs\InvalidArgumentException $e) {
        echo $e->getMessage(), "\n";
    }

    // Without release, the same situation leaves them to claimIdleMs (60 s here).
    redis_raw('XADD', $inbox, '*', 'data', json_encode(['type' => 'connected', 'n' => 4]));
    $stopping->fetch(10, 1000);
    echo 'unreleased, next consumer got: ', count($next->fetch(10, 0)), "\n";
} finally {
    redis_cleanup($prefix);
}
?>
--EXPECT--
int(3)
next consumer got: 1@2,2@2,3@2
pending on next: 3
int(0)
ids[1]: must be a string entry id
unreleased, next consumer got: 0
