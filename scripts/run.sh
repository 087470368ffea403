#!/usr/bin/env bash
# The run command: installs what is missing, builds the extension and the
# gateway in release mode, starts the gateway and the demo chat app wired
# together (terminator mode: no broker), and stops both on Ctrl-C.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/stack.sh"

case "${1:-}" in
    "" | --terminator) ;;
    -h | --help) echo "usage: scripts/run.sh [--terminator]"; exit 0 ;;
    *) die "unknown option: $1 (usage: scripts/run.sh [--terminator])" ;;
esac

"$SNOKE_ROOT/scripts/setup.sh" run
log "building the gateway and the extension (release)"
( cd "$SNOKE_ROOT" && cargo build --release --quiet -p snoke-ws-gateway -p snoke_ws )

stack_env
logs="$SNOKE_ROOT/var/log"
mkdir -p "$logs"
GATEWAY_PID="" DEMO_PID=""
stop() {
    trap - INT TERM EXIT
    log "stopping"
    stop_demo
    # SIGTERM lets the gateway close clients with 1001 and flush webhooks.
    [[ -n "$GATEWAY_PID" ]] && kill -TERM "$GATEWAY_PID" 2>/dev/null || true
    wait 2>/dev/null || true
}
trap stop INT TERM EXIT

start_gateway "$SNOKE_ROOT/target/release/snoke-ws-gateway" "$logs/gateway.log"
start_demo "$SNOKE_ROOT/target/release/libsnoke_ws.so" "$logs/demo.log"

cat <<MSG

  snoke-ws is running (terminator mode)
  chat:     http://$SNOKE_HOST:$SNOKE_DEMO_PORT/demo/chat   (open it in two tabs)
  gateway:  ws://$SNOKE_HOST:$SNOKE_GATEWAY_PORT/ws  ·  http://$SNOKE_HOST:$SNOKE_GATEWAY_PORT/metrics
  logs:     $logs/gateway.log, $logs/demo.log

  Ctrl-C stops everything.
MSG
wait -n "$GATEWAY_PID" "$DEMO_PID" || true
# On Ctrl-C the terminal signals the children too, so they may end first.
if kill -0 "$GATEWAY_PID" 2>/dev/null || kill -0 "$DEMO_PID" 2>/dev/null; then
    log "the gateway or the demo app exited on its own; see $logs"
fi
