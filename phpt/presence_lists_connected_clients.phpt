--TEST--
HttpPresence lists a connected client (filtered by subject / user id, and by user), as plain PHP arrays
--FILE--
<?php
declare(strict_types=1);
require __DIR__ . '/support/gateway.inc';

$user = 'phpt-presence-' . getmypid();
$presence = new SnokeWs\HttpPresence(gateway_url(), gateway_api_key());
var_dump($presence->listConnectionsForUser($user));

$socket = ws_connect($user);
$mine = wait_until_present($presence, $user);
var_dump(count($mine), array_is_list($mine));
$connection = $mine[0];
var_dump(array_keys($connection));
var_dump($connection['user_id'] === $user, $connection['subjects'] === ["user:$user"]);
var_dump(is_string($connection['connection_id']), is_int($connection['connected_at']));

$ids = fn (array $list) => array_column($list, 'connection_id');
var_dump(in_array($connection['connection_id'], $ids($presence->listConnections()), true));
var_dump($ids($presence->listConnections(subject: "user:$user")) === [$connection['connection_id']]);
var_dump($ids($presence->listConnections(userId: $user)) === [$connection['connection_id']]);
var_dump($presence->listConnections(subject: "user:$user", userId: 'someone-else'));
// Ids are URL-encoded: characters with a meaning in URLs reach the gateway as data.
var_dump($presence->listConnectionsForUser('a/b?c=d&e#f'));
var_dump($presence->listConnections(userId: 'x&subject=user:' . $user));

fclose($socket);
?>
--EXPECT--
array(0) {
}
int(1)
bool(true)
array(4) {
  [0]=>
  string(13) "connection_id"
  [1]=>
  string(7) "user_id"
  [2]=>
  string(8) "subjects"
  [3]=>
  string(12) "connected_at"
}
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
array(0) {
}
array(0) {
}
array(0) {
}
