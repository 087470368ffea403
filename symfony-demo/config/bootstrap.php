<?php

declare(strict_types=1);

use Symfony\Component\Dotenv\Dotenv;

/*
 * Shared by public/index.php and bin/console: class loading, then the
 * environment. Real environment variables win over .env; .env.local (not
 * committed) overrides .env on one machine.
 */

require_once dirname(__DIR__) . '/autoload.php';

// PHP's built-in server (and FPM with clear_env) with the usual
// variables_order=GPCS exposes the real environment only through getenv();
// Dotenv would then let .env override it. Real variables must win.
foreach (getenv() as $name => $value) {
    $_SERVER[$name] ??= $value;
    $_ENV[$name] ??= $value;
}

// Lets .env point at files next to the project (${DEMO_PROJECT_DIR}/../var/keys/...).
$_SERVER['DEMO_PROJECT_DIR'] = dirname(__DIR__);

(new Dotenv())->bootEnv(dirname(__DIR__) . '/.env');
