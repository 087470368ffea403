"""The Redis a core-mode stack runs against, with key names no other run shares.

Every stream and the presence prefix start with `snoke-e2e-<random>`, so runs
(and other test suites on the same Redis) never see each other's events, and
`delete_all()` removes exactly what the run created. Redis comes from
`SNOKE_WS_TEST_REDIS_URL` (default redis://127.0.0.1:6379); `redis-cli` talks to it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from dataclasses import dataclass, field

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379"
REDIS_CLI_SECONDS = 10


class RedisUnavailable(RuntimeError):
    """Redis or redis-cli is missing; core-mode tests fail (never skip) with this message."""


@dataclass
class RedisNamespace:
    """Stream names and presence prefix unique to one test session."""

    url: str = field(default_factory=lambda: os.environ.get("SNOKE_WS_TEST_REDIS_URL") or DEFAULT_REDIS_URL)
    tag: str = field(default_factory=lambda: f"snoke-e2e-{uuid.uuid4().hex[:12]}")

    @property
    def inbox_stream(self) -> str:
        return f"{self.tag}.ws.inbox"

    @property
    def events_stream(self) -> str:
        return f"{self.tag}.ws.events"

    @property
    def outbox_stream(self) -> str:
        return f"{self.tag}.ws.outbox"

    @property
    def dlq_stream(self) -> str:
        return f"{self.tag}.ws.dlq"

    @property
    def presence_prefix(self) -> str:
        return f"{self.tag}:presence:"

    def gateway_env(self) -> dict[str, str]:
        return {
            "WS_MODE": "core",
            "REDIS_DSN": self.url,
            "REDIS_INBOX_STREAM": self.inbox_stream,
            "REDIS_EVENTS_STREAM": self.events_stream,
            "REDIS_STREAM": self.outbox_stream,
            "REDIS_DLQ_STREAM": self.dlq_stream,
            "PRESENCE_REDIS_PREFIX": self.presence_prefix,
        }

    def app_env(self) -> dict[str, str]:
        return {
            "WS_MODE": "core",
            "WS_REDIS_DSN": self.url,
            "WS_REDIS_STREAM": self.outbox_stream,
            "WS_REDIS_EVENTS_STREAM": self.events_stream,
            "WS_REDIS_INBOX_STREAM": self.inbox_stream,
            "WS_REDIS_PREFIX": self.presence_prefix,
        }

    def command(self, *args: str) -> str:
        """Runs one redis-cli command; raises RedisUnavailable when it cannot."""
        cli = shutil.which("redis-cli")
        if cli is None:
            raise RedisUnavailable("redis-cli not found on PATH (apt-get install redis-tools)")
        try:
            result = subprocess.run(
                [cli, "-u", self.url, "--no-raw", *args],
                capture_output=True,
                text=True,
                timeout=REDIS_CLI_SECONDS,
            )
        except subprocess.TimeoutExpired as e:
            raise RedisUnavailable(f"redis-cli {' '.join(args)} against {self.url} timed out") from e
        # redis-cli exits 0 on connection errors too; they show on stdout/stderr.
        output = (result.stdout + result.stderr).strip()
        if result.returncode != 0 or output.startswith(("Could not connect", "(error)")):
            raise RedisUnavailable(f"redis-cli {' '.join(args)} against {self.url} failed: {output}")
        return output

    def require_reachable(self) -> None:
        answer = self.command("PING")
        if "PONG" not in answer:
            raise RedisUnavailable(
                f"Redis at {self.url} answered {answer!r} to PING (set SNOKE_WS_TEST_REDIS_URL to a running Redis)"
            )

    def keys(self) -> list[str]:
        cli = shutil.which("redis-cli") or "redis-cli"
        result = subprocess.run(
            [cli, "-u", self.url, "--scan", "--pattern", f"{self.tag}*"],
            capture_output=True,
            text=True,
            timeout=REDIS_CLI_SECONDS,
        )
        return [line for line in result.stdout.splitlines() if line]

    def delete_all(self) -> None:
        """Deletes every key of this namespace (streams, consumer groups with them, presence)."""
        keys = self.keys()
        if keys:
            self.command("DEL", *keys)
