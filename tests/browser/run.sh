#!/usr/bin/env bash
# Runs the browser test of the demo chat page: Debian's Chromium driven by
# playwright-core, against the real gateway and demo app (started by the test
# on free loopback ports, stopped at the end). Builds nothing.
#   SNOKE_WS_GATEWAY_BIN    gateway binary   (default target/debug/snoke-ws-gateway)
#   SNOKE_WS_EXTENSION      PHP extension    (default target/debug/libsnoke_ws.so)
#   SNOKE_WS_CHROMIUM       browser          (default /usr/bin/chromium; apt-get install chromium)
#   SNOKE_WS_ARTIFACTS_DIR  screenshots and process logs (default var/test-artifacts)
# Prints node's spec report, ending in "ℹ tests N / ℹ pass N / ℹ fail N".
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

command -v node >/dev/null || { echo "error: node (>= 18) is not installed (apt-get install nodejs npm)" >&2; exit 2; }
major="$(node -p 'process.versions.node.split(".")[0]')"
[[ "$major" -ge 18 ]] || { echo "error: node $major is too old; the browser test needs node >= 18" >&2; exit 2; }
chromium="${SNOKE_WS_CHROMIUM:-/usr/bin/chromium}"
[[ -x "$chromium" ]] || { echo "error: no browser at $chromium (apt-get install chromium, or set SNOKE_WS_CHROMIUM)" >&2; exit 2; }

# playwright-core from package-lock.json; it never downloads a browser.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >&2
fi

exec node --test --test-reporter=spec "$@" chat.test.js
