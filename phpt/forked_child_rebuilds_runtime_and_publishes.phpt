--TEST--
After pcntl_fork the child builds its own runtime and client (never reusing the parent's socket) and the parent keeps working
--EXTENSIONS--
pcntl
--FILE--
<?php
declare(strict_types=1);
require __DIR__ . '/support/gateway.inc';

$publisher = new SnokeWs\HttpPublisher(gateway_url(), gateway_api_key());
$publisher->publish(['user:nobody'], 'parent before fork');
$parentPid = getmypid();
echo 'parent connections: ', SnokeWs\Runtime::stats()['http_connections_opened'], "\n";

$pid = pcntl_fork();
if ($pid === -1) {
    throw new RuntimeException('fork failed');
}
if ($pid === 0) {
    // Child: nothing inherited counts as ours; the first call builds afresh.
    $before = SnokeWs\Runtime::stats();
    $sent = $publisher->publish(['user:nobody'], 'from child');
    $after = SnokeWs\Runtime::stats();
    $ok = $before['pid'] === getmypid() && $before['pid'] !== $parentPid
        && $before['http_connections_opened'] === 0
        && $sent === 0
        && $after['http_connections_opened'] === 1;
    // Skip PHP's shutdown in the child so only the parent prints.
    posix_kill(getmypid(), $ok ? SIGUSR1 : SIGUSR2);
    exit(1);
}

pcntl_waitpid($pid, $status);
echo 'child ', pcntl_wifsignaled($status) && pcntl_wtermsig($status) === SIGUSR1 ? 'rebuilt and published' : 'FAILED', "\n";

// The parent's keep-alive connection is untouched by the child.
var_dump($publisher->publish(['user:nobody'], 'parent after fork'));
echo 'parent connections: ', SnokeWs\Runtime::stats()['http_connections_opened'], "\n";
var_dump(SnokeWs\Runtime::stats()['pid'] === $parentPid);
?>
--EXPECT--
parent connections: 1
child rebuilt and published
int(0)
parent connections: 1
bool(true)
