--TEST--
RedisStreamConsumer: a poison entry is redelivered until maxDeliveries, then moved to the dead-letter stream with its error; it does not block the entries behind it; an unparseable entry is dead-lettered at once
--FILE--
<?php
declare(strict_types=1);
require __DIR__ . '/support/redis.inc';

$prefix = unique_name('poison');
$inbox = $prefix . 'inbox';
$dlq = $prefix . 'dlq';
try {
    $consumer = new SnokeWs\RedisStreamConsumer(redis_url(), [$inbox], 'g', null, 3, 50, $dlq);
    $consumer->fetch(1, 0);
    redis_raw('XADD', $inbox, '*', 'data', '{"type":"message_received","poison":true}');
    redis_raw('XADD', $inbox, '*', 'data', '{"type":"message_received","n":1}');
    redis_raw('XADD', $inbox, '*', 'data', 'not json');
    redis_raw('XADD', $inbox, '*', 'data', '{"type":"message_received","n":2}');

    $handled = [];
    for ($round = 0; $round < 40 && (redis_raw('XLEN', $dlq) < 2 || count($handled) < 2); $round++) {
        foreach ($consumer->fetch(10, 100) as $entry) {
            if (isset($entry['event']['poison'])) {
                $dead = $consumer->fail($entry['stream'], $entry['id'], "listener threw on delivery {$entry['deliveries']}");
                echo 'poison delivery ', $entry['deliveries'], ': ', $dead ? 'dead-lettered' : 'left pending', "\n";
            } else {
                $handled[] = $entry['event']['n'];
                $consumer->ack($entry['stream'], $entry['id']);
            }
        }
        usleep(60_000);
    }
    echo 'handled: ', implode(',', $handled), "\n";
    echo 'pending: ', redis_raw('XPENDING', $inbox, 'g')[0], "\n";
    foreach (redis_raw('XRANGE', $dlq, '-', '+') as [$id, $fields]) {
        $entry = [];
        for ($i = 0; $i < count($fields); $i += 2) {
            $entry[$fields[$i]] = $fields[$i + 1];
        }
        unset($entry['id'], $entry['consumer']);
        $entry['stream'] = substr($entry['stream'], strlen($prefix));
        echo json_encode($entry), "\n";
    }
    // Failing an entry that is no longer pending changes nothing.
    var_dump($consumer->fail($inbox, '1-1', 'late'));
} finally {
    redis_cleanup($prefix);
}
?>
--EXPECT--
poison delivery 1: left pending
poison delivery 2: left pending
poison delivery 3: dead-lettered
handled: 1,2
pending: 0
{"stream":"inbox","group":"g","deliveries":"1","error":"\"data\" is not a JSON object: expected ident at line 1 column 2","data":"not json"}
{"stream":"inbox","group":"g","deliveries":"3","error":"listener threw on delivery 3","data":"{\"type\":\"message_received\",\"poison\":true}"}
bool(false)
