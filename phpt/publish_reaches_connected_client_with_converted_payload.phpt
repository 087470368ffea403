--TEST--
A publish reaches a connected client as {"type":"event","payload":...}; PHP values convert to the JSON json_encode would write
--DESCRIPTION--
Key order is compared in publish_request_matches_the_gateway_contract.phpt, on the
request itself: whether the gateway keeps it is the gateway's business.
--FILE--
<?php
declare(strict_types=1);
require __DIR__ . '/support/gateway.inc';

$user = 'phpt-push-' . getmypid();
$socket = ws_connect($user);
wait_until_present(new SnokeWs\HttpPresence(gateway_url(), gateway_api_key()), $user);
$publisher = new SnokeWs\HttpPublisher(gateway_url(), gateway_api_key());

/** Objects' keys sorted, lists untouched. */
function sorted(mixed $value): mixed
{
    if (!is_array($value)) {
        return $value;
    }
    $value = array_map('sorted', $value);
    if (!array_is_list($value)) {
        ksort($value);
    }
    return $value;
}

$payloads = [
    ['type' => 'chat', 'text' => 'hi', 'n' => 3, 'ok' => true, 'none' => null],
    [1, 2.5, 'three', [4 => 'sparse'], []],
    [1 => 'a', 2 => 'b'],
    ['nested' => ['deep' => ['list' => [true, false]]], 'unicode' => "h\u{e9}llo \u{1F44B}"],
    'just a string',
    42,
    -0.25,
    null,
    [],
];
foreach ($payloads as $payload) {
    $sent = $publisher->publish(["user:$user"], $payload);
    $frame = ws_read_json($socket);
    $same = sorted($frame) === sorted(['type' => 'event', 'payload' => json_decode(json_encode($payload), true)]);
    echo $sent, ' ', $same ? 'same as json_encode' : 'DIFFERENT: ' . json_encode($frame), "\n";
}

// A subject listed twice still reaches the connection once.
var_dump($publisher->publish(["user:$user", "user:$user"], 'once'));
fclose($socket);
?>
--EXPECT--
1 same as json_encode
1 same as json_encode
1 same as json_encode
1 same as json_encode
1 same as json_encode
1 same as json_encode
1 same as json_encode
1 same as json_encode
1 same as json_encode
int(1)
