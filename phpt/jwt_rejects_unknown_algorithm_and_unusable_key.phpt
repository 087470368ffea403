--TEST--
Jwt::sign: unknown algorithms and malformed claims are InvalidArgumentException, unusable keys JwtException without key material
--EXTENSIONS--
openssl
--FILE--
<?php
declare(strict_types=1);

function attempt(array $claims, string $key, string $alg): void
{
    try {
        SnokeWs\Jwt::sign($claims, $key, $alg);
        echo "signed\n";
    } catch (SnokeWs\InvalidArgumentException | SnokeWs\JwtException $e) {
        $leaks = str_contains($e->getMessage(), 'TOPSECRET') || str_contains($e->getMessage(), 'MII');
        echo get_class($e), ': ', $e->getMessage(), $leaks ? ' [LEAKS KEY]' : '', "\n";
    }
}

attempt(['sub' => '1'], 'k', 'none');
attempt(['sub' => '1'], 'k', 'hs256');
attempt(['sub' => '1'], 'k', 'HS1024');
attempt(['a', 'b'], 'k', 'HS256');
attempt(['sub' => new stdClass()], 'k', 'HS256');
attempt(['sub' => '1'], '', 'HS256');
attempt(['sub' => '1'], "-----BEGIN PRIVATE KEY-----\nTOPSECRET\n-----END PRIVATE KEY-----\n", 'RS256');
attempt(['sub' => '1'], 'TOPSECRET plain secret', 'ES256');

// An RSA key for an EC algorithm, and the other way round.
$rsa = openssl_pkey_new(['private_key_type' => OPENSSL_KEYTYPE_RSA, 'private_key_bits' => 2048]);
openssl_pkey_export($rsa, $rsaPem);
attempt(['sub' => '1'], $rsaPem, 'ES256');
$ec = openssl_pkey_new(['private_key_type' => OPENSSL_KEYTYPE_EC, 'curve_name' => 'prime256v1']);
openssl_pkey_export($ec, $ecPem);
attempt(['sub' => '1'], $ecPem, 'RS256');
// A P-256 key for ES384.
attempt(['sub' => '1'], $ecPem, 'ES384');
?>
--EXPECTF--
SnokeWs\InvalidArgumentException: algorithm: "none" is not supported; use one of HS256 HS384 HS512 RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 EdDSA
SnokeWs\InvalidArgumentException: algorithm: "hs256" is not supported; use one of HS256 HS384 HS512 RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 EdDSA
SnokeWs\InvalidArgumentException: algorithm: "HS1024" is not supported; use one of HS256 HS384 HS512 RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 EdDSA
SnokeWs\InvalidArgumentException: claims: must be an associative array (claim name => value), got a list
SnokeWs\InvalidArgumentException: claims.sub: objects are not accepted (got stdClass); pass arrays and scalars
SnokeWs\InvalidArgumentException: key: must not be empty
SnokeWs\JwtException: cannot sign JWT: key is not an RSA private key in PEM usable with RS256 (%s)
SnokeWs\JwtException: cannot sign JWT: key is not an EC private key in PKCS#8 PEM ("BEGIN PRIVATE KEY") usable with ES256 (%s)
SnokeWs\JwtException: cannot sign JWT: %s
SnokeWs\JwtException: cannot sign JWT: %s
SnokeWs\JwtException: cannot sign JWT: %s
