# Shared helpers for the run and test commands. Sourced, not executed.

SNOKE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export SNOKE_ROOT

log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# Runs a command as root: directly when we are root, else through sudo.
as_root() {
    if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

# Prints a free TCP port on 127.0.0.1 (the kernel picks it).
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Waits until an HTTP URL answers 2xx, or fails after $2 seconds (default 30).
wait_http() {
    local url="$1" limit="${2:-30}" i=0
    until curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; do
        i=$((i + 1))
        [[ $i -ge $((limit * 5)) ]] && return 1
        sleep 0.2
    done
}
