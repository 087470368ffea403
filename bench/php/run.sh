#!/usr/bin/env bash
# PHP side of the issue 4 benchmarks: the extension and the bundle against
# Predis, phpredis, php-amqplib, php-amqp, Symfony HttpClient and redis-benchmark,
# measured in the same run. Appends contract JSON lines (suite "php") to --out.
#
#   bench/php/run.sh --extension target/release/libsnoke_ws.so \
#       --gateway-bin target/release/snoke-ws-gateway --out var/bench/x.jsonl [--runs 3] [--quick]
#
# Needs Redis (SNOKE_BENCH_REDIS, default 127.0.0.1:6379) and RabbitMQ
# (SNOKE_BENCH_AMQP, default guest:guest@127.0.0.1:5672, vhost /) on loopback, and the
# Debian packages php-redis php-amqp php-nrk-predis php-amqplib php-symfony-http-client
# php-symfony-event-dispatcher php-symfony-framework-bundle redis-tools.
# Starts the gateway on a free 127.0.0.1 port (API key on) for the HTTP figure and
# stops it. --quick: one run, small counts. Exits non-zero on any error or lost
# message, never because a number is slow.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
extension=""
gateway_bin=""
out=""
runs=3
quick=0

usage() {
    echo "usage: $0 --extension SO --gateway-bin BIN --out FILE [--runs N] [--quick]" >&2
    exit 2
}
while [[ $# -gt 0 ]]; do
    case "$1" in
        --extension) extension="${2:-}"; shift 2 ;;
        --gateway-bin) gateway_bin="${2:-}"; shift 2 ;;
        --out) out="${2:-}"; shift 2 ;;
        --runs) runs="${2:-}"; shift 2 ;;
        --quick) quick=1; shift ;;
        -h|--help) usage ;;
        *) echo "php bench: unknown argument $1" >&2; usage ;;
    esac
done
[[ -n "$extension" && -n "$gateway_bin" && -n "$out" ]] || usage
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "php bench: --runs must be a positive number, got '$runs'" >&2; exit 2; }
[[ -f "$extension" ]] || { echo "php bench: extension not found: $extension (cargo build --release -p snoke_ws)" >&2; exit 2; }
[[ -x "$gateway_bin" ]] || { echo "php bench: gateway binary not found: $gateway_bin (cargo build --release -p snoke-ws-gateway)" >&2; exit 2; }
extension="$(cd "$(dirname "$extension")" && pwd)/$(basename "$extension")"
if [[ $quick -eq 1 ]]; then runs=1; fi

for tool in php redis-benchmark curl; do
    command -v "$tool" >/dev/null || { echo "php bench: $tool not found (see the package list at the top of $0)" >&2; exit 2; }
done
for module in redis amqp curl; do
    php -r 'exit(extension_loaded($argv[1]) ? 0 : 1);' "$module" || { echo "php bench: PHP extension $module missing (apt-get install php-$module)" >&2; exit 2; }
done

redis_addr="${SNOKE_BENCH_REDIS:-127.0.0.1:6379}"
amqp_addr="${SNOKE_BENCH_AMQP:-127.0.0.1:5672}"

# Is something listening on host:port?
reachable() {
    (exec 3<>"/dev/tcp/${1%:*}/${1##*:}") 2>/dev/null
}
# The pid listening on a loopback port, for the CPU the system under test spent
# (empty when it cannot be seen, e.g. another user's process: the CPU is then
# not recorded). ss when installed, else /proc/net/tcp and the fds in /proc.
listener_pid() {
    local port="${1##*:}" inode fd pid
    if command -v ss >/dev/null; then
        ss -ltnpH "sport = :$port" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2
        return 0
    fi
    inode="$(awk -v p="$(printf ':%04X' "$port")" '$2 ~ p"$" && $4 == "0A" { print $10; exit }' /proc/net/tcp /proc/net/tcp6 2>/dev/null)"
    [[ -n "$inode" ]] || return 0
    for fd in /proc/[0-9]*/fd/*; do
        if [[ "$(readlink "$fd" 2>/dev/null)" == "socket:[$inode]" ]]; then
            pid="${fd#/proc/}"
            echo "${pid%%/*}"
            return 0
        fi
    done
}
reachable "$redis_addr" || { echo "php bench: nothing listens on Redis $redis_addr" >&2; exit 2; }
reachable "$amqp_addr" || { echo "php bench: nothing listens on RabbitMQ $amqp_addr" >&2; exit 2; }
redis_pid="$(listener_pid "$redis_addr")"
amqp_pid="$(listener_pid "$amqp_addr")"

mkdir -p "$(dirname "$out")"
work="$(mktemp -d /tmp/snoke-ws-php-bench.XXXXXX)"
gateway_pid=""
cleanup() {
    if [[ -n "$gateway_pid" ]]; then
        kill -TERM "$gateway_pid" 2>/dev/null || true
        wait "$gateway_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# A free loopback port: bind to 0, read it back, release it.
port="$(php -r '$s = stream_socket_server("tcp://127.0.0.1:0"); $n = stream_socket_get_name($s, false); echo substr($n, strrpos($n, ":") + 1);')"
api_key="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
env -i PATH="$PATH" HOME="${HOME:-/tmp}" \
    GATEWAY_LISTEN="127.0.0.1:$port" GATEWAY_API_KEY="$api_key" WS_MODE=terminator \
    JWT_ALG=HS256 JWT_PUBLIC_KEY="bench-jwt-secret-$api_key" SYMFONY_WEBHOOK_URL="" LOG_LEVEL=warn \
    "$gateway_bin" >"$work/gateway.log" 2>&1 &
gateway_pid=$!
for _ in $(seq 1 100); do
    if curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1; then break; fi
    if ! kill -0 "$gateway_pid" 2>/dev/null; then
        echo "php bench: the gateway exited early:" >&2; cat "$work/gateway.log" >&2; gateway_pid=""; exit 1
    fi
    sleep 0.1
done
curl -fsS "http://127.0.0.1:$port/health" >/dev/null || { echo "php bench: gateway not healthy on :$port" >&2; exit 1; }

started=$(date +%s)
status=0
for run in $(seq 1 "$runs"); do
    # 1M publishes take ~40 s: the growth figure is measured in the first run only.
    figures="redis_publish_one,redis_publish_batch100,rabbitmq_publish_confirm,http_publish_php,presence_read_1000,consume_noop,consume_dispatcher,fpm_memory_added"
    if [[ $run -eq 1 ]]; then figures="$figures,fpm_memory_growth"; fi
    echo "php bench: run $run/$runs" >&2
    args=(--out "$out" --run "$run" --figures "$figures" --extension "$extension"
          --redis-host "${redis_addr%:*}" --redis-port "${redis_addr##*:}"
          --amqp-host "${amqp_addr%:*}" --amqp-port "${amqp_addr##*:}"
          --gateway-url "http://127.0.0.1:$port" --gateway-api-key "$api_key"
          --redis-pid "$redis_pid" --amqp-pid "$amqp_pid" --gateway-pid "$gateway_pid")
    if [[ $quick -eq 1 ]]; then args+=(--quick); fi
    if ! php -d "extension=$extension" -d memory_limit=512M "$here/bench.php" "${args[@]}"; then
        status=1
    fi
done
echo "php bench: $runs run(s) in $(( $(date +%s) - started )) s, results appended to $out" >&2
if ! kill -0 "$gateway_pid" 2>/dev/null; then
    echo "php bench: the gateway died during the run:" >&2; cat "$work/gateway.log" >&2; status=1
fi
exit $status
