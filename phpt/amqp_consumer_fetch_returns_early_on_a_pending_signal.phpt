--TEST--
RabbitMqConsumer: a blocking fetch returns early when a signal arrives (pcntl_async_signals), so the handler runs and the worker can stop
--EXTENSIONS--
pcntl
posix
--FILE--
<?php
declare(strict_types=1);
require __DIR__ . '/support/amqp.inc';

$prefix = amqp_name('signal');
$consumer = amqp_consumer($prefix, 'q', [['exchange' => $prefix . 'inbox', 'routing_key' => 'inbox']]);
$consumer->fetch(1, 0);

pcntl_async_signals(true);
$stop = false;
pcntl_signal(SIGTERM, function () use (&$stop): void {
    $stop = true;
});
$parent = getmypid();
$pid = pcntl_fork();
if ($pid === 0) {
    usleep(150_000);
    posix_kill($parent, SIGTERM);
    posix_kill(getmypid(), SIGKILL);
}
$started = microtime(true);
$rounds = 0;
while (!$stop && $rounds < 10) {
    $consumer->fetch(10, 1000);
    $rounds++;
}
$elapsed = microtime(true) - $started;
pcntl_waitpid($pid, $status);
var_dump($stop, $rounds, $elapsed < 0.9);
?>
--EXPECT--
bool(true)
int(1)
bool(true)
