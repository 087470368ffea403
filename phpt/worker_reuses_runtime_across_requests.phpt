--TEST--
A web worker (php -S with forked workers) keeps its runtime and connection from one request to the next
--FILE--
<?php
declare(strict_types=1);
require __DIR__ . '/support/gateway.inc';

// Each request publishes once and reports its worker's stats before and after.
$router = tempnam(sys_get_temp_dir(), 'snoke-phpt-router-');
file_put_contents($router, <<<'PHP'
<?php
$before = SnokeWs\Runtime::stats()['http_connections_opened'];
(new SnokeWs\HttpPublisher(getenv('SNOKE_WS_GATEWAY_URL'), getenv('SNOKE_WS_GATEWAY_API_KEY')))
    ->publish(['user:nobody'], ['from' => 'worker']);
$after = SnokeWs\Runtime::stats();
echo json_encode(['pid' => $after['pid'], 'before' => $before, 'after' => $after['http_connections_opened']]);
PHP);

$port = closed_port();
$server = proc_open(
    [PHP_BINARY, '-n', '-d', 'extension=' . env_or_fail('SNOKE_WS_EXTENSION_SO'), '-S', "127.0.0.1:$port", $router],
    [0 => ['file', '/dev/null', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']],
    $pipes,
    null,
    ['PHP_CLI_SERVER_WORKERS' => '2'] + getenv(),
);

$deadline = microtime(true) + 10;
$responses = [];
while (count($responses) < 8 && microtime(true) < $deadline) {
    $body = @file_get_contents("http://127.0.0.1:$port/");
    if ($body === false) {
        usleep(50000);
        continue;
    }
    $responses[] = json_decode($body, true);
}
proc_terminate($server);
proc_close($server);
unlink($router);

var_dump(count($responses));
$seen = [];
$ok = true;
foreach ($responses as $r) {
    // First request in a worker connects; every later one finds the connection open.
    $expectedBefore = isset($seen[$r['pid']]) ? 1 : 0;
    $ok = $ok && $r['before'] === $expectedBefore && $r['after'] === 1 && $r['pid'] !== getmypid();
    $seen[$r['pid']] = true;
}
var_dump($ok);
var_dump(count($responses) > count($seen));
?>
--EXPECT--
int(8)
bool(true)
bool(true)
