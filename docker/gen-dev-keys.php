<?php

declare(strict_types=1);

/*
 * The compose stack's `keys` service: creates the RS256 development key pair
 * (the same files scripts/gen-dev-keys.sh makes) in the shared keys volume,
 * unless it exists. Dev keys only: production keys come from your secret store.
 *
 *   php gen-dev-keys.php /keys [reader-gid]
 *
 * The private key is readable by its owner and by reader-gid (php-fpm's
 * www-data, which signs the demo's tokens); the public key by everyone (the
 * gateway runs as a non-root user).
 */

$dir = $argv[1] ?? '';
$readerGid = isset($argv[2]) ? (int) $argv[2] : 33;
if ($dir === '') {
    fwrite(STDERR, "usage: php gen-dev-keys.php DIR [reader-gid]\n");
    exit(2);
}
if (!is_dir($dir) && !mkdir($dir, 0755, true) && !is_dir($dir)) {
    fwrite(STDERR, "gen-dev-keys: cannot create $dir\n");
    exit(1);
}
$private = $dir . '/dev_private.pem';
$public = $dir . '/dev_public.pem';
if (is_file($private) && filesize($private) > 0 && is_file($public) && filesize($public) > 0) {
    echo "gen-dev-keys: keeping the keys in $dir\n";
    exit(0);
}

$key = openssl_pkey_new(['private_key_type' => OPENSSL_KEYTYPE_RSA, 'private_key_bits' => 2048]);
if ($key === false || !openssl_pkey_export($key, $privatePem)) {
    fwrite(STDERR, 'gen-dev-keys: OpenSSL cannot create a key: ' . (string) openssl_error_string() . "\n");
    exit(1);
}
$details = openssl_pkey_get_details($key);
if ($details === false || !isset($details['key'])) {
    fwrite(STDERR, "gen-dev-keys: OpenSSL cannot export the public key\n");
    exit(1);
}

if (file_put_contents($private, $privatePem) === false || file_put_contents($public, $details['key']) === false) {
    fwrite(STDERR, "gen-dev-keys: cannot write the keys to $dir\n");
    exit(1);
}
chmod($private, 0640);
chmod($public, 0644);
if (function_exists('posix_getuid') && posix_getuid() === 0) {
    chgrp($private, $readerGid);
}
echo "gen-dev-keys: created dev keys in $dir\n";
