--TEST--
Malformed constructor and method arguments raise SnokeWs\InvalidArgumentException naming the argument, before any I/O
--FILE--
<?php
declare(strict_types=1);

function attempt(callable $call): void
{
    try {
        $call();
        echo "accepted\n";
    } catch (SnokeWs\InvalidArgumentException $e) {
        echo $e->getMessage(), "\n";
    }
}

attempt(fn () => new SnokeWs\HttpPublisher(''));
attempt(fn () => new SnokeWs\HttpPublisher('127.0.0.1:8000'));
attempt(fn () => new SnokeWs\HttpPublisher('ftp://127.0.0.1/'));
attempt(fn () => new SnokeWs\HttpPublisher('http://127.0.0.1:8000?x=1'));
attempt(fn () => new SnokeWs\HttpPublisher('http://127.0.0.1:8000', null, 0.0));
attempt(fn () => new SnokeWs\HttpPublisher('http://127.0.0.1:8000', null, -1.0));
attempt(fn () => new SnokeWs\HttpPublisher('http://127.0.0.1:8000', null, NAN));
attempt(fn () => new SnokeWs\HttpPublisher('http://127.0.0.1:8000', null, 5.0, 'internal/publish'));
attempt(fn () => new SnokeWs\HttpPublisher('http://127.0.0.1:8000', "secret\r\nX-Injected: 1"));
attempt(fn () => new SnokeWs\HttpPublisher('http://127.0.0.1:8000', 'key', 5.0, '/internal/publish', 'Bad Header'));
attempt(fn () => new SnokeWs\HttpPresence('http://127.0.0.1:8000', null, 5.0, '/internal/connections', '/internal/users/connections'));
attempt(fn () => new SnokeWs\HttpPresence('http://127.0.0.1:8000', null, 5.0, 'connections'));

$publisher = new SnokeWs\HttpPublisher('http://127.0.0.1:1');
attempt(fn () => $publisher->publish(['user:1', 42], 'x'));
attempt(fn () => $publisher->publish(['user:1', ''], 'x'));
attempt(fn () => (new SnokeWs\HttpPresence('http://127.0.0.1:1'))->listConnectionsForUser(''));

// Nothing above reached the network.
var_dump(SnokeWs\Runtime::stats()['http_connections_opened']);

// PHP's own type checks still apply (TypeError, not our exception).
try {
    $publisher->publish('user:1', 'x');
} catch (TypeError $e) {
    echo "TypeError\n";
}
?>
--EXPECT--
baseUrl: must not be empty (the gateway's URL, e.g. http://127.0.0.1:8000)
baseUrl: not an absolute URL (relative URL without a base)
baseUrl: scheme must be http or https, got "ftp"
baseUrl: must not contain a query or fragment
timeoutSeconds: must be a number of seconds in (0, 3600], got 0
timeoutSeconds: must be a number of seconds in (0, 3600], got -1
timeoutSeconds: must be a number of seconds in (0, 3600], got NaN
publishPath: must start with "/", got "internal/publish"
apiKey: contains characters not allowed in an HTTP header (value not shown)
apiKeyHeader: "Bad Header" is not a valid HTTP header name
byUserPath: must contain "{user_id}", got "/internal/users/connections"
listPath: must start with "/", got "connections"
subjects[1]: must be a string, got Long
subjects[1]: must not be empty
userId: must not be empty
int(0)
TypeError
