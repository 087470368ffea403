<?php

declare(strict_types=1);

namespace Snoke\WsBundle\Service;

use Snoke\WsBundle\Exception\InvalidPayloadException;

/**
 * Brings a payload into the shape the extension accepts (null, scalars and
 * arrays): objects anywhere inside — JsonSerializable, DTOs with public
 * properties — are turned into what json_encode makes of them.
 */
final class JsonPayload
{
    /**
     * @throws InvalidPayloadException
     */
    public static function normalize(mixed $payload): mixed
    {
        if (!self::containsObject($payload)) {
            return $payload;
        }
        try {
            return json_decode(
                json_encode($payload, JSON_THROW_ON_ERROR | JSON_PRESERVE_ZERO_FRACTION),
                true,
                512,
                JSON_THROW_ON_ERROR,
            );
        } catch (\JsonException $e) {
            throw new InvalidPayloadException('Payload cannot be encoded as JSON: ' . $e->getMessage(), 0, $e);
        }
    }

    private static function containsObject(mixed $value): bool
    {
        if (\is_object($value)) {
            return true;
        }
        if (\is_array($value)) {
            foreach ($value as $item) {
                if (self::containsObject($item)) {
                    return true;
                }
            }
        }

        return false;
    }
}
