<?php

declare(strict_types=1);

/*
 * Class loading without Composer: the bench classes and the bundle by PSR-4,
 * Symfony, Predis, php-amqplib and HttpClient from their Debian packages
 * (/usr/share/php, or SNOKE_BENCH_PHP_LIBS).
 */

(static function (): void {
    $root = getenv('SNOKE_BENCH_PHP_LIBS') ?: '/usr/share/php';
    $required = [
        'Symfony/Bundle/FrameworkBundle/autoload.php' => 'php-symfony-framework-bundle',
        'Symfony/Component/EventDispatcher/autoload.php' => 'php-symfony-event-dispatcher',
        'Symfony/Component/HttpClient/autoload.php' => 'php-symfony-http-client',
        'Predis/Autoloader.php' => 'php-nrk-predis',
        'PhpAmqpLib/autoload.php' => 'php-amqplib',
    ];
    foreach ($required as $file => $package) {
        if (!is_file($root . '/' . $file)) {
            fwrite(STDERR, "php bench: missing $root/$file (apt-get install $package)\n");
            exit(2);
        }
        require_once $root . '/' . $file;
    }
    \Predis\Autoloader::register();

    $repo = dirname(__DIR__, 3);
    $psr4 = [
        'SnokeWs\\Bench\\' => __DIR__ . '/',
        'Snoke\\WsBundle\\' => $repo . '/bundle/src/',
    ];
    spl_autoload_register(static function (string $class) use ($psr4): void {
        foreach ($psr4 as $prefix => $dir) {
            if (strncmp($class, $prefix, strlen($prefix)) === 0) {
                $file = $dir . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
                if (is_file($file)) {
                    require $file;
                }

                return;
            }
        }
    });
})();
