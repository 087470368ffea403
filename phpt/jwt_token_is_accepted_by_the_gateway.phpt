--TEST--
A token signed by Jwt::sign opens a WebSocket on the real gateway (configured with the same HS256 secret)
--FILE--
<?php
declare(strict_types=1);
require __DIR__ . '/support/gateway.inc';

$user = 'phpt-jwt-' . getmypid();
$socket = ws_connect($user);
$connections = wait_until_present(new SnokeWs\HttpPresence(gateway_url(), gateway_api_key()), $user);
var_dump($connections[0]['user_id'] === $user);
fclose($socket);
?>
--EXPECT--
bool(true)
