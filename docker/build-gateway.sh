#!/usr/bin/env bash
# Builds the gateway binary (release) and installs it as
# DESTDIR/usr/local/bin/snoke-ws-gateway, then checks that it runs. The
# Dockerfile's builder stage runs it; tests/packaging/run.sh runs it too,
# outside Docker.
#
#   docker/build-gateway.sh DESTDIR
#
# Environment: CARGO (default: cargo on PATH, else ~/.cargo/bin/cargo),
# CARGO_TARGET_DIR (default: <source>/target), SNOKE_WS_CARGO_FLAGS (extra cargo
# flags; "-p snoke_ws" in it makes this the same cargo build as the
# extension's, so the second of the two builds finds everything done).
set -euo pipefail

die() { echo "build-gateway: $*" >&2; exit 1; }

[[ $# -eq 1 && -n "$1" ]] || die "usage: docker/build-gateway.sh DESTDIR"
destdir="$1"
src="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

cargo="${CARGO:-}"
if [[ -z "$cargo" ]]; then
    if command -v cargo >/dev/null; then cargo="$(command -v cargo)";
    elif [[ -x "${HOME:-}/.cargo/bin/cargo" ]]; then cargo="$HOME/.cargo/bin/cargo";
    else die "cargo not found: install Rust (https://rustup.rs) or set CARGO"; fi
fi
target_dir="${CARGO_TARGET_DIR:-$src/target}"

cd "$src"
# shellcheck disable=SC2086 # SNOKE_WS_CARGO_FLAGS is a list of flags.
CARGO_TARGET_DIR="$target_dir" "$cargo" build --release -p snoke-ws-gateway ${SNOKE_WS_CARGO_FLAGS:-}
binary="$target_dir/release/snoke-ws-gateway"
[[ -x "$binary" ]] || die "cargo succeeded but $binary is missing"
install -D -m 0755 "$binary" "$destdir/usr/local/bin/snoke-ws-gateway"
"$destdir/usr/local/bin/snoke-ws-gateway" --help >/dev/null \
    || die "the installed gateway does not run"
echo "build-gateway: installed $destdir/usr/local/bin/snoke-ws-gateway"
