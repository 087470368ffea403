<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Command;

use Snoke\WsBundle\Exception\WsExceptionInterface;
use Snoke\WsBundle\Service\ConsumedEntry;
use Snoke\WsBundle\Service\ConsumeLimits;
use Snoke\WsBundle\Service\InboxConsumer;
use Symfony\Component\Console\Attribute\AsCommand;
use Symfony\Component\Console\Command\Command;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Input\InputOption;
use Symfony\Component\Console\Output\ConsoleOutputInterface;
use Symfony\Component\Console\Output\OutputInterface;

/**
 * `php bin/console ws:consume`: runs the inbox consumer (core mode), in the
 * spirit of `messenger:consume`.
 *
 * SIGTERM and SIGINT let the event in hand finish and be acked, then the
 * command exits 0. Default output is one status line at the end; `-v` adds a
 * line per event.
 */
#[AsCommand(name: self::NAME, description: self::DESCRIPTION)]
final class WsConsumeCommand extends Command
{
    public const NAME = 'ws:consume';
    private const DESCRIPTION = 'Consume gateway events (ws.inbox, ws.events) from the broker '
        . 'and dispatch them as Symfony events';

    public function __construct(private InboxConsumer $consumer)
    {
        parent::__construct(self::NAME);
    }

    protected function configure(): void
    {
        $this
            ->setDescription(self::DESCRIPTION)
            ->addOption('limit', 'l', InputOption::VALUE_REQUIRED, 'Stop after this many events')
            ->addOption('time-limit', 't', InputOption::VALUE_REQUIRED, 'Stop after this many seconds')
            ->addOption('memory-limit', 'm', InputOption::VALUE_REQUIRED, 'Stop above this memory use (e.g. 128M)')
            ->setHelp(<<<'HELP'
                Reads the gateway's events (a Redis consumer group, or a RabbitMQ queue, by
                events.type) and dispatches WebsocketConnectionEstablishedEvent,
                WebsocketMessageReceivedEvent and WebsocketConnectionClosedEvent, like the
                webhook controller does.

                An event is acknowledged once every listener returned. When a listener throws,
                the error is logged and the event is delivered again later; after
                events.<type>.max_deliveries attempts it is dead-lettered with the error.

                  <info>php %command.full_name% --limit=100 --time-limit=3600 --memory-limit=128M</info>

                Run it under a process manager that restarts it; SIGTERM/SIGINT stop it cleanly.
                HELP);
    }

    protected function execute(InputInterface $input, OutputInterface $output): int
    {
        $errors = $output instanceof ConsoleOutputInterface ? $output->getErrorOutput() : $output;
        $restoreSignals = $this->stopOnSignals();
        try {
            $limits = ConsumeLimits::fromOptions(
                self::option($input, 'limit'),
                self::option($input, 'time-limit'),
                self::option($input, 'memory-limit'),
            );
            $verbose = $output->isVerbose();
            $report = $this->consumer->run(
                $limits,
                static function (ConsumedEntry $entry) use ($output, $verbose): void {
                    if ($verbose) {
                        $output->writeln($entry->describe());
                    }
                },
            );
        } catch (WsExceptionInterface $e) {
            $errors->writeln('<error>' . $e->getMessage() . '</error>');

            return Command::FAILURE;
        } finally {
            $restoreSignals();
        }

        if (!$output->isQuiet()) {
            $output->writeln($report->summary(microtime(true)));
        }

        return Command::SUCCESS;
    }

    /**
     * Makes SIGTERM/SIGINT ask the consumer to stop after the entry in hand.
     *
     * @return \Closure(): void puts the previous handlers back
     */
    private function stopOnSignals(): \Closure
    {
        if (!\function_exists('pcntl_signal')) {
            return static function (): void {
            };
        }
        $wasAsync = pcntl_async_signals(true);
        $previous = [];
        foreach ([\SIGTERM, \SIGINT] as $signal) {
            $previous[$signal] = pcntl_signal_get_handler($signal);
            pcntl_signal($signal, function (): void {
                $this->consumer->stop();
            });
        }

        return static function () use ($previous, $wasAsync): void {
            foreach ($previous as $signal => $handler) {
                pcntl_signal($signal, $handler);
            }
            pcntl_async_signals($wasAsync);
        };
    }

    private static function option(InputInterface $input, string $name): ?string
    {
        $value = $input->getOption($name);

        return $value === null ? null : (string) $value;
    }
}
