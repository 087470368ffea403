--TEST--
HttpPublisher::publish returns the gateway's "sent" (0 when nobody is connected)
--FILE--
<?php
declare(strict_types=1);
require __DIR__ . '/support/gateway.inc';

$publisher = new SnokeWs\HttpPublisher(gateway_url(), gateway_api_key());
var_dump($publisher->publish(['user:nobody'], ['type' => 'hello']));
var_dump($publisher->publish([], null));
var_dump($publisher->publish(['user:nobody', 'room:empty'], 'text', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'));

// Named arguments use the documented parameter names.
$named = new SnokeWs\HttpPublisher(baseUrl: gateway_url(), apiKey: gateway_api_key(), timeoutSeconds: 2.0);
var_dump($named->publish(subjects: ['user:nobody'], payload: [1, 2, 3]));
?>
--EXPECT--
int(0)
int(0)
int(0)
int(0)
