<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Service;

use Snoke\WsBundle\Contract\ConnectionSubjectInterface;
use Snoke\WsBundle\Contract\SubjectKeyResolverInterface;
use Snoke\WsBundle\Exception\InvalidSubjectException;

/**
 * Bare ids become user subjects ("42" and 42 → "user:42"), keys that already
 * carry the user prefix stay as they are, and a ConnectionSubjectInterface
 * names its own key.
 */
final class SimpleSubjectKeyResolver implements SubjectKeyResolverInterface
{
    private string $userPrefix;

    /**
     * @param array{user_prefix?: string} $config the `snoke_ws.subjects` section
     */
    public function __construct(array $config = [])
    {
        $this->userPrefix = (string) ($config['user_prefix'] ?? 'user:');
    }

    public function resolve(mixed $subject): string
    {
        if ($subject instanceof ConnectionSubjectInterface) {
            return $subject->subjectKey();
        }
        if (\is_int($subject)) {
            $subject = (string) $subject;
        }
        if ($subject instanceof \Stringable) {
            return (string) $subject;
        }
        if (!\is_string($subject) || $subject === '') {
            throw new InvalidSubjectException(sprintf(
                'Cannot use %s as a subject: pass a user id (string or int), a subject key, or a %s.',
                $subject === '' ? 'an empty string' : get_debug_type($subject),
                ConnectionSubjectInterface::class,
            ));
        }
        if ($this->userPrefix !== '' && str_starts_with($subject, $this->userPrefix)) {
            return $subject;
        }

        return $this->userPrefix . $subject;
    }
}
