--TEST--
Payload values JSON cannot carry faithfully (objects, resources, NAN/INF, invalid UTF-8) are refused with their path; nothing is sent
--FILE--
<?php
declare(strict_types=1);
require __DIR__ . '/support/gateway.inc';

$publisher = new SnokeWs\HttpPublisher(gateway_url(), gateway_api_key());
$resource = fopen('php://memory', 'r');

$payloads = [
    new stdClass(),
    ['items' => [1, 2, new ArrayObject()]],
    ['meta' => ['file' => $resource]],
    [5 => ['x' => NAN]],
    ['deep' => [[[INF]]]],
    ['text' => "\xff\xfe"],
    ['when' => new DateTimeImmutable('2020-01-01')],
];
foreach ($payloads as $payload) {
    try {
        $publisher->publish(['user:nobody'], $payload);
        echo "sent\n";
    } catch (SnokeWs\InvalidArgumentException $e) {
        echo $e->getMessage(), "\n";
    }
}
// A PHP reference inside the payload is followed, not refused.
$shared = ['a' => 1];
$withReference = ['ref' => &$shared];
var_dump($publisher->publish(['user:nobody'], $withReference));
var_dump(SnokeWs\Runtime::stats()['http_connections_opened']);
?>
--EXPECTF--
payload: objects are not accepted (got stdClass); pass arrays and scalars
payload.items[2]: objects are not accepted (got ArrayObject); pass arrays and scalars
payload.meta.file: resources are not accepted
payload[5].x: float NAN has no JSON representation
payload.deep[0][0][0]: float INF has no JSON representation
payload.text: string is not valid UTF-8
payload.when: objects are not accepted (got DateTimeImmutable); pass arrays and scalars
int(0)
int(1)
