#!/usr/bin/env bash
# Fails when php-stubs/ no longer matches the snoke_ws extension.
#
#   scripts/check-stubs.sh [path/to/libsnoke_ws.so]   check (builds the debug .so when no path is given)
#   scripts/check-stubs.sh --write [path]              regenerate php-stubs/snoke_ws.php
#
# 1. php-stubs/snoke_ws.php must equal `cargo php stubs` output for the built
#    extension. ext-php-rs only exports the stub description from debug builds,
#    so pass a debug .so.
# 2. The exception classes and their marker interface (registered natively,
#    invisible to `cargo php stubs`) are declared by hand in
#    php-stubs/snoke_ws_exceptions.php; every class and interface the loaded
#    extension declares must appear in the stubs with the same parent and
#    interfaces, and the stubs must declare nothing more.
set -euo pipefail
cd "$(dirname "$0")/.."

write=0
if [[ "${1:-}" == "--write" ]]; then
    write=1
    shift
fi
so="${1:-}"
if [[ -z "$so" ]]; then
    cargo build -p snoke_ws --quiet
    so=target/debug/libsnoke_ws.so
fi
if [[ ! -f "$so" ]]; then
    echo "check-stubs: extension not found: $so" >&2
    exit 1
fi
so="$(cd "$(dirname "$so")" && pwd)/$(basename "$so")"
export PATH="$HOME/.cargo/bin:$PATH"

generated="$(mktemp)"
trap 'rm -f "$generated"' EXIT
cargo php stubs --stdout "$so" >"$generated"

if [[ $write -eq 1 ]]; then
    cp "$generated" php-stubs/snoke_ws.php
    echo "check-stubs: wrote php-stubs/snoke_ws.php"
fi

status=0
if ! diff -u php-stubs/snoke_ws.php "$generated"; then
    echo "check-stubs: php-stubs/snoke_ws.php drifted from the extension; run scripts/check-stubs.sh --write" >&2
    status=1
fi

# Prints "Class extends Parent implements ..." for every SnokeWs\ class and
# interface: from the loaded
# extension, or (without it) from the stub files given as arguments.
describe='
$names = extension_loaded("snoke_ws")
    ? (new ReflectionExtension("snoke_ws"))->getClassNames()
    : (function (array $stubs): array {
        $declared = fn () => array_merge(get_declared_classes(), get_declared_interfaces());
        $before = $declared();
        foreach ($stubs as $stub) { require $stub; }
        return array_diff($declared(), $before);
    })(array_slice($argv, 1));
$lines = [];
foreach ($names as $name) {
    $class = new ReflectionClass($name);
    $parent = $class->getParentClass();
    $interfaces = $class->getInterfaceNames();
    sort($interfaces);
    $lines[] = $name . " extends " . ($parent === false ? "-" : $parent->getName())
        . ($interfaces === [] ? "" : " implements " . implode(",", $interfaces));
}
sort($lines);
echo implode("\n", $lines), "\n";
'
if ! diff -u \
    <(php -n -r "$describe" -- php-stubs/snoke_ws.php php-stubs/snoke_ws_exceptions.php) \
    <(php -n -d "extension=$so" -r "$describe"); then
    echo "check-stubs: classes declared in php-stubs/ differ from the extension (left: stubs, right: extension)" >&2
    status=1
fi

if [[ $status -eq 0 ]]; then
    echo "check-stubs: php-stubs/ matches the extension"
fi
exit $status
