# Installs what the project needs on a Debian/Ubuntu machine, skipping what is
# already there. Sourced by setup.sh.

# Debian packages the run command needs: PHP + headers (ext-php-rs needs
# php-config and libclang), Symfony 5.4 components and Twig.
RUN_PACKAGES=(
    php8.2-cli php8.2-dev php8.2-xml php8.2-mbstring php8.2-curl
    libclang-dev clang pkg-config openssl curl ca-certificates
    php-symfony-framework-bundle php-symfony-console php-symfony-yaml php-symfony-dotenv
    php-symfony-twig-bundle php-symfony-http-client php-symfony-runtime php-symfony-process
    php-symfony-monolog-bridge php-twig
)
# Extra packages only the test command needs.
TEST_PACKAGES=(
    phpunit php-symfony-browser-kit php-symfony-phpunit-bridge python3 python3-venv python3-pip
    redis-server redis-tools rabbitmq-server
    # Peers the PHP benches compare against (scripts/bench.sh --quick runs in the test command).
    php-redis php-amqp php-nrk-predis php-amqplib php-symfony-event-dispatcher
    # The browser test drives Debian's Chromium (no browser download is possible;
    # the fonts keep its screenshots readable); the packaging suite runs the
    # phpize → make build and validates docker-compose.yaml.
    chromium fonts-dejavu-core make autoconf docker-compose
)

missing_packages() {
    local pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || printf '%s\n' "$pkg"
    done
}

install_packages() {
    local missing
    mapfile -t missing < <(missing_packages "$@")
    [[ ${#missing[@]} -eq 0 ]] && return 0
    command -v apt-get >/dev/null || die "apt-get not found: install ${missing[*]} by hand"
    log "installing Debian packages: ${missing[*]}"
    as_root apt-get -o DPkg::Lock::Timeout=300 update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_rust() {
    if ! command -v cargo >/dev/null && [[ -x "$HOME/.cargo/bin/cargo" ]]; then
        export PATH="$HOME/.cargo/bin:$PATH"
    fi
    if ! command -v cargo >/dev/null; then
        log "installing the Rust toolchain (rustup, stable)"
        curl -fsSL https://sh.rustup.rs | sh -s -- -y --profile minimal --component clippy,rustfmt \
            || die "could not install Rust; install it from https://rustup.rs and run again"
        export PATH="$HOME/.cargo/bin:$PATH"
    fi
}

ensure_cargo_php() {
    command -v cargo-php >/dev/null && return 0
    log "installing cargo-php (generates and checks the PHP stubs)"
    cargo install cargo-php --version 0.2.2 --locked --quiet
}

# Node.js runs the JS client's tests and the Playwright browser test; Debian's
# nodejs is enough when the machine has none.
ensure_node() {
    command -v node >/dev/null && command -v npm >/dev/null && return 0
    install_packages nodejs npm
}

ensure_python_venv() {
    local venv="$SNOKE_ROOT/.venv" req="$SNOKE_ROOT/tests/e2e/requirements.txt"
    if [[ ! -x "$venv/bin/python" ]]; then
        log "creating Python venv for the end-to-end tests"
        python3 -m venv "$venv"
    fi
    if [[ -f "$req" ]] && ! cmp -s "$req" "$venv/.requirements.installed"; then
        "$venv/bin/pip" install -q --disable-pip-version-check -r "$req"
        cp "$req" "$venv/.requirements.installed"
    fi
}
