#!/usr/bin/env bash
# The packaging suite: every install path that can run on this machine, run
# for real.
#
#   tests/packaging/run.sh
#
# 1. PIE / pecl-style source build: copies the tracked source tree (git
#    ls-files) out of the checkout, runs phpize → ./configure --enable-snoke_ws
#    → make → make install into a temporary root, loads the installed .so,
#    checks `php --ri snoke_ws` and runs phpt tests against it.
# 2. The Docker recipe's build scripts (docker/build-extension.sh,
#    docker/build-gateway.sh: what the Dockerfile's builder stage RUNs) into a
#    temporary prefix; the installed gateway answers its own `healthcheck`
#    subcommand, and the phpt tests run against the installed gateway.
# 3. docker-compose.yaml and its override files: `docker-compose config` for
#    each mode, the services and environment each mode needs, only variable
#    names the gateway and the bundle really read.
# 4. The Dockerfile: every file it copies exists, every script it runs is
#    executable, every target compose builds is a stage.
#
# Docker images cannot be built here (no Docker engine); 2–4 are how the
# recipe is exercised anyway.
#
# cargo builds into the checkout's target/ (CARGO_TARGET_DIR), so dependencies
# built by `cargo build --release -p snoke_ws -p snoke-ws-gateway` are reused;
# the copy lives at the same path on every run (target/packaging/src, files
# copied with their timestamps) so cargo finds its own crates fresh as well.
# Ends with "packaging: N passed, M failed"; exits non-zero on any failure.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib/common.sh"
cd "$SNOKE_ROOT"
# PATH is left as the caller had it whenever cargo is on it: ext-php-rs reruns
# its build script (and so rebuilds snoke_ws) whenever PATH changes, so a
# different PATH here would throw away the caller's release build.
command -v cargo >/dev/null || export PATH="$HOME/.cargo/bin:$PATH"

passed=0
failed=0
ok() { passed=$((passed + 1)); printf 'ok   - %s\n' "$1"; }
not_ok() {
    failed=$((failed + 1))
    printf 'FAIL - %s\n' "$1"
    [[ -n "${2:-}" && -f "$2" ]] && tail -n 40 "$2" | sed 's/^/       | /'
    return 0
}
# check NAME LOG COMMAND...: runs COMMAND with its output in LOG.
check() {
    local name="$1" logfile="$2"
    shift 2
    if "$@" >"$logfile" 2>&1; then ok "$name"; else not_ok "$name" "$logfile"; fi
}
finish() {
    echo "packaging: $passed passed, $failed failed"
    [[ $failed -eq 0 ]]
    exit
}

work="${SNOKE_PACKAGING_WORK:-$SNOKE_ROOT/target/packaging}"
src="$work/src"
tmp="$(mktemp -d)"
gateway_pid=""
cleanup() {
    [[ -n "$gateway_pid" ]] && kill "$gateway_pid" 2>/dev/null && wait "$gateway_pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
logs="$tmp/logs"
mkdir -p "$logs" "$work"

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$SNOKE_ROOT/target}"
# The same packages in every cargo call (the extension's make and the gateway
# script): one feature resolution, so one build serves all of them. The test
# command sets SNOKE_WS_PACKAGING_CARGO_FLAGS to the packages of its own release
# build (the bench crate too), so cargo reuses those dependencies as they are.
pie_flags="${SNOKE_WS_PACKAGING_CARGO_FLAGS:--p snoke-ws-gateway}"
php_config="$(command -v php-config || true)"
[[ -n "$php_config" ]] || { not_ok "php-config found (install php8.2-dev)"; finish; }
ext_dir="$("$php_config" --extension-dir)"
expected_version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)"

# --- the copy PIE would download: tracked files only ------------------------
# tar keeps symlinks (the demo's assets/vendor link) and timestamps (so cargo
# finds unchanged crates fresh); a tracked file deleted in the work tree is skipped.
copy_tree() {
    rm -rf "$src" && mkdir -p "$src" || return 1
    git ls-files -z | tar --null --ignore-failed-read -T - -cf - | tar -xpf - -C "$src"
}
check "copy of the tracked source tree at $src" "$logs/copy.log" copy_tree
[[ -f "$src/config.m4" ]] || finish

# --- 1. PIE / phpize source build ---------------------------------------------
# configure names the missing tool instead of failing somewhere in make.
configure_without_cargo() {
    (cd "$src" && phpize >/dev/null) || return 1
    local out
    out="$(cd "$src" && env -u CARGO HOME=/nonexistent PATH=/usr/bin:/bin ./configure --enable-snoke_ws 2>&1)" \
        && { echo "configure succeeded without cargo"; return 1; }
    echo "$out" | tail -n 5
    grep -q 'needs cargo to build' <<<"$out"
}
check "configure without cargo stops with a clear error" "$logs/no-cargo.log" configure_without_cargo

configure_help_lists_options() {
    local help option
    help="$(cd "$src" && ./configure --help)" || return 1
    # Every option composer.json offers PIE users must exist in configure.
    for option in $(php -r '
        $c = json_decode(file_get_contents($argv[1]), true, 512, JSON_THROW_ON_ERROR);
        foreach ($c["php-ext"]["configure-options"] as $o) { echo $o["name"], "\n"; }' "$src/composer.json"); do
        grep -q -- "--$option" <<<"$help" || { echo "configure --help lacks --$option"; return 1; }
    done
}
check "every configure option in composer.json exists in ./configure --help" "$logs/help.log" configure_help_lists_options

composer_json_is_a_pie_package() {
    php -r '
        $c = json_decode(file_get_contents($argv[1]), true, 512, JSON_THROW_ON_ERROR);
        $ok = ($c["type"] ?? null) === "php-ext"
            && ($c["php-ext"]["extension-name"] ?? null) === "snoke_ws"
            && preg_match("{^[a-z0-9_.-]+/[a-z0-9_.-]+$}", $c["name"] ?? "") === 1
            && isset($c["require"]["php"]);
        echo json_encode($c["php-ext"]), "\n";
        exit($ok ? 0 : 1);' "$src/composer.json"
}
check "composer.json: type php-ext, extension-name snoke_ws" "$logs/composer-json.log" composer_json_is_a_pie_package

pie_root="$tmp/pie-root"
pie_build() (
    cd "$src" || exit 1
    phpize && ./configure --enable-snoke_ws \
        && make -j2 SNOKE_WS_CARGO_FLAGS="$pie_flags" \
        && make install INSTALL_ROOT="$pie_root"
)
start=$SECONDS
check "phpize → configure → make → make install (INSTALL_ROOT)" "$logs/pie-build.log" pie_build
compiled="$(sed -n 's/^ *Compiling \([^ ]*\).*/\1/p' "$logs/pie-build.log" | tr '\n' ' ')"
echo "       ($((SECONDS - start))s; cargo compiled: ${compiled:-nothing, all fresh})"
pie_so="$pie_root$ext_dir/snoke_ws.so"

ri_shows_build() {
    local info
    info="$(php -n -d "extension=$1" --ri snoke_ws)" || return 1
    echo "$info"
    grep -q "^version => $expected_version\$" <<<"$info" \
        && grep -q '^rustc => rustc ' <<<"$info" \
        && grep -q '^cargo profile => release$' <<<"$info" \
        && grep -q '^target => ' <<<"$info"
}
check "installed .so loads; php --ri snoke_ws shows version $expected_version and build details" \
    "$logs/pie-ri.log" ri_shows_build "$pie_so"

install_to_extension_dir() {
    (cd "$src" && make install EXTENSION_DIR="$tmp/extdir" SNOKE_WS_CARGO_FLAGS="$pie_flags") || return 1
    php -n -d "extension_dir=$tmp/extdir" -d extension=snoke_ws -r \
        'exit(extension_loaded("snoke_ws") ? 0 : 1);'
}
check "make install EXTENSION_DIR=… then extension=snoke_ws by name" "$logs/pie-extdir.log" install_to_extension_dir

# --- 2. the Docker recipe's build scripts, outside Docker ---------------------
docker_php="$tmp/docker-php"
docker_gateway="$tmp/docker-gateway"
check "docker/build-extension.sh installs a loadable snoke_ws.so" "$logs/docker-ext.log" \
    env SNOKE_WS_CARGO_FLAGS="$pie_flags" "$src/docker/build-extension.sh" "$docker_php"
check "docker/build-gateway.sh installs a gateway that runs" "$logs/docker-gateway.log" \
    env SNOKE_WS_CARGO_FLAGS="-p snoke_ws" "$src/docker/build-gateway.sh" "$docker_gateway"
gateway_bin="$docker_gateway/usr/local/bin/snoke-ws-gateway"

# The gateway image is distroless/cc: glibc, libgcc and OpenSSL, nothing else.
gateway_needs_only_distroless_cc_libraries() {
    local libs extra
    libs="$(ldd "$gateway_bin")" || return 1
    echo "$libs"
    extra="$(awk '{print $1}' <<<"$libs" \
        | grep -v -E '^(linux-vdso\.so|/lib64/ld-linux|ld-linux|lib(c|m|dl|rt|pthread|gcc_s|ssl|crypto)\.so)' || true)"
    [[ -z "$extra" ]] || { echo "not in distroless/cc: $extra"; return 1; }
}
check "installed gateway links only libraries distroless/cc-debian12 ships" "$logs/ldd.log" \
    gateway_needs_only_distroless_cc_libraries

healthcheck_probes_a_running_gateway() {
    local port log="$tmp/gateway.log"
    port="$(free_port)"
    GATEWAY_LISTEN="127.0.0.1:$port" JWT_ALG=HS256 JWT_PUBLIC_KEY="packaging-$RANDOM$RANDOM" \
        SYMFONY_WEBHOOK_URL= LOG_FORMAT=text "$gateway_bin" >"$log" 2>&1 &
    gateway_pid=$!
    wait_http "http://127.0.0.1:$port/health" 30 || { cat "$log"; return 1; }
    "$gateway_bin" healthcheck "127.0.0.1:$port" || { echo "healthcheck host:port failed"; return 1; }
    # The image's HEALTHCHECK passes no argument: the address comes from GATEWAY_LISTEN.
    GATEWAY_LISTEN="0.0.0.0:$port" "$gateway_bin" healthcheck || { echo "healthcheck via GATEWAY_LISTEN failed"; return 1; }
    kill "$gateway_pid" && wait "$gateway_pid" 2>/dev/null
    gateway_pid=""
    if "$gateway_bin" healthcheck "127.0.0.1:$port"; then echo "healthcheck passed with the gateway stopped"; return 1; fi
    "$gateway_bin" healthcheck 127.0.0.1:1 extra 2>/dev/null
    [[ $? -eq 2 ]] || { echo "unexpected arguments are not a usage error"; return 1; }
}
check "gateway healthcheck: exit 0 against a started gateway, 1 once it stopped" \
    "$logs/healthcheck.log" healthcheck_probes_a_running_gateway

dev_keys_are_created_once() {
    php "$src/docker/gen-dev-keys.php" "$tmp/keys" "$(id -g)" || return 1
    openssl rsa -in "$tmp/keys/dev_private.pem" -check -noout || return 1
    openssl pkey -pubin -in "$tmp/keys/dev_public.pem" -noout || return 1
    local before
    before="$(sha256sum "$tmp/keys/dev_private.pem")"
    php "$src/docker/gen-dev-keys.php" "$tmp/keys" "$(id -g)" || return 1
    [[ "$(sha256sum "$tmp/keys/dev_private.pem")" == "$before" ]]
}
check "docker/gen-dev-keys.php creates an RS256 pair once and keeps it" "$logs/keys.log" dev_keys_are_created_once

# phpt from phpt/ against the PIE-installed .so and the script-installed gateway.
phpt_tests=(
    extension_info_reports_version.phpt
    classes_and_exception_hierarchy.phpt
    jwt_token_is_accepted_by_the_gateway.phpt
    publish_reaches_connected_client_with_converted_payload.phpt
)
# These need no RabbitMQ: a URL given skips run-phpt.sh's private vhost.
check "phpt (${#phpt_tests[@]} tests) against the installed extension and gateway" "$logs/phpt.log" \
    env SNOKE_WS_GATEWAY_BIN="$gateway_bin" SNOKE_WS_TEST_AMQP_URL="amqp://guest:guest@127.0.0.1:5672/%2f" \
    scripts/run-phpt.sh "$pie_so" "${phpt_tests[@]}"

shell_scripts_parse() {
    local script
    for script in docker/*.sh docker/php/*.sh tests/packaging/*.sh; do
        case "$(head -n 1 "$script")" in
            *bash*) bash -n "$script" ;;
            *) sh -n "$script" ;;
        esac || { echo "syntax error in $script"; return 1; }
    done
}
check "docker/ and packaging shell scripts parse" "$logs/sh.log" shell_scripts_parse

# --- 3. docker-compose ----------------------------------------------------------
compose_ok=1
command -v docker-compose >/dev/null || { not_ok "docker-compose installed (Debian package docker-compose)"; compose_ok=0; }
declare -A modes=(
    [terminator]="-f docker-compose.yaml"
    [core-redis]="-f docker-compose.yaml -f docker-compose.core.yaml"
    [core-rabbitmq]="-f docker-compose.yaml -f docker-compose.core.yaml -f docker-compose.rabbitmq.yaml"
)
if [[ $compose_ok -eq 1 ]]; then
    for mode in terminator core-redis core-rabbitmq; do
        # shellcheck disable=SC2086 # a list of -f options
        check "docker-compose config --quiet ($mode: ${modes[$mode]})" "$logs/compose-$mode.log" \
            docker-compose ${modes[$mode]} config --quiet
        # shellcheck disable=SC2086
        if docker-compose ${modes[$mode]} config >"$tmp/compose-$mode.yaml" 2>"$logs/compose-$mode-full.log"; then
            check "compose $mode: services, environment, healthchecks and depends_on" \
                "$logs/compose-$mode-check.log" \
                python3 tests/packaging/check_compose.py "$mode" "$tmp/compose-$mode.yaml"
        else
            not_ok "docker-compose config ($mode)" "$logs/compose-$mode-full.log"
        fi
    done
fi

# --- 4. the Dockerfile ----------------------------------------------------------
check "Dockerfile copies only files that exist and builds every stage compose asks for" \
    "$logs/dockerfile.log" python3 tests/packaging/check_dockerfile.py Dockerfile .dockerignore \
    "$tmp"/compose-*.yaml

finish
