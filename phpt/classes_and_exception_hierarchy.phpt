--TEST--
SnokeWs classes exist; exceptions extend RuntimeException / InvalidArgumentException / Error, implement SnokeWs\ExceptionInterface and behave like PHP's own
--FILE--
<?php
declare(strict_types=1);

foreach (['HttpPublisher', 'HttpPresence', 'Jwt', 'Runtime', 'RedisStreamPublisher', 'RedisPresence', 'RedisStreamConsumer'] as $class) {
    $r = new ReflectionClass("SnokeWs\\$class");
    echo $class, ': final=', var_export($r->isFinal(), true), "\n";
}
foreach ([
    'SnokeWsException', 'ConnectionException', 'GatewayException', 'JwtException', 'BrokerException',
    'InvalidArgumentException', 'InternalError',
] as $class) {
    echo $class, ' < ', implode(' < ', class_parents("SnokeWs\\$class")), "\n";
    if (!is_subclass_of("SnokeWs\\$class", SnokeWs\ExceptionInterface::class)) {
        echo "  does not implement SnokeWs\\ExceptionInterface\n";
    }
}
var_dump(interface_exists(SnokeWs\ExceptionInterface::class), is_subclass_of(SnokeWs\ExceptionInterface::class, Throwable::class));

// Constructible from PHP, with file/line/previous like any exception.
$previous = new LogicException('cause');
$e = new SnokeWs\GatewayException('gateway said no', 503, $previous);
var_dump($e->getMessage(), $e->getCode(), $e->getPrevious() === $previous, $e->getLine() === __LINE__ - 1);
var_dump((new SnokeWs\InternalError('bug')) instanceof Error);
var_dump((new ReflectionClass(SnokeWs\InternalError::class))->isFinal());

// Thrown from the extension: the trace points at the PHP caller.
function sign_with_unknown_algorithm(): void
{
    SnokeWs\Jwt::sign(['sub' => '1'], 'secret', 'none');
}
try {
    sign_with_unknown_algorithm();
} catch (SnokeWs\ExceptionInterface $e) {
    echo get_class($e), ' ', basename($e->getFile()), ' ', $e->getTrace()[0]['function'], "\n";
}
?>
--EXPECT--
HttpPublisher: final=true
HttpPresence: final=true
Jwt: final=true
Runtime: final=true
RedisStreamPublisher: final=true
RedisPresence: final=true
RedisStreamConsumer: final=true
SnokeWsException < RuntimeException < Exception
ConnectionException < SnokeWs\SnokeWsException < RuntimeException < Exception
GatewayException < SnokeWs\SnokeWsException < RuntimeException < Exception
JwtException < SnokeWs\SnokeWsException < RuntimeException < Exception
BrokerException < SnokeWs\SnokeWsException < RuntimeException < Exception
InvalidArgumentException < InvalidArgumentException < LogicException < Exception
InternalError < Error
bool(true)
bool(true)
string(15) "gateway said no"
int(503)
bool(true)
bool(true)
bool(true)
bool(true)
SnokeWs\InvalidArgumentException classes_and_exception_hierarchy.php sign
