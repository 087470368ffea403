<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\DependencyInjection\Fixtures;

use Snoke\WsBundle\Contract\PresenceProviderInterface;
use Snoke\WsBundle\Contract\PresenceWriterInterface;
use Snoke\WsBundle\Contract\PublisherInterface;
use Snoke\WsBundle\Contract\SubjectKeyResolverInterface;
use Snoke\WsBundle\Contract\UserResolverInterface;
use Snoke\WsBundle\Service\DemoTokenService;
use Snoke\WsBundle\Service\InboxConsumer;
use Snoke\WsBundle\Service\WebsocketPublisher;

/**
 * An application service that asks for everything the bundle offers by type.
 */
final class AutowiredConsumer
{
    public function __construct(
        public WebsocketPublisher $websocketPublisher,
        public PublisherInterface $publisher,
        public PresenceProviderInterface $presence,
        public PresenceWriterInterface $presenceWriter,
        public SubjectKeyResolverInterface $subjectKeyResolver,
        public UserResolverInterface $userResolver,
        public DemoTokenService $tokens,
        public InboxConsumer $consumer,
    ) {
    }
}
