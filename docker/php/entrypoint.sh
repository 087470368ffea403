#!/bin/sh
# Entry point of the php-fpm and consumer images: rebuilds the Symfony cache
# for the environment the container was started with (env placeholders are
# resolved at run time, but APP_ENV/APP_DEBUG pick the container), then runs
# the command: php-fpm (whose workers drop to www-data themselves), or any
# other command, such as bin/console ws:consume, as www-data.
set -eu
cd /app/symfony-demo
var_dir="${APP_VAR_DIR:-/app/symfony-demo/var}"
mkdir -p "$var_dir"
chown -R www-data:www-data "$var_dir"
if [ "${SNOKE_SKIP_CACHE_WARMUP:-0}" != "1" ]; then
    setpriv --reuid=www-data --regid=www-data --init-groups \
        php bin/console cache:clear --no-interaction --quiet \
        || { echo "entrypoint: the Symfony container does not build (see above)" >&2; exit 1; }
fi
case "${1:-}" in
    php-fpm*) exec docker-php-entrypoint "$@" ;;
    *) exec setpriv --reuid=www-data --regid=www-data --init-groups docker-php-entrypoint "$@" ;;
esac
