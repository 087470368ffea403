# Starts the brokers the tests need on loopback, unless one already answers.
# Sourced by test.sh (and run.sh in core mode).

# Ensures a Redis answers at 127.0.0.1:$1 (default 6379), starting a
# throw-away one (no persistence) when none does.
ensure_redis() {
    local port="${1:-6379}"
    if redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1; then
        return 0
    fi
    log "starting redis-server on 127.0.0.1:$port"
    mkdir -p "$SNOKE_ROOT/var/redis"
    redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save "" --appendonly no \
        --dir "$SNOKE_ROOT/var/redis" --logfile "$SNOKE_ROOT/var/redis/redis.log" \
        || die "could not start redis-server"
    local i
    for i in $(seq 1 50); do
        redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    die "redis-server did not answer on 127.0.0.1:$port (log: var/redis/redis.log)"
}

# Ensures a RabbitMQ answers on 127.0.0.1:5672 (guest/guest), starting the
# Debian rabbitmq-server when nothing listens there.
ensure_rabbitmq() {
    if (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null; then
        return 0
    fi
    log "starting rabbitmq-server"
    as_root rabbitmq-server -detached >/dev/null 2>&1 || die "could not start rabbitmq-server"
    local i
    for i in $(seq 1 120); do
        (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null && return 0
        sleep 0.5
    done
    die "rabbitmq-server did not listen on 127.0.0.1:5672 within 60s"
}
