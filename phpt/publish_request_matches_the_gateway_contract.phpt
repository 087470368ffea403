--TEST--
The publish request is POST {publishPath} with {"subjects","payload","traceparent"?} in PHP's key order, JSON content type and the API key in apiKeyHeader
--EXTENSIONS--
pcntl
--FILE--
<?php
declare(strict_types=1);

// A one-shot HTTP endpoint in a forked child records the raw request, so the
// exact bytes the extension sends can be checked (the real gateway only says
// whether it accepted them; the other tests cover that).
function capture_one_request(callable $send): string
{
    $server = stream_socket_server('tcp://127.0.0.1:0');
    $address = stream_socket_get_name($server, false);
    $file = tempnam(sys_get_temp_dir(), 'snoke-phpt-');
    $pid = pcntl_fork();
    if ($pid === 0) {
        $connection = stream_socket_accept($server, 5);
        $request = '';
        while (!str_contains($request, "\r\n\r\n")) {
            $request .= fread($connection, 8192);
        }
        preg_match('/content-length: (\d+)/i', $request, $m);
        while (strlen($request) - strpos($request, "\r\n\r\n") - 4 < (int) $m[1]) {
            $request .= fread($connection, 8192);
        }
        file_put_contents($file, $request);
        fwrite($connection, "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 10\r\nconnection: close\r\n\r\n{\"sent\":3}");
        fclose($connection);
        posix_kill(getmypid(), SIGKILL);
    }
    fclose($server);
    $send("http://$address");
    pcntl_waitpid($pid, $status);
    $request = file_get_contents($file);
    unlink($file);
    return $request;
}

$request = capture_one_request(function (string $url): void {
    $publisher = new SnokeWs\HttpPublisher($url . '/prefix/', 'the-api-key', 2.0, '/custom/publish', 'X-Gateway-Key');
    var_dump($publisher->publish(
        ['user:42', 'room:7'],
        ['z' => 1, 'a' => ['y' => true, 'b' => null], 'list' => [3, 2, 1]],
        '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    ));
});
[$head, $body] = explode("\r\n\r\n", $request, 2);
$lines = explode("\r\n", $head);
echo $lines[0], "\n";
$headers = [];
foreach (array_slice($lines, 1) as $line) {
    [$name, $value] = explode(':', $line, 2);
    $headers[strtolower($name)] = trim($value);
}
echo 'content-type: ', $headers['content-type'], "\n";
echo 'x-gateway-key: ', $headers['x-gateway-key'], "\n";
echo $body, "\n";

// Without traceparent and API key, neither is sent.
$request = capture_one_request(function (string $url): void {
    (new SnokeWs\HttpPublisher($url))->publish(['user:1'], 'hi');
});
[$head, $body] = explode("\r\n\r\n", $request, 2);
var_dump(stripos($head, 'x-api-key') === false);
echo $body, "\n";
?>
--EXPECT--
int(3)
POST /prefix/custom/publish HTTP/1.1
content-type: application/json
x-gateway-key: the-api-key
{"subjects":["user:42","room:7"],"payload":{"z":1,"a":{"y":true,"b":null},"list":[3,2,1]},"traceparent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"}
bool(true)
{"subjects":["user:1"],"payload":"hi"}
