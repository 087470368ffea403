--TEST--
An unreachable or silent gateway raises SnokeWs\ConnectionException within the configured timeout
--FILE--
<?php
declare(strict_types=1);
require __DIR__ . '/support/gateway.inc';

// Nothing listens: refused at once.
$port = closed_port();
try {
    (new SnokeWs\HttpPublisher("http://127.0.0.1:$port", 'k', 1.0))->publish(['user:1'], 'x');
} catch (SnokeWs\ConnectionException $e) {
    echo str_replace((string) $port, 'PORT', $e->getMessage()), "\n";
    var_dump($e instanceof SnokeWs\SnokeWsException);
}
try {
    (new SnokeWs\HttpPresence("http://127.0.0.1:$port", null, 1.0))->listConnectionsForUser('7');
} catch (SnokeWs\ConnectionException $e) {
    echo str_replace((string) $port, 'PORT', $e->getMessage()), "\n";
}

// Accepts the connection (kernel backlog) but never answers: the timeout ends it.
$silent = stream_socket_server('tcp://127.0.0.1:0');
$silentUrl = 'http://' . stream_socket_get_name($silent, false);
$started = microtime(true);
try {
    (new SnokeWs\HttpPublisher($silentUrl, null, 0.5))->publish(['user:1'], 'x');
} catch (SnokeWs\ConnectionException $e) {
    $elapsed = microtime(true) - $started;
    echo preg_replace('/127\.0\.0\.1:\d+/', 'ADDR', $e->getMessage()), "\n";
    var_dump($elapsed >= 0.4, $elapsed < 3.0);
}
?>
--EXPECTF--
POST http://127.0.0.1:PORT/internal/publish failed: cannot connect: %sConnection refused%s
bool(true)
GET http://127.0.0.1:PORT/internal/users/7/connections failed: cannot connect: %sConnection refused%s
POST http://ADDR/internal/publish failed: no answer within 0.500s (connect limit 0.500s)
bool(true)
bool(true)
