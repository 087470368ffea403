#!/usr/bin/env bash
# Runs the client's tests with node's test runner: the unit tests (fake
# WebSocket and clock) and the integration tests against the real gateway.
#   SNOKE_WS_GATEWAY_BIN  gateway binary (default target/debug/snoke-ws-gateway)
# Extra arguments replace the test files (e.g. test/unit/*.test.js).
# Prints node's spec report, ending in "ℹ tests N / ℹ pass N / ℹ fail N".
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

command -v node >/dev/null || { echo "error: node (>= 18) is not installed (apt-get install nodejs npm)" >&2; exit 2; }
major="$(node -p 'process.versions.node.split(".")[0]')"
[[ "$major" -ge 18 ]] || { echo "error: node $major is too old; the tests need node >= 18" >&2; exit 2; }

# The dev dependency (ws) comes from package-lock.json; reinstall when the lock changed.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
    npm ci --no-audit --no-fund --loglevel=error >&2
fi

if [[ $# -gt 0 ]]; then
    files=("$@")
else
    files=(test/unit/*.test.js test/integration/*.test.js)
fi
exec node --test --test-reporter=spec "${files[@]}"
