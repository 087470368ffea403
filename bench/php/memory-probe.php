<?php

declare(strict_types=1);

/*
 * Prints this process's VmRSS and its anonymous (private, not file-backed)
 * memory in kB, "<rss> <anon>", after using every extension publisher and
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
$status = (string) file_get_contents('/proc/self/status');
preg_match('/^VmRSS:\s+(\d+)\s+kB/m', $status, $rss);
preg_match('/^RssAnon:\s+(\d+)\s+kB/m', $status, $anon);
echo $rss[1] ?? '0', ' ', $anon[1] ?? '0', "\n";
