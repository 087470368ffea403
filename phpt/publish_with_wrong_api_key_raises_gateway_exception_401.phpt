--TEST--
A wrong or missing API key is a SnokeWs\GatewayException with code 401; the key never appears in the message
--FILE--
<?php
declare(strict_types=1);
require __DIR__ . '/support/gateway.inc';

foreach (['wrong-key-do-not-print', null] as $key) {
    try {
        (new SnokeWs\HttpPublisher(gateway_url(), $key))->publish(['user:1'], ['x' => 1]);
        echo "no exception\n";
    } catch (SnokeWs\GatewayException $e) {
        var_dump($e->getCode());
        var_dump($e instanceof SnokeWs\SnokeWsException && $e instanceof RuntimeException);
        var_dump(str_contains($e->getMessage(), 'HTTP 401'));
        var_dump(str_contains($e->getMessage(), '/internal/publish'));
        var_dump(str_contains($e->getMessage(), 'wrong-key') || str_contains($e->getMessage(), gateway_api_key()));
    }
}

try {
    (new SnokeWs\HttpPresence(gateway_url(), 'wrong-key-do-not-print'))->listConnections();
} catch (SnokeWs\GatewayException $e) {
    var_dump($e->getCode());
}
?>
--EXPECT--
int(401)
bool(true)
bool(true)
bool(true)
bool(false)
int(401)
bool(true)
bool(true)
bool(true)
bool(false)
int(401)
