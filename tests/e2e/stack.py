"""The real processes the end-to-end tests run against.

`start_stack()` starts the gateway binary and the Symfony demo (PHP's built-in
server with the snoke_ws extension loaded) on free loopback ports, each pointed
at the other, and waits until both answer. `start_core_stack()` runs core mode
instead: gateways and the demo app share a real Redis, with `ws:consume`
as a background process. Nothing is mocked: a component that
is missing or does not start makes the tests fail with its log attached.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from rabbitmq_vhost import EVENTS, RabbitMqVhost
from redis_namespace import RedisNamespace

import requests

ROOT = Path(__file__).resolve().parents[2]
DEMO_DIR = ROOT / "symfony-demo"

API_KEY = "e2e-api-key"
WEBHOOK_SECRET = "e2e-webhook-secret"
DEMO_API_KEY = "e2e-demo-key"

HTTP_SECONDS = 10
GATEWAY_START_SECONDS = 20
APP_START_SECONDS = 60
STOP_SECONDS = 10

# Only these variables of the caller's environment reach the processes, so a
# developer's REDIS_DSN or JWT_* cannot silently change what is tested.
INHERITED_ENV = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "RUST_BACKTRACE")

PHP_SERVER_NOISE = re.compile(r"\] 127\.0\.0\.1:\d+ (Accepted|Closing)$")


class StackError(RuntimeError):
    """A component is missing or did not start; the message says which and why."""


def _configured_path(env_name: str, default: str) -> Path:
    path = Path(os.environ.get(env_name) or default)
    return path if path.is_absolute() else ROOT / path


def _free_ports(count: int) -> list[int]:
    # Held open together so the kernel hands out distinct ports.
    sockets = []
    try:
        for _ in range(count):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def _base_env() -> dict[str, str]:
    return {k: os.environ[k] for k in INHERITED_ENV if k in os.environ}


@dataclass
class ManagedProcess:
    """A child process in its own process group, with its output in a log file."""

    name: str
    log_path: Path
    popen: subprocess.Popen

    @classmethod
    def start(cls, name: str, argv: list[str], env: dict[str, str], cwd: Path, log_dir: Path) -> ManagedProcess:
        log_path = log_dir / f"{name}.log"
        log = open(log_path, "wb")  # noqa: SIM115 - the child owns it until stop()
        try:
            popen = subprocess.Popen(
                argv,
                cwd=cwd,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                # php -S forks its workers: signalling the group stops all of them.
                start_new_session=True,
            )
        finally:
            log.close()
        return cls(name, log_path, popen)

    def exited(self) -> bool:
        return self.popen.poll() is not None

    def log_tail(self, max_chars: int = 20000) -> str:
        try:
            text = self.log_path.read_text("utf-8", "replace")
        except OSError as e:
            return f"(no log: {e})"
        # php -S logs every TCP accept/close; they would bury the errors.
        lines = [line for line in text.splitlines() if not PHP_SERVER_NOISE.search(line)]
        return "\n".join(lines)[-max_chars:]

    def stop(self) -> None:
        if self.exited():
            return
        try:
            os.killpg(self.popen.pid, signal.SIGTERM)
            self.popen.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=STOP_SECONDS)
        except ProcessLookupError:
            pass
        # Workers of php -S may outlive their parent for a moment.
        try:
            os.killpg(self.popen.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def wait_http_ok(self, url: str, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        last_error = "no answer yet"
        while time.monotonic() < deadline:
            if self.exited():
                raise StackError(
                    f"{self.name} exited with code {self.popen.returncode} before {url} answered\n"
                    f"--- {self.name} log ---\n{self.log_tail()}"
                )
            try:
                response = requests.get(url, timeout=2)
                if response.status_code == 200:
                    return
                last_error = f"HTTP {response.status_code}: {response.text[:300]}"
            except requests.RequestException as e:
                last_error = str(e)
            time.sleep(0.1)  # polling a startup probe, not synchronising a test
        raise StackError(
            f"{self.name}: {url} not ready after {seconds}s ({last_error})\n--- {self.name} log ---\n{self.log_tail()}"
        )


@dataclass
class Stack:
    """Addresses and secrets of a running gateway + demo app pair."""

    gateway_url: str
    ws_url: str
    app_url: str
    work_dir: Path
    processes: list[ManagedProcess] = field(default_factory=list)
    # Every gateway's WebSocket URL (core mode may run several); ws_url is the first.
    ws_urls: list[str] = field(default_factory=list)
    cleanups: list = field(default_factory=list)
    # The Redis namespace of a core-mode stack (None in terminator mode); over
    # RabbitMQ it holds presence only.
    redis: RedisNamespace | None = None
    # The private vhost of a core-mode stack over RabbitMQ.
    rabbitmq: RabbitMqVhost | None = None

    def token_for(self, user_id: str) -> str:
        """A JWT for the user, issued by the demo app's `/api/demo/token`."""
        response = requests.get(f"{self.app_url}/api/demo/token", params={"user_id": user_id}, timeout=HTTP_SECONDS)
        if response.status_code != 200:
            raise AssertionError(f"/api/demo/token answered {response.status_code}: {response.text}")
        body = response.json()
        if body.get("ws_url") != self.ws_url:
            raise AssertionError(f"/api/demo/token gave ws_url {body.get('ws_url')!r}, expected {self.ws_url!r}")
        return body["token"]

    def logs(self) -> str:
        return "\n".join(f"--- {p.name} log ({p.log_path}) ---\n{p.log_tail()}" for p in self.processes)

    def stop(self) -> None:
        # The app first: the gateway's shutdown flushes webhooks to it otherwise.
        for process in reversed(self.processes):
            process.stop()
        for cleanup in self.cleanups:
            cleanup()
        if not os.environ.get("SNOKE_WS_E2E_KEEP"):
            shutil.rmtree(self.work_dir, ignore_errors=True)


def _require_file(path: Path, what: str, hint: str) -> None:
    if not path.is_file():
        raise StackError(f"{what} not found at {path}: {hint}")


def _ensure_dev_keys() -> tuple[Path, Path]:
    keys = ROOT / "var" / "keys"
    private, public = keys / "dev_private.pem", keys / "dev_public.pem"
    if not (private.is_file() and public.is_file()):
        result = subprocess.run([str(ROOT / "scripts" / "gen-dev-keys.sh")], capture_output=True, text=True)
        if result.returncode != 0:
            raise StackError(f"scripts/gen-dev-keys.sh failed:\n{result.stdout}{result.stderr}")
    return private, public


def _check_extension(php: str, extension: Path) -> None:
    probe = subprocess.run(
        [php, "-d", f"extension={extension}", "-r", "exit(extension_loaded('snoke_ws') ? 0 : 1);"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    if probe.returncode != 0:
        raise StackError(f"PHP cannot load the snoke_ws extension from {extension}:\n{probe.stdout}{probe.stderr}")


def _gateway_env(port: int, app_url: str, public_key: Path) -> dict[str, str]:
    return _base_env() | {
        "GATEWAY_LISTEN": f"127.0.0.1:{port}",
        "JWT_ALG": "RS256",
        "JWT_PUBLIC_KEY_FILE": str(public_key),
        "GATEWAY_API_KEY": API_KEY,
        "SYMFONY_WEBHOOK_URL": f"{app_url}/internal/ws/events",
        "SYMFONY_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "LOG_FORMAT": "text",
        "LOG_LEVEL": "info",
    }


def _app_env(gateway_url: str, ws_url: str, private_key: Path, var_dir: Path) -> dict[str, str]:
    return _base_env() | {
        "APP_ENV": "prod",
        "APP_DEBUG": "0",
        # A fresh cache per run: prod never notices that bundle code changed.
        "APP_VAR_DIR": str(var_dir),
        "WS_MODE": "terminator",
        "WS_GATEWAY_BASE_URL": gateway_url,
        "WS_GATEWAY_API_KEY": API_KEY,
        "SYMFONY_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "DEMO_JWT_ALG": "RS256",
        "DEMO_JWT_PRIVATE_KEY_FILE": str(private_key),
        "DEMO_API_KEY": DEMO_API_KEY,
        "WS_PUBLIC_URL": ws_url,
        "PHP_CLI_SERVER_WORKERS": "4",
    }


@dataclass
class Binaries:
    """What every stack runs: the gateway binary, PHP with the extension, the dev key pair."""

    gateway: Path
    php_argv: list[str]
    private_key: Path
    public_key: Path


def _binaries() -> Binaries:
    gateway_bin = _configured_path("SNOKE_WS_GATEWAY_BIN", "target/release/snoke-ws-gateway")
    extension = _configured_path("SNOKE_WS_EXTENSION", "target/release/libsnoke_ws.so")
    php = os.environ.get("PHP_BINARY") or shutil.which("php") or "php"
    _require_file(
        gateway_bin,
        "gateway binary",
        "build it (cargo build --release -p snoke-ws-gateway) or set SNOKE_WS_GATEWAY_BIN",
    )
    _require_file(
        extension, "snoke_ws extension", "build it (cargo build --release -p snoke_ws) or set SNOKE_WS_EXTENSION"
    )
    _check_extension(php, extension)
    private_key, public_key = _ensure_dev_keys()
    php_argv = [php, "-d", f"extension={extension}", "-d", "display_errors=stderr"]
    return Binaries(gateway_bin, php_argv, private_key, public_key)


def _warm_up_app(php_argv: list[str], app_env: dict[str, str]) -> None:
    # Compile the container once, up front: a configuration error shows here
    # with its message instead of as a 500 from four racing workers.
    warmup = subprocess.run(
        [*php_argv, "bin/console", "cache:warmup"],
        cwd=DEMO_DIR,
        env=app_env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    if warmup.returncode != 0:
        raise StackError(f"demo app cache:warmup failed:\n{warmup.stdout}{warmup.stderr}")


def _start_app(stack: Stack, php_argv: list[str], app_env: dict[str, str], app_port: int) -> None:
    app_argv = [*php_argv, "-S", f"127.0.0.1:{app_port}", "public/index.php"]
    stack.processes.append(ManagedProcess.start("demo-app", app_argv, app_env, DEMO_DIR, stack.work_dir))
    stack.processes[-1].wait_http_ok(f"{stack.app_url}/api/ping", APP_START_SECONDS)


def start_stack(with_gateway: bool = True) -> Stack:
    """Starts the demo app and, unless told otherwise, a gateway wired to it.

    Without the gateway the app is still pointed at a (closed) gateway port,
    to see how it fails when the gateway is down.
    """
    binaries = _binaries()
    work_dir = Path(tempfile.mkdtemp(prefix="snoke-ws-e2e-"))
    gateway_port, app_port = _free_ports(2)
    gateway_url = f"http://127.0.0.1:{gateway_port}"
    app_url = f"http://127.0.0.1:{app_port}"
    ws_url = f"ws://127.0.0.1:{gateway_port}/ws"
    stack = Stack(gateway_url=gateway_url, ws_url=ws_url, app_url=app_url, work_dir=work_dir, ws_urls=[ws_url])

    gateway_env = _gateway_env(gateway_port, app_url, binaries.public_key)
    app_env = _app_env(gateway_url, stack.ws_url, binaries.private_key, work_dir / "app-var")

    try:
        _warm_up_app(binaries.php_argv, app_env)
        if with_gateway:
            stack.processes.append(
                ManagedProcess.start("gateway", [str(binaries.gateway)], gateway_env, ROOT, work_dir)
            )
            stack.processes[-1].wait_http_ok(f"{gateway_url}/health", GATEWAY_START_SECONDS)
        _start_app(stack, binaries.php_argv, app_env, app_port)
    except BaseException:
        stack.stop()
        raise
    return stack


def start_core_stack(broker: RedisNamespace | RabbitMqVhost, gateway_count: int = 2) -> Stack:
    """Core mode over Redis or RabbitMQ: `gateway_count` gateways, the demo app and `ws:consume`.

    Nothing carries events but the broker: the gateways get no webhook URL and
    the app no gateway URL, so a fallback to HTTP would fail the tests, not
    hide. Over RabbitMQ, Redis holds presence only. `stop()` also deletes
    everything the run created on the broker (Redis keys, or the vhost).
    """
    rabbitmq = broker if isinstance(broker, RabbitMqVhost) else None
    redis = rabbitmq.presence if rabbitmq else broker
    binaries = _binaries()
    if rabbitmq:
        rabbitmq.create()
    else:
        redis.require_reachable()
    work_dir = Path(tempfile.mkdtemp(prefix="snoke-ws-e2e-core-"))
    *gateway_ports, app_port = _free_ports(gateway_count + 1)
    gateway_urls = [f"http://127.0.0.1:{port}" for port in gateway_ports]
    ws_urls = [f"ws://127.0.0.1:{port}/ws" for port in gateway_ports]
    stack = Stack(
        gateway_url=gateway_urls[0],
        ws_url=ws_urls[0],
        app_url=f"http://127.0.0.1:{app_port}",
        work_dir=work_dir,
        ws_urls=ws_urls,
        cleanups=[broker.delete_all],
        redis=redis,
        rabbitmq=rabbitmq,
    )
    app_env = _app_env("", stack.ws_url, binaries.private_key, work_dir / "app-var") | broker.app_env()

    try:
        _warm_up_app(binaries.php_argv, app_env)
        for index, (port, url) in enumerate(zip(gateway_ports, gateway_urls, strict=True), start=1):
            env = _gateway_env(port, "", binaries.public_key) | broker.gateway_env()
            del env["SYMFONY_WEBHOOK_URL"]
            gateway = ManagedProcess.start(f"gateway-{index}", [str(binaries.gateway)], env, ROOT, work_dir)
            stack.processes.append(gateway)
            # /ready, not /health: it waits for the broker and the outbox reader's start position.
            gateway.wait_http_ok(f"{url}/ready", GATEWAY_START_SECONDS)
        _start_app(stack, binaries.php_argv, app_env, app_port)
        consume_argv = [*binaries.php_argv, "bin/console", "ws:consume", "-v"]
        consumer = ManagedProcess.start("ws-consume", consume_argv, app_env, DEMO_DIR, work_dir)
        stack.processes.append(consumer)
        if rabbitmq:
            # Unlike a Redis stream, an exchange drops what no bound queue takes yet.
            try:
                rabbitmq.wait_for_consumer(EVENTS, lambda: not consumer.exited())
            except RuntimeError as e:
                raise StackError(f"{e}\n--- ws-consume log ---\n{consumer.log_tail()}") from e
    except BaseException:
        stack.stop()
        raise
    return stack
