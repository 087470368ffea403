#!/usr/bin/env bash
# The run command: installs what is missing, builds the extension and the
# gateway in release mode, starts the gateway and the demo chat app wired
# together, and stops everything on Ctrl-C.
#   scripts/run.sh           terminator mode (default): webhook + HTTP, no broker
#   scripts/run.sh --core    core mode: Redis Streams + presence in Redis + ws:consume
#                            (starts a local redis-server if none listens on 6379)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/install.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/services.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/stack.sh"

usage="usage: scripts/run.sh [--terminator | --core]"
mode=terminator
case "${1:-}" in
    "" | --terminator) ;;
    --core) mode=core ;;
    -h | --help) echo "$usage"; exit 0 ;;
    *) die "unknown option: $1 ($usage)" ;;
esac

"$SNOKE_ROOT/scripts/setup.sh" run
if [[ $mode == core ]]; then
    install_packages redis-server redis-tools
    ensure_redis 6379
    export WS_MODE=core
    export REDIS_DSN="${REDIS_DSN:-redis://127.0.0.1:6379}"
    export WS_REDIS_DSN="${WS_REDIS_DSN:-$REDIS_DSN}"
fi
log "building the gateway and the extension (release)"
( cd "$SNOKE_ROOT" && cargo build --release --quiet -p snoke-ws-gateway -p snoke_ws )

stack_env
logs="$SNOKE_ROOT/var/log"
mkdir -p "$logs"
GATEWAY_PID="" DEMO_PID="" CONSUMER_PID="" interrupted=""
stop() {
    trap - INT TERM EXIT
    log "stopping"
    stop_demo
    stop_consumer
    # SIGTERM lets the gateway close clients with 1001 and flush webhooks.
    [[ -n "$GATEWAY_PID" ]] && kill -TERM "$GATEWAY_PID" 2>/dev/null || true
    wait 2>/dev/null || true
}
trap 'interrupted=1; exit 0' INT TERM
trap stop EXIT

start_gateway "$SNOKE_ROOT/target/release/snoke-ws-gateway" "$logs/gateway.log"
start_demo "$SNOKE_ROOT/target/release/libsnoke_ws.so" "$logs/demo.log"
if [[ $mode == core ]]; then
    start_consumer "$SNOKE_ROOT/target/release/libsnoke_ws.so" "$logs/consumer.log"
fi

cat <<MSG

  snoke-ws is running ($mode mode)
  chat:     http://$SNOKE_HOST:$SNOKE_DEMO_PORT/demo/chat   (open it in two tabs)
  gateway:  ws://$SNOKE_HOST:$SNOKE_GATEWAY_PORT/ws  ·  http://$SNOKE_HOST:$SNOKE_GATEWAY_PORT/metrics
  logs:     $logs/ (gateway.log, demo.log$([[ $mode == core ]] && echo ", consumer.log"))

  Ctrl-C stops everything.
MSG
wait -n "$GATEWAY_PID" "$DEMO_PID" ${CONSUMER_PID:+"$CONSUMER_PID"} || true
# On Ctrl-C the terminal signals the children too, so one may end before our
# own INT trap has run; give the trap that moment before calling it a crash.
sleep 0.3
[[ -n "$interrupted" ]] || log "the gateway, the demo app or the consumer exited on its own; see $logs"
exit 1
