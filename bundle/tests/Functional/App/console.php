<?php

declare(strict_types=1);

/*
 * bin/console of the TestKernel, for tests that need a real process (signals).
 * Env: SNOKE_WS_TEST_KERNEL_CONFIG (JSON list of snoke_ws configs),
 * SNOKE_WS_TEST_KERNEL_VAR_DIR (cache dir, removed by the test).
 */

use Snoke\WsBundle\Tests\Functional\App\TestKernel;
use Symfony\Bundle\FrameworkBundle\Console\Application;

require \dirname(__DIR__, 2) . '/bootstrap.php';

$configs = json_decode(getenv('SNOKE_WS_TEST_KERNEL_CONFIG') ?: '[]', true, 512, JSON_THROW_ON_ERROR);
$kernel = new TestKernel($configs, getenv('SNOKE_WS_TEST_KERNEL_VAR_DIR') ?: null);
exit((new Application($kernel))->run());
