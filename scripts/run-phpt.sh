#!/usr/bin/env bash
# Runs the snoke_ws extension's phpt tests (phpt/) against a real gateway.
#
#   scripts/run-phpt.sh path/to/libsnoke_ws.so [phpt files or dirs...]
#
# Starts the gateway binary (SNOKE_WS_GATEWAY_BIN, else snoke-ws-gateway next
# to the .so, i.e. the same cargo profile) on a free 127.0.0.1 port with an API
# key and an HS256 secret, exports them to the tests as SNOKE_WS_GATEWAY_URL,
# SNOKE_WS_GATEWAY_API_KEY, SNOKE_WS_JWT_SECRET (and the .so as
# SNOKE_WS_EXTENSION_SO), passes on the Redis the caller started as
# SNOKE_WS_TEST_REDIS_URL (default redis://127.0.0.1:6379; the Redis tests
# fail, never skip, when it is not running), the RabbitMQ as
# SNOKE_WS_TEST_AMQP_URL (default: a vhost of its own on the local broker at
# amqp://guest:guest@127.0.0.1:5672, created with rabbitmqctl and deleted
# afterwards with every exchange and queue the tests left; the RabbitMQ tests
# fail, never skip, when it is not running), runs PHP's run-tests.php
# with the extension loaded, stops the gateway, and ends with
# "phpt: N passed, M failed". Exits non-zero on any failed, skipped or
# borked test, or when the gateway or run-tests.php is missing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$SNOKE_ROOT"

fail_early() {
    echo "run-phpt: $*" >&2
    echo "phpt: 0 passed, 1 failed"
    exit 1
}

[[ $# -ge 1 ]] || fail_early "usage: scripts/run-phpt.sh path/to/libsnoke_ws.so [tests...]"
so="$1"
shift
[[ -f "$so" ]] || fail_early "extension not found: $so"
so="$(cd "$(dirname "$so")" && pwd)/$(basename "$so")"
selected=("$@")

gateway="${SNOKE_WS_GATEWAY_BIN:-$(dirname "$so")/snoke-ws-gateway}"
[[ -x "$gateway" ]] || fail_early "gateway binary not found: $gateway (build it: cargo build -p snoke-ws-gateway)"
run_tests="$(ls /usr/lib/php/*/build/run-tests.php 2>/dev/null | head -n 1 || true)"
[[ -n "$run_tests" ]] || fail_early "run-tests.php not found (install php8.2-dev)"

port="$(free_port)"
api_key="phpt-api-key-$RANDOM$RANDOM"
jwt_secret="phpt-jwt-secret-$RANDOM$RANDOM"
gateway_log="$(mktemp)"
work="$(mktemp -d)"

GATEWAY_LISTEN="127.0.0.1:$port" \
    GATEWAY_API_KEY="$api_key" \
    JWT_ALG=HS256 \
    JWT_PUBLIC_KEY="$jwt_secret" \
    SYMFONY_WEBHOOK_URL= \
    LOG_FORMAT=text \
    "$gateway" >"$gateway_log" 2>&1 &
gateway_pid=$!
amqp_vhost=""
stop_gateway() {
    kill "$gateway_pid" 2>/dev/null || true
    wait "$gateway_pid" 2>/dev/null || true
    if [[ -n "$amqp_vhost" ]]; then
        rabbitmqctl -q delete_vhost "$amqp_vhost" >/dev/null 2>&1 || true
    fi
    rm -rf "$work" "$gateway_log"
}
trap stop_gateway EXIT

if ! wait_http "http://127.0.0.1:$port/health" 30; then
    cat "$gateway_log" >&2
    fail_early "gateway did not become healthy on 127.0.0.1:$port"
fi

export SNOKE_WS_GATEWAY_URL="http://127.0.0.1:$port"
export SNOKE_WS_GATEWAY_API_KEY="$api_key"
export SNOKE_WS_JWT_SECRET="$jwt_secret"
export SNOKE_WS_EXTENSION_SO="$so"
export SNOKE_WS_TEST_REDIS_URL="${SNOKE_WS_TEST_REDIS_URL:-redis://127.0.0.1:6379}"
if [[ -z "${SNOKE_WS_TEST_AMQP_URL:-}" ]]; then
    SNOKE_WS_TEST_AMQP_URL="amqp://guest:guest@127.0.0.1:5672/%2f"
    candidate="snoke-phpt-$$-$RANDOM"
    if command -v rabbitmqctl >/dev/null 2>&1 \
        && rabbitmqctl -q add_vhost "$candidate" >/dev/null 2>&1; then
        amqp_vhost="$candidate"
        rabbitmqctl -q set_permissions -p "$amqp_vhost" guest '.*' '.*' '.*' >/dev/null 2>&1 || true
        SNOKE_WS_TEST_AMQP_URL="amqp://guest:guest@127.0.0.1:5672/$amqp_vhost"
        echo "run-phpt: RabbitMQ tests use the vhost $amqp_vhost (deleted afterwards)" >&2
    fi
fi
export SNOKE_WS_TEST_AMQP_URL
export NO_INTERACTION=1
export TEST_PHP_EXECUTABLE="$(command -v php)"

# Tests run from a copy, so the .php/.out/.diff files run-tests.php writes
# next to each test stay out of the source tree.
cp -r "$SNOKE_ROOT/phpt" "$work/phpt"
targets=("$work/phpt")
if [[ ${#selected[@]} -gt 0 ]]; then
    targets=()
    for test in "${selected[@]}"; do targets+=("$work/phpt/$(basename "$test")"); done
fi
output="$work/run-tests.out"
set +e
php "$run_tests" -q --show-diff --set-timeout 60 -d "extension=$so" "${targets[@]}" 2>&1 | tee "$output"
set -e

# "Number of tests :   14   14" / "Tests passed    :   14 (100.0%) (100.0%)";
# anything not passed (failed, skipped, warned, borked) counts as failed.
count() { awk -v key="$1" -F: 'index($1, key) == 1 { split($2, n, " "); print n[1]; exit }' "$output"; }
total="$(count 'Number of tests')"
passed="$(count 'Tests passed')"
passed=${passed:-0}
if [[ -z "$total" ]]; then
    bad=1
else
    bad=$((total - passed))
fi
if [[ $bad -gt 0 ]]; then
    echo "--- gateway log (tail) ---" >&2
    tail -n 40 "$gateway_log" >&2 || true
fi
echo "phpt: $passed passed, $bad failed"
[[ $bad -eq 0 ]]
