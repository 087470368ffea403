#!/usr/bin/env bash
# The bench command: builds in release mode, runs the gateway figures (Rust
# load generators in bench/) and the PHP figures (bench/php/) against real
# Redis, RabbitMQ and the gateway on loopback, appends every run to a JSON
# lines file and prints the comparison table.
#   scripts/bench.sh                 3 runs of every figure (min/median/max)
#   scripts/bench.sh --quick         1 small run of each, so the benches never rot (test command)
#   scripts/bench.sh --runs 5 --only gateway|php
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/services.sh"
cd "$SNOKE_ROOT"

usage="usage: scripts/bench.sh [--quick] [--runs N] [--only gateway|php]"
quick=() runs=3 only=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --quick) quick=(--quick) runs=1 ;;
        --runs) [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || die "--runs needs a positive number ($usage)"; runs="$2"; shift ;;
        --only) [[ "${2:-}" == gateway || "${2:-}" == php ]] || die "--only takes gateway or php ($usage)"; only="$2"; shift ;;
        -h | --help) echo "$usage"; exit 0 ;;
        *) die "unknown option: $1 ($usage)" ;;
    esac
    shift
done

if [[ -z "${SNOKE_WS_BENCH_SKIP_SETUP:-}" ]]; then
    "$SNOKE_ROOT/scripts/setup.sh" test || die "setup failed"
fi
export PATH="$HOME/.cargo/bin:$PATH"
ensure_redis 6379
ensure_rabbitmq

log "building the gateway, the extension and the load generators (release)"
cargo build --release --quiet -p snoke-ws-gateway -p snoke_ws -p snoke-ws-bench
if [[ ${#quick[@]} -eq 0 ]]; then
    # Built with the others, the extension gets their dependency features too
    # (a bigger .so, ~1 MB more RSS per FPM worker); measure it built alone, as
    # PIE and the Docker image build it. --quick skips this second build.
    cargo build --release --quiet -p snoke_ws
fi
bin="$SNOKE_ROOT/target/release"

out_dir="$SNOKE_ROOT/var/bench"
mkdir -p "$out_dir"
out="$out_dir/$(date -u +%Y%m%dT%H%M%SZ)${quick:+-quick}.jsonl"
: >"$out"
ln -sfn "$(basename "$out")" "$out_dir/latest.jsonl"
log "results: $out"

status=0
if [[ "$only" != php ]]; then
    "$bin/snoke-ws-bench" gateway --gateway-bin "$bin/snoke-ws-gateway" --out "$out" --runs "$runs" "${quick[@]}" \
        || status=1
fi
if [[ "$only" != gateway ]]; then
    "$SNOKE_ROOT/bench/php/run.sh" --extension "$bin/libsnoke_ws.so" --gateway-bin "$bin/snoke-ws-gateway" \
        --out "$out" --runs "$runs" "${quick[@]}" || status=1
fi

"$bin/snoke-ws-bench" report "$out" | tee "${out%.jsonl}.md"
[[ $status -eq 0 ]] || die "a bench scenario failed (see above); partial results are in $out"
