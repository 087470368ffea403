<?php

declare(strict_types=1);

/*
 * Class loading for the demo.
 *
 * With `composer install` this is just vendor/autoload.php. Without Composer
 * (the set-up command installs Symfony 5.4 as Debian packages, and Packagist may
 * be unreachable) it loads Debian's per-package autoloaders and maps the two
 * PSR-4 roots the demo needs: App\ (this app) and Snoke\WsBundle\ (../bundle).
 */

if (is_file(__DIR__ . '/vendor/autoload.php')) {
    return require __DIR__ . '/vendor/autoload.php';
}

(static function (): void {
    $systemRoot = getenv('SNOKE_DEMO_PHP_LIBS') ?: '/usr/share/php';
    $required = [
        'Symfony/Bundle/FrameworkBundle/autoload.php',
        'Symfony/Bundle/TwigBundle/autoload.php',
        'Symfony/Component/Console/autoload.php',
        'Symfony/Component/Dotenv/autoload.php',
        'Symfony/Component/Yaml/autoload.php',
        'Twig/autoload.php',
    ];
    foreach ($required as $file) {
        $path = $systemRoot . '/' . $file;
        if (!is_file($path)) {
            throw new \LogicException("symfony-demo: missing $path"
                . ' (install the php-symfony-* and php-twig Debian packages, or run composer install)');
        }
        require_once $path;
    }

    $psr4 = [
        'App\\' => __DIR__ . '/src/',
        'Snoke\\WsBundle\\' => dirname(__DIR__) . '/bundle/src/',
    ];
    spl_autoload_register(static function (string $class) use ($psr4): void {
        foreach ($psr4 as $prefix => $dir) {
            if (strncmp($class, $prefix, strlen($prefix)) !== 0) {
                continue;
            }
            $file = $dir . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
            if (is_file($file)) {
                require $file;
            }

            return;
        }
    });
})();
