<?php

declare(strict_types=1);

/*
 * Test class loading without Composer: Debian's Symfony 5.4 packages
 * (/usr/share/php, or SNOKE_BUNDLE_PHP_LIBS) plus PSR-4 for the bundle and its
 * tests. With `composer install` in bundle/, vendor/autoload.php is used.
 */

if (is_file(__DIR__ . '/../vendor/autoload.php')) {
    require __DIR__ . '/../vendor/autoload.php';

    return;
}

(static function (): void {
    $root = getenv('SNOKE_BUNDLE_PHP_LIBS') ?: '/usr/share/php';
    foreach (
        [
        'Symfony/Bundle/FrameworkBundle/autoload.php',
        'Symfony/Component/Console/autoload.php',
        'Symfony/Component/Yaml/autoload.php',
        'Symfony/Component/Process/autoload.php',
        ] as $file
    ) {
        if (!is_file($root . '/' . $file)) {
            fwrite(STDERR, "bundle tests: missing $root/$file (install the php-symfony-* Debian packages)\n");
            exit(1);
        }
        require_once $root . '/' . $file;
    }

    $psr4 = [
        'Snoke\\WsBundle\\Tests\\' => __DIR__ . '/',
        'Snoke\\WsBundle\\' => dirname(__DIR__) . '/src/',
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
