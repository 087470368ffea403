<?php

declare(strict_types=1);

use App\Kernel;
use Symfony\Component\ErrorHandler\Debug;
use Symfony\Component\HttpFoundation\Request;

/*
 * Front controller, and router script for PHP's built-in server:
 *   php -S 127.0.0.1:8080 public/index.php
 * Files under public/ are served as they are, whatever the server's document
 * root is; every other request goes to the kernel.
 */

if (PHP_SAPI === 'cli-server') {
    $types = [
        'css' => 'text/css',
        'js' => 'text/javascript',
        'svg' => 'image/svg+xml',
        'ico' => 'image/x-icon',
        'png' => 'image/png',
    ];
    $path = rawurldecode((string) parse_url($_SERVER['REQUEST_URI'] ?? '/', PHP_URL_PATH));
    // A lexical check, not realpath(): assets/vendor/snoke-ws-client is a
    // committed symlink to ../clients/js/src, outside this directory. No "..",
    // and only the static types below, so nothing else can be reached or leaked.
    $type = $types[strtolower(pathinfo($path, PATHINFO_EXTENSION))] ?? null;
    if ($type !== null && !str_contains($path, "\0") && preg_match('#(^|/)\.\.(/|$)#', $path) !== 1
        && is_file(__DIR__ . $path)) {
        header('Content-Type: ' . $type);
        header('Cache-Control: no-cache');
        readfile(__DIR__ . $path);

        return true;
    }
}

require dirname(__DIR__) . '/config/bootstrap.php';

if ($_SERVER['APP_DEBUG']) {
    umask(0000);
    Debug::enable();
}

$kernel = new Kernel($_SERVER['APP_ENV'], (bool) $_SERVER['APP_DEBUG']);
$request = Request::createFromGlobals();
$response = $kernel->handle($request);
$response->send();
$kernel->terminate($request, $response);
