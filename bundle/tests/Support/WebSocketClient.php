<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Tests\Support;

use PHPUnit\Framework\Assert;

/**
 * Just enough of a WebSocket client to be a user connected to the gateway:
 * the opening handshake, and reading small unfragmented text frames from the
 * server (which never masks). Not a general client — the end-to-end suite
 * uses a real one; here it only has to prove a push arrived.
 */
final class WebSocketClient
{
    /** @param resource $socket */
    private function __construct(private $socket)
    {
    }

    public static function connect(int $port, string $token): self
    {
        $socket = stream_socket_client('tcp://127.0.0.1:' . $port, $errno, $error, 5);
        Assert::assertNotFalse($socket, "cannot reach the gateway: $error");
        stream_set_timeout($socket, 5);

        $key = base64_encode(random_bytes(16));
        fwrite($socket, "GET /ws?token={$token} HTTP/1.1\r\nHost: 127.0.0.1:{$port}\r\nUpgrade: websocket\r\n"
            . "Connection: Upgrade\r\nSec-WebSocket-Key: {$key}\r\nSec-WebSocket-Version: 13\r\n\r\n");

        $head = '';
        while (!str_contains($head, "\r\n\r\n")) {
            $line = fgets($socket);
            Assert::assertNotFalse($line, 'gateway closed the connection during the handshake');
            $head .= $line;
        }
        Assert::assertStringStartsWith('HTTP/1.1 101', $head, "handshake refused:\n" . $head);
        $accept = base64_encode(sha1($key . '258EAFA5-E914-47DA-95CA-C5AB0DC85B11', true));
        Assert::assertMatchesRegularExpression('/sec-websocket-accept: ' . preg_quote($accept, '/') . '/i', $head);

        return new self($socket);
    }

    /**
     * @return array{opcode: int, payload: string}
     */
    public function readFrame(): array
    {
        [$first, $second] = array_values(unpack('C2', $this->read(2)));
        $length = $second & 0x7F;
        if ($length === 126) {
            $length = unpack('n', $this->read(2))[1];
        } elseif ($length === 127) {
            $length = unpack('J', $this->read(8))[1];
        }

        return ['opcode' => $first & 0x0F, 'payload' => $length > 0 ? $this->read($length) : ''];
    }

    /** The next text frame, decoded. */
    public function readJson(): mixed
    {
        $frame = $this->readFrame();
        Assert::assertSame(0x1, $frame['opcode'], 'expected a text frame, got opcode ' . $frame['opcode']);

        return json_decode($frame['payload'], true, 512, JSON_THROW_ON_ERROR);
    }

    public function close(): void
    {
        fclose($this->socket);
    }

    private function read(int $bytes): string
    {
        $data = '';
        while (\strlen($data) < $bytes) {
            $chunk = fread($this->socket, $bytes - \strlen($data));
            Assert::assertNotFalse($chunk);
            Assert::assertFalse(stream_get_meta_data($this->socket)['timed_out'], 'timed out waiting for a frame');
            Assert::assertNotSame('', $chunk, 'gateway closed the socket');
            $data .= $chunk;
        }

        return $data;
    }
}
