#!/usr/bin/env bash
# Runs the bundle's PHPUnit suite with the snoke_ws extension loaded.
#   bundle/run-tests.sh [path/to/libsnoke_ws.so] [phpunit args...]
# Default extension: target/debug/libsnoke_ws.so of the workspace. The functional
# tests also start target/debug/snoke-ws-gateway (override: SNOKE_WS_GATEWAY_BIN) and
# use Redis at SNOKE_WS_TEST_REDIS_URL (default redis://127.0.0.1:6379) and RabbitMQ at
# SNOKE_WS_TEST_AMQP_URL (default amqp://guest:guest@127.0.0.1:5672/%2f, administered with rabbitmqctl).
set -euo pipefail

bundle_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
workspace_dir="$(dirname "$bundle_dir")"
extension="$workspace_dir/target/debug/libsnoke_ws.so"
if [[ $# -gt 0 && "$1" != -* ]]; then
    extension="$1"
    shift
fi

if [[ ! -f "$extension" ]]; then
    echo "bundle tests: extension not found: $extension (build it with cargo build -p snoke_ws)" >&2
    exit 1
fi
extension="$(cd "$(dirname "$extension")" && pwd)/$(basename "$extension")"
phpunit_bin="$(command -v phpunit || true)"
if [[ -z "$phpunit_bin" ]]; then
    echo "bundle tests: phpunit not found on PATH (apt-get install phpunit)" >&2
    exit 1
fi

# Tests that start `php bin/console` as a real process load the same extension.
export SNOKE_WS_EXTENSION="$extension"
exec php -d "extension=$extension" "$phpunit_bin" -c "$bundle_dir/phpunit.xml.dist" --colors=never "$@"
