--TEST--
The per-process client keeps its connection: two publishes (and a presence read) open one TCP connection
--FILE--
<?php
declare(strict_types=1);
require __DIR__ . '/support/gateway.inc';

$stats = SnokeWs\Runtime::stats();
var_dump($stats === ['pid' => getmypid(), 'http_connections_opened' => 0, 'redis_connections_opened' => 0, 'amqp_connections_opened' => 0]);

$publisher = new SnokeWs\HttpPublisher(gateway_url(), gateway_api_key());
$publisher->publish(['user:nobody'], 'first');
var_dump(SnokeWs\Runtime::stats()['http_connections_opened']);
$publisher->publish(['user:nobody'], 'second');
var_dump(SnokeWs\Runtime::stats()['http_connections_opened']);

// Another publisher object with the same settings shares the process's client.
(new SnokeWs\HttpPublisher(gateway_url(), gateway_api_key()))->publish(['user:nobody'], 'third');
(new SnokeWs\HttpPresence(gateway_url(), gateway_api_key()))->listConnections();
var_dump(SnokeWs\Runtime::stats()['http_connections_opened']);
?>
--EXPECT--
bool(true)
int(1)
int(1)
int(1)
