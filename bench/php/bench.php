<?php

declare(strict_types=1);

/*
 * One run of the PHP-side benchmarks of issue 4: appends contract JSON lines
 * (suite "php") to --out. Started by bench/php/run.sh, which knows the
 * gateway and the broker pids:
 *   php -d extension=libsnoke_ws.so bench.php --out FILE --run N [--quick]
 *       [--figures id,id] [--gateway-url URL --gateway-api-key KEY]
 *       [--redis-pid P] [--amqp-pid P] [--gateway-pid P] [--extension SO]
 * Exits 1 on any error or when one of ours lost a message, never on a slow number.
 */

use SnokeWs\Bench\Consume;
use SnokeWs\Bench\Env;
use SnokeWs\Bench\Figure;
use SnokeWs\Bench\HttpPublish;
use SnokeWs\Bench\Memory;
use SnokeWs\Bench\PresenceRead;
use SnokeWs\Bench\RabbitMqPublish;
use SnokeWs\Bench\Recorder;
use SnokeWs\Bench\RedisPublish;

require __DIR__ . '/src/autoload.php';

$options = [];
for ($i = 1; $i < $argc; ++$i) {
    if (!str_starts_with($argv[$i], '--')) {
        fwrite(STDERR, "php bench: unexpected argument {$argv[$i]}\n");
        exit(2);
    }
    $name = substr($argv[$i], 2);
    $options[$name] = $name === 'quick' ? '1' : ($argv[++$i] ?? '');
}
if (!extension_loaded('snoke_ws')) {
    fwrite(STDERR, "php bench: the snoke_ws extension is not loaded (php -d extension=...)\n");
    exit(2);
}
if (($options['out'] ?? '') === '') {
    fwrite(STDERR, "php bench: --out FILE is required\n");
    exit(2);
}

$figures = isset($options['figures']) ? explode(',', $options['figures']) : Figure::all();
$recorder = new Recorder($options['out'], (int) ($options['run'] ?? 1), isset($options['quick']));
$env = new Env($options, $recorder);
$runners = [
    'redis_publish_one' => RedisPublish::one(...),
    'redis_publish_batch100' => RedisPublish::batch(...),
    'rabbitmq_publish_confirm' => RabbitMqPublish::run(...),
    'http_publish_php' => HttpPublish::run(...),
    'presence_read_1000' => PresenceRead::run(...),
    'consume_noop' => Consume::noop(...),
    'consume_dispatcher' => Consume::dispatcher(...),
    'fpm_memory_added' => Memory::added(...),
    'fpm_memory_growth' => Memory::growth(...),
];

$failed = [];
foreach ($figures as $id) {
    if (!isset($runners[$id])) {
        fwrite(STDERR, "php bench: unknown figure $id\n");
        exit(2);
    }
    try {
        $runners[$id]($env);
    } catch (\Throwable $e) {
        $failed[] = $id;
        fprintf(STDERR, "php bench: %s failed: %s: %s\n", $id, get_debug_type($e), $e->getMessage());
    }
}
$env->dropRedisKeys();

if ($recorder->lostByOurs() > 0) {
    fprintf(STDERR, "php bench: snoke-ws lost %d message(s)\n", $recorder->lostByOurs());
    exit(1);
}
exit($failed === [] ? 0 : 1);
