# snoke_ws is a Rust cdylib: `make` asks cargo for it and copies it to
# modules/snoke_ws.so, where `make install` (install-modules) picks it up.
#
# Overridable on the make command line or in the environment:
#   CARGO_TARGET_DIR        where cargo builds (default: <source>/target)
#   SNOKE_WS_CARGO_FLAGS    extra cargo flags, e.g. --locked or --offline; the
#                           package list can be widened too (-p snoke-ws-gateway)
#                           so one build shares its dependency features with
#                           a build that already exists in CARGO_TARGET_DIR
SNOKE_WS_CARGO_FLAGS ?=

.PHONY: snoke-ws-cargo-build

# Always asks cargo: it knows better than make whether a Rust source changed,
# and answers in well under a second when nothing did.
$(phplibdir)/snoke_ws.so: snoke-ws-cargo-build
	@true

# ext-php-rs gets PHP_CONFIG only when configure was pointed at another PHP
# than the php-config on PATH: it reruns its build script (and so rebuilds
# everything above it) whenever PHP_CONFIG changes, and an unneeded value would
# throw away an existing build of the same PHP.
snoke-ws-cargo-build:
	+@target_dir="$${CARGO_TARGET_DIR:-$(SNOKE_WS_SRCDIR)/target}"; \
	php_config_env=""; \
	default_php_config=`command -v php-config 2>/dev/null || true`; \
	if test -n "$(SNOKE_WS_PHP_CONFIG)"; then \
		wanted=`readlink -f "$(SNOKE_WS_PHP_CONFIG)" 2>/dev/null || echo "$(SNOKE_WS_PHP_CONFIG)"`; \
		found=`readlink -f "$$default_php_config" 2>/dev/null || echo "$$default_php_config"`; \
		if test "$$wanted" != "$$found"; then php_config_env="PHP_CONFIG=$(SNOKE_WS_PHP_CONFIG)"; fi; \
	fi; \
	echo "snoke_ws: $(SNOKE_WS_CARGO) build --release -p snoke_ws $(SNOKE_WS_CARGO_FLAGS) (target dir $$target_dir$${php_config_env:+, $$php_config_env})"; \
	( cd "$(SNOKE_WS_SRCDIR)" && env $$php_config_env CARGO_TARGET_DIR="$$target_dir" \
		"$(SNOKE_WS_CARGO)" build --release -p snoke_ws $(SNOKE_WS_CARGO_FLAGS) ) \
		|| { echo "snoke_ws: cargo build failed (see above)" >&2; exit 1; }; \
	if ! test -f "$$target_dir/release/libsnoke_ws.so"; then \
		echo "snoke_ws: cargo succeeded but $$target_dir/release/libsnoke_ws.so is missing" >&2; exit 1; \
	fi; \
	mkdir -p "$(phplibdir)" && cp "$$target_dir/release/libsnoke_ws.so" "$(phplibdir)/snoke_ws.so"
