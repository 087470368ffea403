#!/usr/bin/env bash
# Builds and installs the snoke_ws extension the way PIE does: phpize →
# configure → make → make install, from the source tree this script lives in.
# The Dockerfile's builder stage runs it; tests/packaging/run.sh runs it too,
# outside Docker, so the recipe is exercised on every test run.
#
#   docker/build-extension.sh DESTDIR
#
# Installs into DESTDIR$(php-config --extension-dir)/snoke_ws.so (DESTDIR is
# make's INSTALL_ROOT), then loads the installed file with PHP and checks
# `php --ri snoke_ws`. Environment:
#   PHP_CONFIG            php-config of the target PHP (default: php-config on PATH)
#   PHPIZE                phpize of the same PHP (default: phpize next to it, else on PATH)
#   CARGO                 cargo to build with (config.m4 also finds ~/.cargo/bin/cargo)
#   CARGO_TARGET_DIR      cargo's target directory (default: <source>/target)
#   SNOKE_WS_CARGO_FLAGS  extra cargo flags (e.g. "--locked -p snoke-ws-gateway")
#   MAKE_JOBS             make -j (default: nproc)
set -euo pipefail

die() { echo "build-extension: $*" >&2; exit 1; }

[[ $# -eq 1 && -n "$1" ]] || die "usage: docker/build-extension.sh DESTDIR"
destdir="$1"
mkdir -p "$destdir"
destdir="$(cd "$destdir" && pwd)"
src="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

php_config="${PHP_CONFIG:-php-config}"
command -v "$php_config" >/dev/null || die "php-config not found ($php_config): install the PHP headers (php8.x-dev, or the official php image)"
php_config="$(command -v "$php_config")"
phpize="${PHPIZE:-}"
if [[ -z "$phpize" ]]; then
    sibling="$(dirname "$php_config")/$(basename "$php_config" | sed 's/php-config/phpize/')"
    if [[ -x "$sibling" ]]; then phpize="$sibling"; else phpize=phpize; fi
fi
command -v "$phpize" >/dev/null || die "phpize not found ($phpize)"
php_bin="$("$php_config" --php-binary)"
ext_dir="$("$php_config" --extension-dir)"

cd "$src"
echo "build-extension: $phpize ($("$php_config" --version), extension dir $ext_dir)"
"$phpize" >/dev/null
./configure --enable-snoke_ws --with-php-config="$php_config" >configure.out 2>&1 \
    || { cat configure.out >&2; die "configure failed"; }
grep -E '^checking (for cargo|cargo version)' configure.out || true
make -j"${MAKE_JOBS:-$(nproc 2>/dev/null || echo 2)}"
make install INSTALL_ROOT="$destdir"

installed="$destdir$ext_dir/snoke_ws.so"
[[ -f "$installed" ]] || die "make install did not produce $installed"
# -n: only the extension under test, whatever php.ini loads elsewhere.
info="$("$php_bin" -n -d "extension=$installed" --ri snoke_ws)" \
    || die "PHP cannot load $installed"
grep -q '^version => ' <<<"$info" || { echo "$info" >&2; die "php --ri snoke_ws shows no version"; }
echo "$info"
echo "build-extension: installed $installed"
