--TEST--
Non-2xx answers become SnokeWs\GatewayException with the HTTP status as code (404 on a wrong path)
--FILE--
<?php
declare(strict_types=1);
require __DIR__ . '/support/gateway.inc';

$publisher = new SnokeWs\HttpPublisher(gateway_url(), gateway_api_key(), publishPath: '/internal/no-such-endpoint');
try {
    $publisher->publish(['user:1'], 'x');
} catch (SnokeWs\GatewayException $e) {
    var_dump($e->getCode());
    echo preg_replace('/^POST http:\/\/127\.0\.0\.1:\d+/', 'POST <gateway>', $e->getMessage()), "\n";
}
?>
--EXPECTF--
int(404)
POST <gateway>/internal/no-such-endpoint answered HTTP 404: %s
