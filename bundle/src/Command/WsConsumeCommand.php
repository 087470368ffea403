<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Command;

use Snoke\WsBundle\Exception\WsExceptionInterface;
use Snoke\WsBundle\Service\InboxConsumer;
use Symfony\Component\Console\Attribute\AsCommand;
use Symfony\Component\Console\Command\Command;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Output\ConsoleOutputInterface;
use Symfony\Component\Console\Output\OutputInterface;

/**
 * `php bin/console ws:consume`: runs the inbox consumer (core mode).
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
        $this->setDescription(self::DESCRIPTION);
    }

    protected function execute(InputInterface $input, OutputInterface $output): int
    {
        try {
            $this->consumer->run();
        } catch (WsExceptionInterface $e) {
            $errors = $output instanceof ConsoleOutputInterface ? $output->getErrorOutput() : $output;
            $errors->writeln('<error>' . $e->getMessage() . '</error>');

            return Command::FAILURE;
        }

        return Command::SUCCESS;
    }
}
