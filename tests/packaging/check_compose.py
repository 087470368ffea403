"""Checks one resolved compose configuration (`docker-compose config` output).

    python3 tests/packaging/check_compose.py MODE FILE

MODE is terminator, core-redis or core-rabbitmq. Checks that the mode has the
services it needs, that each long-running service has a healthcheck, that
every depends_on waits on a condition, that the mode's environment is set, and
that every variable handed to the gateway or the app is one they really read
(a misspelt name would be silently ignored at run time). Prints each problem;
exits 1 if there is any.
"""

from __future__ import annotations

import pathlib
import re
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]

SERVICES = {
    "terminator": {"keys", "gateway", "php", "web"},
    "core-redis": {"keys", "gateway", "php", "web", "redis", "consumer"},
    "core-rabbitmq": {"keys", "gateway", "php", "web", "redis", "consumer", "rabbitmq"},
}
# One-shot or worker services: no port to probe.
NO_HEALTHCHECK = {"keys", "consumer"}
# Symfony's own variables, read by the kernel rather than by our config files.
SYMFONY_VARS = {"APP_ENV", "APP_DEBUG", "APP_SECRET"}


def gateway_variables() -> set[str]:
    names = (ROOT / "gateway/src/config/names.rs").read_text(encoding="utf-8")
    return set(re.findall(r'pub const [A-Z0-9_]+: &str = "([A-Z0-9_]+)";', names))


def app_variables() -> set[str]:
    """Every WS_*/DEMO_*/SYMFONY_* name the demo app or the bundle mentions."""
    found: set[str] = set()
    roots = [ROOT / "symfony-demo/config", ROOT / "symfony-demo/src", ROOT / "bundle/src", ROOT / "bundle/config"]
    files = [ROOT / "symfony-demo/.env"]
    for root in roots:
        files.extend(p for p in root.rglob("*") if p.is_file())
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        found.update(re.findall(r"\b((?:WS|DEMO|SYMFONY)_[A-Z0-9_]+)\b", text))
    return found | SYMFONY_VARS


def environment(service: dict) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {key: "" if value is None else str(value) for key, value in env.items()}


def main() -> int:
    mode, path = sys.argv[1], sys.argv[2]
    config = yaml.safe_load(pathlib.Path(path).read_text(encoding="utf-8"))
    services: dict = config.get("services") or {}
    problems: list[str] = []

    missing = SERVICES[mode] - services.keys()
    if missing:
        problems.append(f"services missing: {sorted(missing)}")

    for name, service in services.items():
        if name not in NO_HEALTHCHECK and not (service.get("healthcheck") or {}).get("test"):
            problems.append(f"{name}: no healthcheck")
        depends = service.get("depends_on") or {}
        if isinstance(depends, list):
            problems.append(f"{name}: depends_on without conditions")
            depends = {}
        for dependency, rule in depends.items():
            if dependency not in services:
                problems.append(f"{name}: depends on undefined service {dependency}")
            condition = (rule or {}).get("condition")
            if condition not in {"service_healthy", "service_completed_successfully"}:
                problems.append(f"{name}: depends_on {dependency} has condition {condition!r}")
            elif condition == "service_healthy" and dependency in NO_HEALTHCHECK:
                problems.append(f"{name}: waits for {dependency} to be healthy, but it has no healthcheck")
        for port in service.get("ports") or []:
            host_ip = port.get("host_ip") if isinstance(port, dict) else str(port).split(":")[0]
            if host_ip not in {"127.0.0.1", "::1"}:
                problems.append(f"{name}: port {port} is published beyond loopback by default")

    known_gateway = gateway_variables()
    known_app = app_variables()
    gateway = environment(services.get("gateway", {}))
    for key in sorted(gateway.keys() - known_gateway):
        problems.append(f"gateway: {key} is not a variable the gateway reads (gateway/src/config/names.rs)")
    for name in ("php", "consumer"):
        if name in services:
            for key in sorted(environment(services[name]).keys() - known_app):
                problems.append(f"{name}: {key} is read by neither the demo app nor the bundle")

    core = mode != "terminator"
    expected = {
        "gateway": {"WS_MODE": "core" if core else "terminator"},
        "php": {"WS_MODE": "core" if core else "terminator"},
    }
    if core:
        expected["consumer"] = {"WS_MODE": "core"}
        expected["gateway"]["SYMFONY_WEBHOOK_URL"] = ""
    else:
        expected["gateway"]["SYMFONY_WEBHOOK_URL"] = "http://web:8080/internal/ws/events"
    if mode == "core-redis":
        expected["gateway"]["REDIS_DSN"] = "redis://redis:6379"
        expected["php"]["WS_REDIS_DSN"] = "redis://redis:6379"
    if mode == "core-rabbitmq":
        expected["gateway"]["REDIS_DSN"] = ""
        expected["gateway"]["PRESENCE_REDIS_DSN"] = "redis://redis:6379"
        for name in ("php", "consumer"):
            expected[name] = {**expected.get(name, {}), "WS_TRANSPORT_TYPE": "rabbitmq", "WS_EVENTS_TYPE": "rabbitmq"}
        if not gateway.get("RABBITMQ_DSN", "").startswith("amqp://"):
            problems.append("gateway: RABBITMQ_DSN is not an amqp:// URL")
    for name, wanted in expected.items():
        env = environment(services.get(name, {}))
        for key, value in wanted.items():
            if env.get(key) != value:
                problems.append(f"{name}: {key}={env.get(key)!r}, expected {value!r}")
    for name in ("php", "consumer"):
        env = environment(services.get(name, {}))
        if name in services and env.get("WS_GATEWAY_API_KEY") != gateway.get("GATEWAY_API_KEY"):
            problems.append(f"{name}: WS_GATEWAY_API_KEY differs from the gateway's GATEWAY_API_KEY")
        if name in services and env.get("SYMFONY_WEBHOOK_SECRET") != gateway.get("SYMFONY_WEBHOOK_SECRET"):
            problems.append(f"{name}: SYMFONY_WEBHOOK_SECRET differs from the gateway's")

    for problem in problems:
        print(problem)
    print(f"{mode}: {len(services)} services ({', '.join(sorted(services))}), {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
