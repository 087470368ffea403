# syntax=docker/dockerfile:1.7
#
# snoke-ws images, one multi-stage recipe:
#
#   docker build --target gateway  -t snoke-ws/gateway  .   # the Rust gateway, distroless, non-root
#   docker build --target php-fpm  -t snoke-ws/php-fpm  .   # PHP-FPM + snoke_ws + the demo app
#   docker build --target consumer -t snoke-ws/consumer .   # the same, running bin/console ws:consume
#   docker build --target web      -t snoke-ws/web      .   # nginx in front of php-fpm and the gateway
#
# docker-compose.yaml builds all four. The builder stage runs docker/build-*.sh,
# the same scripts tests/packaging/run.sh runs outside Docker on every test run.
#
# Build arguments: PHP_VERSION (8.3; 8.1+ works), RUST_VERSION, GIT_REVISION
# (shown by `php --ri snoke_ws`; e.g. --build-arg GIT_REVISION=$(git rev-parse --short HEAD)).

ARG PHP_VERSION=8.3

# --- builder: the official PHP image (so the .so matches its headers) + Rust + clang
FROM php:${PHP_VERSION}-fpm-bookworm AS builder
# $PHPIZE_DEPS (autoconf, make, gcc, ...) comes from the official image; clang
# and libclang are what ext-php-rs's bindgen needs to read PHP's headers.
RUN apt-get update \
 && apt-get install -y --no-install-recommends $PHPIZE_DEPS clang libclang-dev curl ca-certificates \
 && rm -rf /var/lib/apt/lists/*
ARG RUST_VERSION=1.95.0
ENV RUSTUP_HOME=/usr/local/rustup CARGO_HOME=/usr/local/cargo PATH=/usr/local/cargo/bin:$PATH
RUN curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs \
    | sh -s -- -y --no-modify-path --profile minimal --default-toolchain "${RUST_VERSION}" \
 && cargo --version
WORKDIR /src
COPY . .
ARG GIT_REVISION=unknown
ENV SNOKE_WS_GIT_REVISION=${GIT_REVISION} CARGO_TARGET_DIR=/cache/target
# Both scripts build the same two packages, so cargo resolves one feature set
# and the second script finds everything already built.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/cache/target,id=snoke-ws-target-php${PHP_VERSION} \
    SNOKE_WS_CARGO_FLAGS="--locked -p snoke-ws-gateway" docker/build-extension.sh /out/php \
 && SNOKE_WS_CARGO_FLAGS="--locked -p snoke_ws" docker/build-gateway.sh /out/gateway

# --- gateway: the binary alone on distroless (glibc + libgcc, no shell), as nonroot
FROM gcr.io/distroless/cc-debian12:nonroot AS gateway
COPY --from=builder /out/gateway/usr/local/bin/snoke-ws-gateway /usr/local/bin/snoke-ws-gateway
ENV GATEWAY_LISTEN=0.0.0.0:8000 LOG_FORMAT=json
USER nonroot:nonroot
EXPOSE 8000
# No curl in distroless: the binary probes its own GET /health.
HEALTHCHECK --interval=10s --timeout=5s --start-period=5s --retries=3 \
    CMD ["/usr/local/bin/snoke-ws-gateway", "healthcheck"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/snoke-ws-gateway"]

# --- php-fpm: the official image + snoke_ws (docker-php-ext-enable) + the demo app
FROM php:${PHP_VERSION}-fpm-bookworm AS php-fpm
# make install's INSTALL_ROOT tree: the .so lands in this image's extension dir.
COPY --from=builder /out/php/ /
RUN docker-php-ext-enable snoke_ws opcache \
 && php --ri snoke_ws \
 && apt-get update \
 && apt-get install -y --no-install-recommends unzip \
 && rm -rf /var/lib/apt/lists/*
COPY --from=composer:2 /usr/bin/composer /usr/local/bin/composer
COPY docker/php/zz-snoke.conf /usr/local/etc/php-fpm.d/zz-snoke.conf
COPY docker/php/snoke.ini /usr/local/etc/php/conf.d/zz-snoke.ini
COPY docker/php/entrypoint.sh /usr/local/bin/snoke-entrypoint
COPY docker/gen-dev-keys.php /usr/local/lib/snoke/gen-dev-keys.php
WORKDIR /app
COPY bundle/composer.json bundle/
COPY bundle/config bundle/config
COPY bundle/src bundle/src
# The chat page imports the JS client through the symlink
# public/assets/vendor/snoke-ws-client -> clients/js/src.
COPY clients/js clients/js
COPY symfony-demo symfony-demo
ENV APP_ENV=prod APP_DEBUG=0 COMPOSER_ALLOW_SUPERUSER=1
# Composer's vendor/ (the bundle through the path repository ../bundle);
# autoload.php prefers it over Debian's /usr/share/php.
RUN cd symfony-demo \
 && composer install --no-dev --no-interaction --no-progress --prefer-dist --optimize-autoloader \
 && rm -rf /root/.composer/cache \
 && mkdir -p var && chown -R www-data:www-data var
WORKDIR /app/symfony-demo
EXPOSE 9000
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 \
    CMD ["php", "-r", "exit(@fsockopen('127.0.0.1', 9000) ? 0 : 1);"]
ENTRYPOINT ["snoke-entrypoint"]
CMD ["php-fpm"]

# --- consumer: the php-fpm image running ws:consume (core mode)
FROM php-fpm AS consumer
HEALTHCHECK NONE
STOPSIGNAL SIGTERM
CMD ["php", "bin/console", "ws:consume", "-v"]

# --- web: nginx serving public/ and passing PHP to php-fpm, /ws to the gateway
FROM nginx:1.27-alpine AS web
COPY docker/nginx/default.conf /etc/nginx/conf.d/default.conf
COPY --from=php-fpm /app/symfony-demo/public /app/symfony-demo/public
COPY --from=php-fpm /app/clients/js/src /app/clients/js/src
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=10s --retries=3 \
    CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/api/ping"]
