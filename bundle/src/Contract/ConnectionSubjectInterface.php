<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Contract;

/**
 * Implemented by application objects that know their own subject key.
 */
interface ConnectionSubjectInterface
{
    public function subjectKey(): string;
}
