<?php

declare(strict_types=1);

namespace Snoke\WsBundle\DependencyInjection\Definition;

use Symfony\Component\Config\Definition\Exception\InvalidConfigurationException;
use Symfony\Component\Config\Definition\ScalarNode;
use Symfony\Component\Config\Definition\NodeInterface;

/**
 * An enum node that also accepts `%env()%` placeholders.
 *
 * Symfony's EnumNode refuses every placeholder, but this bundle's modes and
 * types are usually env vars. Literal values are checked here; empty means
 * "use the default / fall back by mode"; placeholders are checked by the
 * services once the env var is resolved (see Snoke\WsBundle\Config).
 */
final class ChoiceNode extends ScalarNode
{
    /**
     * @param list<string> $choices
     */
    public function __construct(
        ?string $name,
        ?NodeInterface $parent,
        private array $choices,
        string $pathSeparator = self::DEFAULT_PATH_SEPARATOR,
    ) {
        parent::__construct($name, $parent, $pathSeparator);
    }

    /** @return list<string> */
    public function getChoices(): array
    {
        return $this->choices;
    }

    /**
     * `%env(default:param:VAR)%` may provide any type (array included) as far as
     * the placeholder check knows; the real value is checked when resolved.
     */
    protected function getValidPlaceholderTypes(): array
    {
        return [];
    }

    protected function validateType(mixed $value): void
    {
        if (!$this->isHandlingPlaceholder()) {
            parent::validateType($value);
        }
    }

    protected function finalizeValue(mixed $value): mixed
    {
        $value = parent::finalizeValue($value);
        if ($this->isHandlingPlaceholder() || $value === null || $value === '') {
            return $value;
        }
        if (!\is_string($value) || !\in_array(trim($value), $this->choices, true)) {
            $e = new InvalidConfigurationException(sprintf(
                'The value %s is not allowed for path "%s". Permissible values: "%s" '
                . '(or empty for the default, or an %%env()%% placeholder resolving to one of them).',
                json_encode($value, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE) ?: get_debug_type($value),
                $this->getPath(),
                implode('", "', $this->choices),
            ));
            $e->setPath($this->getPath());

            throw $e;
        }

        return trim($value);
    }
}
