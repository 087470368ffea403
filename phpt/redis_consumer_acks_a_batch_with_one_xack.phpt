--TEST--
RedisStreamConsumer::ackMany: a fetched batch is acked with one XACK (the count of entries still pending comes back), an empty list sends nothing, a non-string id is refused by its index
--FILE--
<?php
declare(strict_types=1);
require __DIR__ . '/support/redis.inc';

$prefix = unique_name('ackmany');
$inbox = $prefix . 'inbox';
try {
    $consumer = new SnokeWs\RedisStreamConsumer(redis_url(), [$inbox], 'g', deadLetterStream: $prefix . 'dlq');
    for ($i = 0; $i < 5; $i++) {
        redis_raw('XADD', $inbox, '*', 'data', json_encode(['type' => 'connected', 'n' => $i]));
    }
    $batch = $consumer->fetch(10, 1000);
    echo count($batch), ' fetched, pending: ', redis_raw('XPENDING', $inbox, 'g')[0], "\n";

    $ids = array_column($batch, 'id');
    var_dump($consumer->ackMany($inbox, array_slice($ids, 0, 3)));
    echo 'pending: ', redis_raw('XPENDING', $inbox, 'g')[0], "\n";
    // Already acked ids are not counted again.
    var_dump($consumer->ackMany($inbox, $ids));
    echo 'pending: ', redis_raw('XPENDING', $inbox, 'g')[0], "\n";
    var_dump($consumer->ackMany($inbox, []));

    try {
        $consumer->ackMany($inbox, ['1-0', 42]);
    } catch (SnokeWs\InvalidArgumentException $e) {
        echo $e->getMessage(), "\n";
    }
} finally {
    redis_cleanup($prefix);
}
?>
--EXPECT--
5 fetched, pending: 5
int(3)
pending: 2
int(2)
pending: 0
int(0)
ids[1]: must be a string entry id
