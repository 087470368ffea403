<?php

// Exception classes of the snoke_ws extension.
//
// Registered as plain internal classes (like SPL's exceptions) so they carry
// file, line and trace and can be constructed from PHP; `cargo php stubs` does
// not list such classes, so they are declared here by hand.
// `scripts/check-stubs.sh` fails when this file and the loaded extension differ.

namespace SnokeWs {
    /**
     * Implemented by every exception the extension throws: `catch (ExceptionInterface $e)` covers them all.
     */
    interface ExceptionInterface extends \Throwable {}

    /**
     * Base of every runtime failure raised by the extension.
     */
    class SnokeWsException extends \RuntimeException implements \SnokeWs\ExceptionInterface {}

    /**
     * The peer (gateway, broker) could not be reached, or did not answer within the timeout.
     */
    class ConnectionException extends \SnokeWs\SnokeWsException {}

    /**
     * The gateway answered, but with an error status; `getCode()` is the HTTP status.
     */
    class GatewayException extends \SnokeWs\SnokeWsException {}

    /**
     * A broker (Redis) answered a command with an error reply; the message names the command and the broker.
     */
    class BrokerException extends \SnokeWs\SnokeWsException {}

    /**
     * A JWT could not be signed (bad key, key that does not fit the algorithm).
     */
    class JwtException extends \SnokeWs\SnokeWsException {}

    /**
     * An argument was rejected before any I/O; the message names it (e.g. `payload.items[2]`).
     */
    class InvalidArgumentException extends \InvalidArgumentException implements \SnokeWs\ExceptionInterface {}

    /**
     * A bug inside the extension (a Rust panic), caught at the boundary.
     */
    final class InternalError extends \Error implements \SnokeWs\ExceptionInterface {}
}
