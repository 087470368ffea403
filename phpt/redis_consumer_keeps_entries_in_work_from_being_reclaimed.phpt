--TEST--
RedisStreamConsumer::keep: entries still being worked on get their idle time reset, so another consumer does not re-claim them after claimIdleMs; their delivery count is left alone; an empty list sends nothing, a non-string id is refused by its index
--FILE--
<?php
declare(strict_types=1);
require __DIR__ . '/support/redis.inc';

$prefix = unique_name('keep');
$inbox = $prefix . 'inbox';
try {
    $slow = new SnokeWs\RedisStreamConsumer(redis_url(), [$inbox], 'g', 'slow', claimIdleMs: 1000, deadLetterStream: $prefix . 'dlq');
    $other = new SnokeWs\RedisStreamConsumer(redis_url(), [$inbox], 'g', 'other', claimIdleMs: 1000, deadLetterStream: $prefix . 'dlq');
    for ($i = 0; $i < 3; $i++) {
        redis_raw('XADD', $inbox, '*', 'data', json_encode(['type' => 'connected', 'n' => $i]));
    }
    $ids = array_column($slow->fetch(10, 1000), 'id');

    // The slow worker keeps the two it has not handled yet, twice within the claim delay.
    for ($round = 0; $round < 2; $round++) {
        usleep(400_000);
        var_dump($slow->keep($inbox, array_slice($ids, 1)));
    }
    usleep(400_000);
    // 1.2 s after the fetch, 0.4 s after the last keep: only the entry it did not keep is taken over.
    $taken = $other->fetch(10, 0);
    echo 'other consumer got: ', implode(',', array_map(static fn (array $e): string => $e['event']['n'] . '@' . $e['deliveries'], $taken)), "\n";
    $pending = redis_raw('XPENDING', $inbox, 'g', '-', '+', '10');
    foreach ($pending as [$id, $owner, $idle, $deliveries]) {
        echo array_search($id, $ids, true), ": $owner, delivered $deliveries\n";
    }

    var_dump($slow->keep($inbox, []));
    try {
        $slow->keep($inbox, [1]);
    } catch (SnokeWs\InvalidArgumentException $e) {
        echo $e->getMessage(), "\n";
    }
} finally {
    redis_cleanup($prefix);
}
?>
--EXPECT--
int(2)
int(2)
other consumer got: 0@2
0: other, delivered 2
1: slow, delivered 1
2: slow, delivered 1
int(0)
ids[0]: must be a string entry id
