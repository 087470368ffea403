<?php

declare(strict_types=1);

/*
 * Prints this process's VmRSS in kB after using every extension publisher and
 * reader once (when the extension is loaded): what a PHP-FPM worker carries
 * for it. Run once with and once without `-d extension=`.
 *   php memory-probe.php <redis-dsn> <amqp-dsn> <gateway-url> <api-key> <key-prefix>
 */

[, $redisDsn, $amqpDsn, $gatewayUrl, $apiKey, $prefix] = $argv + array_fill(0, 6, '');
if (extension_loaded('snoke_ws')) {
    $payload = ['type' => 'chat', 'text' => 'hello'];
    (new SnokeWs\RedisStreamPublisher($redisDsn, $prefix . 'probe'))->publish(['user:42'], $payload);
    (new SnokeWs\RedisPresence($redisDsn, $prefix . 'presence:'))->listConnections('room:none');
    if ($amqpDsn !== '') {
        (new SnokeWs\RabbitMqPublisher($amqpDsn, $prefix . 'probe-exchange', 'probe'))->publish(['user:42'], $payload);
    }
    if ($gatewayUrl !== '') {
        (new SnokeWs\HttpPublisher($gatewayUrl, $apiKey))->publish(['user:42'], $payload);
    }
}
gc_collect_cycles();
preg_match('/^VmRSS:\s+(\d+)\s+kB/m', (string) file_get_contents('/proc/self/status'), $match);
echo $match[1] ?? '0', "\n";
