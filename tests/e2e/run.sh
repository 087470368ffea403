#!/usr/bin/env bash
# Runs the end-to-end tests against real processes (see stack.py).
#   SNOKE_WS_GATEWAY_BIN  gateway binary   (default target/release/snoke-ws-gateway)
#   SNOKE_WS_EXTENSION    PHP extension    (default target/release/libsnoke_ws.so)
#   SNOKE_WS_TEST_REDIS_URL  Redis for the core-mode tests (default redis://127.0.0.1:6379; must run,
#                         redis-cli must be installed; keys live under a per-run snoke-e2e-* name)
#   SNOKE_WS_TEST_AMQP_URL  RabbitMQ for the RabbitMQ core-mode tests (default amqp://guest:guest@127.0.0.1:5672;
#                         must run on this machine: rabbitmqctl makes a per-run snoke-e2e-* vhost, deleted after)
#   SNOKE_WS_E2E_KEEP=1   keep the temporary directory with both processes' logs
# Extra arguments go to pytest (e.g. -k chat -x). Exit code is pytest's.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="${SNOKE_WS_VENV:-$root/.venv}"
if [[ ! -x "$venv/bin/pytest" ]]; then
    echo "error: $venv/bin/pytest not found; run scripts/setup.sh test (or: python3 -m venv .venv && .venv/bin/pip install -r tests/e2e/requirements.txt)" >&2
    exit 2
fi
cd "$root/tests/e2e"
exec "$venv/bin/pytest" -p no:cacheprovider "$@"
