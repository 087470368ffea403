#!/usr/bin/env bash
# Installs what is missing for the run command (`setup.sh run`) or the test
# command (`setup.sh test`), then creates the dev keys. Idempotent.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/install.sh"

what="${1:-run}"
case "$what" in
    run) install_packages "${RUN_PACKAGES[@]}" ;;
    test) install_packages "${RUN_PACKAGES[@]}" "${TEST_PACKAGES[@]}" ;;
    *) die "usage: setup.sh run|test" ;;
esac
ensure_rust
if [[ "$what" == test ]]; then
    ensure_cargo_php
    ensure_python_venv
    ensure_node
fi
"$SNOKE_ROOT/scripts/gen-dev-keys.sh"
