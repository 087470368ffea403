<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\Support;

use Snoke\WsBundle\Tests\Functional\App\RecordingListener;
use Snoke\WsBundle\Tests\Functional\App\TestKernel;
use Symfony\Component\DependencyInjection\ContainerInterface;
use Symfony\Component\Filesystem\Filesystem;
use Symfony\Component\HttpFoundation\Request;
use Symfony\Component\HttpFoundation\Response;

/**
 * A booted TestKernel with helpers for requests and services; remove() deletes
 * its compiled cache.
 */
final class BootedKernel
{
    private TestKernel $kernel;

    /**
     * @param list<array<string, mixed>> $extraConfigs
     */
    public function __construct(array $extraConfigs = [])
    {
        $this->kernel = new TestKernel($extraConfigs);
        $this->kernel->boot();
    }

    public function handle(Request $request): Response
    {
        return $this->kernel->handle($request);
    }

    /** A service, private ones included (framework.test). */
    public function service(string $id): object
    {
        $container = $this->kernel->getContainer();
        $testContainer = $container->get('test.service_container');
        \assert($testContainer instanceof ContainerInterface);

        return $testContainer->get($id);
    }

    public function recorder(): RecordingListener
    {
        $recorder = $this->service(RecordingListener::class);
        \assert($recorder instanceof RecordingListener);

        return $recorder;
    }

    public function remove(): void
    {
        $this->kernel->shutdown();
        (new Filesystem())->remove($this->kernel->getVarDir());
    }
}
