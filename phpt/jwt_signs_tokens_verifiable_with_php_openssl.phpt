--TEST--
Jwt::sign produces HS256/HS512, RS256/RS512 and ES256/ES384 tokens that PHP's hash_hmac / openssl_verify accept
--EXTENSIONS--
openssl
--FILE--
<?php
declare(strict_types=1);

function b64url_decode(string $data): string
{
    return base64_decode(strtr($data, '-_', '+/') . str_repeat('=', (4 - strlen($data) % 4) % 4), true);
}

/** JOSE ECDSA signatures are r||s; openssl_verify wants DER. */
function jose_to_der(string $signature): string
{
    $half = intdiv(strlen($signature), 2);
    $integer = function (string $bytes): string {
        $bytes = ltrim($bytes, "\0");
        if ($bytes === '' || ord($bytes[0]) > 0x7F) {
            $bytes = "\0" . $bytes;
        }
        return "\x02" . chr(strlen($bytes)) . $bytes;
    };
    $body = $integer(substr($signature, 0, $half)) . $integer(substr($signature, $half));
    $length = strlen($body) < 128 ? chr(strlen($body)) : "\x81" . chr(strlen($body));
    return "\x30" . $length . $body;
}

function check(string $token, string $alg, callable $verify): void
{
    [$header, $payload, $signature] = explode('.', $token);
    $h = json_decode(b64url_decode($header), true);
    $p = json_decode(b64url_decode($payload), true);
    $valid = $verify("$header.$payload", b64url_decode($signature));
    printf("%s header=%s/%s claims=%s/%d valid=%s\n", $alg, $h['alg'], $h['kid'] ?? '-', $p['user_id'], $p['exp'], var_export($valid, true));
}

$claims = ['user_id' => '42', 'exp' => 4102444800];

foreach (['HS256' => 'sha256', 'HS512' => 'sha512'] as $alg => $hash) {
    $token = SnokeWs\Jwt::sign($claims, 's3cret', $alg, 'hmac-key');
    check($token, $alg, fn ($input, $sig) => hash_equals(hash_hmac($hash, $input, 's3cret', true), $sig));
}

$rsa = openssl_pkey_new(['private_key_type' => OPENSSL_KEYTYPE_RSA, 'private_key_bits' => 2048]);
openssl_pkey_export($rsa, $rsaPem);
$rsaPublic = openssl_pkey_get_details($rsa)['key'];
foreach (['RS256' => OPENSSL_ALGO_SHA256, 'RS512' => OPENSSL_ALGO_SHA512] as $alg => $digest) {
    $token = SnokeWs\Jwt::sign($claims, $rsaPem, $alg);
    check($token, $alg, fn ($input, $sig) => openssl_verify($input, $sig, $rsaPublic, $digest) === 1);
}
// The default algorithm is RS256.
check(SnokeWs\Jwt::sign($claims, $rsaPem), 'default', fn ($input, $sig) => openssl_verify($input, $sig, $rsaPublic, OPENSSL_ALGO_SHA256) === 1);

foreach (['ES256' => ['prime256v1', OPENSSL_ALGO_SHA256], 'ES384' => ['secp384r1', OPENSSL_ALGO_SHA384]] as $alg => [$curve, $digest]) {
    $ec = openssl_pkey_new(['private_key_type' => OPENSSL_KEYTYPE_EC, 'curve_name' => $curve]);
    openssl_pkey_export($ec, $ecPem);
    $ecPublic = openssl_pkey_get_details($ec)['key'];
    $token = SnokeWs\Jwt::sign($claims, $ecPem, $alg, 'ec-key');
    check($token, $alg, fn ($input, $sig) => openssl_verify($input, jose_to_der($sig), $ecPublic, $digest) === 1);
}

// A PS256 token is signed too (PHP's openssl_verify cannot check PSS padding).
var_dump(count(explode('.', SnokeWs\Jwt::sign($claims, $rsaPem, 'PS256'))) === 3);
// An empty claim set is an empty JSON object.
var_dump(b64url_decode(explode('.', SnokeWs\Jwt::sign([], 'k', 'HS256'))[1]));
?>
--EXPECT--
HS256 header=HS256/hmac-key claims=42/4102444800 valid=true
HS512 header=HS512/hmac-key claims=42/4102444800 valid=true
RS256 header=RS256/- claims=42/4102444800 valid=true
RS512 header=RS512/- claims=42/4102444800 valid=true
default header=RS256/- claims=42/4102444800 valid=true
ES256 header=ES256/ec-key claims=42/4102444800 valid=true
ES384 header=ES384/ec-key claims=42/4102444800 valid=true
bool(true)
string(2) "{}"
