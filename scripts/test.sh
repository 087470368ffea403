#!/usr/bin/env bash
# The test command: installs what is missing, starts what the tests need on
# loopback, builds, and runs every suite. It always runs all suites, then
# prints one summary line per suite and exits non-zero if any failed.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/services.sh"
cd "$SNOKE_ROOT"

"$SNOKE_ROOT/scripts/setup.sh" test || die "setup failed"
export PATH="$HOME/.cargo/bin:$PATH"

# Real brokers on loopback; every suite that needs one reads its URL from here.
ensure_redis 6379
export SNOKE_WS_TEST_REDIS_URL="${SNOKE_WS_TEST_REDIS_URL:-redis://127.0.0.1:6379}"
# Each suite defaults to amqp://guest:guest@127.0.0.1:5672/%2f; the phpt runner
# and the e2e tests make a vhost of their own there so nothing is left behind.
ensure_rabbitmq

logs="$SNOKE_ROOT/var/test-logs"
rm -rf "$logs" && mkdir -p "$logs"
profile_dir="$SNOKE_ROOT/target/debug"
export SNOKE_WS_EXTENSION="$profile_dir/libsnoke_ws.so"
export SNOKE_WS_GATEWAY_BIN="$profile_dir/snoke-ws-gateway"

declare -a names=() results=() details=() durations=()

# Counts tests from a suite's log, in the words of its own runner.
count_line() {
    local kind="$1" file="$2"
    case "$kind" in
        cargo) awk '/^test result:/ { p += $4; f += $6 } END { printf "%d passed, %d failed", p, f }' "$file" ;;
        phpunit) grep -E '^(OK \(|Tests: )' "$file" | tail -n 1 ;;
        pytest) grep -E '[0-9]+ (passed|failed)' "$file" | tail -n 1 | sed 's/=//g; s/^ *//; s/ *$//' ;;
        plain) grep -E '[0-9]+ passed, [0-9]+ failed' "$file" | tail -n 1 ;;
        node) awk '/^ℹ pass / { p = $3 } /^ℹ fail / { f = $3 } END { printf "%d passed, %d failed", p, f }' "$file" ;;
        *) echo "" ;;
    esac
}

# Records suites that could not run because the build they need failed.
not_run() {
    local name
    for name in "$@"; do
        names+=("$name") results+=("FAIL(not run: build failed)") details+=("") durations+=("-")
    done
}

# Runs one suite, streaming its output and keeping a copy for the summary.
suite() {
    local name="$1" kind="$2"
    shift 2
    local file="$logs/$name.log" start=$SECONDS status
    printf '\n\033[1;34m===== %s: %s\033[0m\n' "$name" "$*"
    "$@" 2>&1 | tee "$file"
    status=${PIPESTATUS[0]}
    names+=("$name")
    durations+=("$((SECONDS - start))s")
    details+=("$(count_line "$kind" "$file")")
    if [[ $status -eq 0 ]]; then results+=("PASS"); else results+=("FAIL(exit $status)"); fi
    return "$status"
}

suite rust-fmt none cargo fmt --all -- --check
suite rust-clippy none cargo clippy --workspace --all-targets --quiet -- -D warnings
suite rust-test cargo cargo test --workspace --quiet
if suite build none cargo build --workspace --quiet; then
    suite php-stubs none scripts/check-stubs.sh "$SNOKE_WS_EXTENSION"
    suite ext-phpt plain scripts/run-phpt.sh "$SNOKE_WS_EXTENSION"
    suite bundle-phpunit phpunit bundle/run-tests.sh "$SNOKE_WS_EXTENSION"
    suite e2e pytest tests/e2e/run.sh
    suite js-client node clients/js/run-tests.sh
    suite browser node tests/browser/run.sh
else
    not_run php-stubs ext-phpt bundle-phpunit e2e js-client browser
fi
# Release builds: the packaging suite's phpize build and the quick benches
# reuse what this one compiles (same packages, same PATH, same target/).
if suite build-release none cargo build --release --quiet -p snoke_ws -p snoke-ws-gateway -p snoke-ws-bench; then
    suite packaging plain env SNOKE_WS_PACKAGING_CARGO_FLAGS="-p snoke-ws-gateway -p snoke-ws-bench" \
        tests/packaging/run.sh
    suite bench-quick none env SNOKE_WS_BENCH_SKIP_SETUP=1 scripts/bench.sh --quick
else
    not_run packaging bench-quick
fi

printf '\n\033[1m===== summary\033[0m\n'
failed=0
for i in "${!names[@]}"; do
    [[ "${results[$i]}" == PASS ]] || failed=$((failed + 1))
    printf '%-16s %-28s %6s  %s\n' "${names[$i]}" "${results[$i]}" "${durations[$i]}" "${details[$i]}"
done
printf 'suites: %d passed, %d failed\n' "$(( ${#names[@]} - failed ))" "$failed"
[[ $failed -eq 0 ]]
