<?php

declare(strict_types=1);

namespace Snoke\WsBundle\DependencyInjection\Definition;

use Symfony\Component\Config\Definition\Builder\ScalarNodeDefinition;
use Symfony\Component\Config\Definition\ScalarNode;

/**
 * Builds a ChoiceNode: `(new ChoiceNodeDefinition('mode'))->values([...])`.
 */
final class ChoiceNodeDefinition extends ScalarNodeDefinition
{
    /** @var list<string> */
    private array $choices = [];

    /**
     * @param list<string> $values
     *
     * @return $this
     */
    public function values(array $values): static
    {
        $this->choices = array_values($values);

        return $this;
    }

    protected function instantiateNode(): ScalarNode
    {
        return new ChoiceNode($this->name, $this->parent, $this->choices, $this->pathSeparator);
    }
}
