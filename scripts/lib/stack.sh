# Starts the gateway and the demo app as background processes wired to each
# other (terminator mode). Sourced by run.sh; tests start their own copies.

# Exports the environment both sides read. Ports and secrets are overridable.
stack_env() {
    local keys="$SNOKE_ROOT/var/keys"
    export SNOKE_HOST="${SNOKE_HOST:-127.0.0.1}"
    export SNOKE_GATEWAY_PORT="${SNOKE_GATEWAY_PORT:-8000}"
    export SNOKE_DEMO_PORT="${SNOKE_DEMO_PORT:-8080}"
    local gateway="http://$SNOKE_HOST:$SNOKE_GATEWAY_PORT" demo="http://$SNOKE_HOST:$SNOKE_DEMO_PORT"

    # Gateway side (SPEC §2 names).
    export GATEWAY_LISTEN="$SNOKE_HOST:$SNOKE_GATEWAY_PORT"
    export JWT_ALG="${JWT_ALG:-RS256}"
    export JWT_PUBLIC_KEY_FILE="${JWT_PUBLIC_KEY_FILE:-$keys/dev_public.pem}"
    export GATEWAY_API_KEY="${GATEWAY_API_KEY:-dev-key}"
    export SYMFONY_WEBHOOK_URL="${SYMFONY_WEBHOOK_URL:-$demo/internal/ws/events}"
    export SYMFONY_WEBHOOK_SECRET="${SYMFONY_WEBHOOK_SECRET:-dev-webhook-secret}"
    export LOG_FORMAT="${LOG_FORMAT:-text}"

    # Symfony side (the bundle's WS_* names and the demo's keys).
    export APP_ENV="${APP_ENV:-prod}"
    export WS_MODE="${WS_MODE:-terminator}"
    export WS_GATEWAY_BASE_URL="${WS_GATEWAY_BASE_URL:-$gateway}"
    export WS_GATEWAY_API_KEY="${WS_GATEWAY_API_KEY:-$GATEWAY_API_KEY}"
    export WS_PUBLIC_URL="${WS_PUBLIC_URL:-ws://$SNOKE_HOST:$SNOKE_GATEWAY_PORT/ws}"
    export DEMO_JWT_ALG="${DEMO_JWT_ALG:-RS256}"
    export DEMO_JWT_PRIVATE_KEY_FILE="${DEMO_JWT_PRIVATE_KEY_FILE:-$keys/dev_private.pem}"
}

# Starts the gateway binary in the background; its pid goes to GATEWAY_PID.
start_gateway() {
    local bin="$1" logfile="$2"
    "$bin" >"$logfile" 2>&1 &
    GATEWAY_PID=$!
    wait_http "http://$SNOKE_HOST:$SNOKE_GATEWAY_PORT/health" 30 \
        || { tail -n 40 "$logfile" >&2; die "gateway did not become healthy (log: $logfile)"; }
}

# Starts the demo app under PHP's built-in server with the extension loaded.
# Several workers, because the gateway calls the webhook while pages are open.
# The server runs in its own session so stop_demo can end its forked workers
# too; the prod container is rebuilt first so code changes are never hidden.
start_demo() {
    local extension="$1" logfile="$2"
    ( cd "$SNOKE_ROOT/symfony-demo" && php -d "extension=$extension" bin/console cache:clear --quiet ) \
        || die "the demo app's container does not build (see the error above)"
    ( cd "$SNOKE_ROOT/symfony-demo" && PHP_CLI_SERVER_WORKERS="${PHP_CLI_SERVER_WORKERS:-4}" \
        exec setsid php -d "extension=$extension" -S "$SNOKE_HOST:$SNOKE_DEMO_PORT" public/index.php ) \
        >"$logfile" 2>&1 &
    DEMO_PID=$!
    wait_http "http://$SNOKE_HOST:$SNOKE_DEMO_PORT/api/ping" 30 \
        || { tail -n 40 "$logfile" >&2; die "demo app did not answer /api/ping (log: $logfile)"; }
}

# Stops the demo server and its workers (the whole session started above).
stop_demo() {
    [[ -n "${DEMO_PID:-}" ]] || return 0
    kill -TERM -- "-$DEMO_PID" 2>/dev/null || kill -TERM "$DEMO_PID" 2>/dev/null || true
}

# Core mode: starts `ws:consume`, which hands gateway events from Redis to the
# demo's listeners (the webhook's job in terminator mode).
start_consumer() {
    local extension="$1" logfile="$2"
    ( cd "$SNOKE_ROOT/symfony-demo" && exec setsid php -d "extension=$extension" bin/console ws:consume -v ) \
        >"$logfile" 2>&1 &
    CONSUMER_PID=$!
}

# Stops `ws:consume` with SIGTERM, so it acks the event in hand first.
stop_consumer() {
    [[ -n "${CONSUMER_PID:-}" ]] || return 0
    kill -TERM -- "-$CONSUMER_PID" 2>/dev/null || kill -TERM "$CONSUMER_PID" 2>/dev/null || true
}
