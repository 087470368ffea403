--TEST--
After pcntl_fork a child publishing to RabbitMQ opens its own connection; the parent's connection keeps working
--EXTENSIONS--
pcntl
posix
--FILE--
<?php
declare(strict_types=1);
require __DIR__ . '/support/amqp.inc';

$publisher = new SnokeWs\RabbitMqPublisher(amqp_url(), amqp_name('fork') . 'outbox', 'outbox');
$publisher->publish(['user:1'], 'parent before fork');

$pid = pcntl_fork();
if ($pid === -1) {
    throw new RuntimeException('fork failed');
}
if ($pid === 0) {
    $before = SnokeWs\Runtime::stats()['amqp_connections_opened'];
    $publisher->publish(['user:1'], 'from child');
    $publisher->publish(['user:1'], 'from child again');
    $after = SnokeWs\Runtime::stats()['amqp_connections_opened'];
    posix_kill(getmypid(), $before === 0 && $after === 1 ? SIGUSR1 : SIGUSR2);
    exit(1);
}
pcntl_waitpid($pid, $status);
echo 'child ', pcntl_wifsignaled($status) && pcntl_wtermsig($status) === SIGUSR1 ? 'opened one connection' : 'FAILED', "\n";

$publisher->publish(['user:1'], 'parent after fork');
echo 'parent connections: ', SnokeWs\Runtime::stats()['amqp_connections_opened'], "\n";
?>
--EXPECT--
child opened one connection
parent connections: 1
