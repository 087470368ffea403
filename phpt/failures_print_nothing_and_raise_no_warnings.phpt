--TEST--
Failing calls print nothing on stdout or stderr and raise no PHP warnings or notices
--FILE--
<?php
declare(strict_types=1);
require __DIR__ . '/support/gateway.inc';

// The failures run in a child PHP process so its stderr can be inspected too.
$script = <<<'PHP'
<?php
error_reporting(E_ALL);
set_error_handler(function (int $no, string $message): bool { echo "PHP ERROR: $message\n"; return true; });
[, $closedPort, $gateway] = $argv;
$calls = [
    fn () => (new SnokeWs\HttpPublisher("http://127.0.0.1:$closedPort", 'k', 0.5))->publish(['user:1'], 'x'),
    fn () => (new SnokeWs\HttpPublisher($gateway, 'wrong'))->publish(['user:1'], 'x'),
    fn () => (new SnokeWs\HttpPresence($gateway, 'wrong'))->listConnections(),
    fn () => SnokeWs\Jwt::sign(['a' => 1], "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----", 'ES256'),
    fn () => SnokeWs\Jwt::sign(['a' => 1], 'k', 'none'),
    fn () => (new SnokeWs\HttpPublisher($gateway))->publish(['user:1'], new stdClass()),
    fn () => new SnokeWs\HttpPublisher('nope'),
];
$caught = 0;
foreach ($calls as $call) {
    try {
        $call();
    } catch (SnokeWs\SnokeWsException | SnokeWs\InvalidArgumentException $e) {
        $caught++;
    }
}
exit($caught === count($calls) ? 0 : 1);
PHP;
$file = tempnam(sys_get_temp_dir(), 'snoke-phpt-');
file_put_contents($file, $script);

$process = proc_open(
    [PHP_BINARY, '-n', '-d', 'extension=' . env_or_fail('SNOKE_WS_EXTENSION_SO'), $file, (string) closed_port(), gateway_url()],
    [1 => ['pipe', 'w'], 2 => ['pipe', 'w']],
    $pipes,
);
$stdout = stream_get_contents($pipes[1]);
$stderr = stream_get_contents($pipes[2]);
$exit = proc_close($process);
unlink($file);

var_dump($exit, $stdout, $stderr);
?>
--EXPECT--
int(0)
string(0) ""
string(0) ""
