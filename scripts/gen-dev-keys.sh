#!/usr/bin/env bash
# Creates the RS256 development key pair the run and test commands use, unless
# it exists. Dev keys only: production keys come from your secret store.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${SNOKE_WS_KEY_DIR:-$root/var/keys}"
mkdir -p "$dir"
if [[ ! -s "$dir/dev_private.pem" || ! -s "$dir/dev_public.pem" ]]; then
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$dir/dev_private.pem" 2>/dev/null
    openssl rsa -in "$dir/dev_private.pem" -pubout -out "$dir/dev_public.pem" 2>/dev/null
    chmod 600 "$dir/dev_private.pem"
    echo "created dev keys in $dir"
fi
