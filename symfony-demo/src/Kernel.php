<?php

declare(strict_types=1);

namespace App;

use Symfony\Bundle\FrameworkBundle\Kernel\MicroKernelTrait;
use Symfony\Component\HttpKernel\Kernel as BaseKernel;

/**
 * The demo's kernel: bundles from config/bundles.php, configuration from
 * config/packages + config/services.yaml, routes from config/routes.yaml
 * (MicroKernelTrait's defaults, identical in Symfony 5.4, 6.4 and 7.x).
 *
 * `APP_VAR_DIR` moves cache, logs and the demo's inbox out of the project, so
 * several instances (e.g. the end-to-end tests) never share a compiled container.
 */
final class Kernel extends BaseKernel
{
    use MicroKernelTrait;

    public function getProjectDir(): string
    {
        return \dirname(__DIR__);
    }

    public function getCacheDir(): string
    {
        return $this->getVarDir() . '/cache/' . $this->environment;
    }

    public function getLogDir(): string
    {
        return $this->getVarDir() . '/log';
    }

    /**
     * Where the app writes at runtime.
     */
    public function getVarDir(): string
    {
        $dir = $_SERVER['APP_VAR_DIR'] ?? $_ENV['APP_VAR_DIR'] ?? getenv('APP_VAR_DIR');

        return \is_string($dir) && $dir !== '' ? rtrim($dir, '/') : $this->getProjectDir() . '/var';
    }

    protected function getKernelParameters(): array
    {
        return parent::getKernelParameters() + ['app.var_dir' => $this->getVarDir()];
    }
}
