"""The RabbitMQ a core-mode stack runs against: a vhost no other run shares.

Each session creates `snoke-e2e-<random>` on the local broker (with
`rabbitmqctl`, so the broker must run on this machine) and deletes it at the
end, which removes every exchange and queue the gateways and `ws:consume`
declared. Default exchange/queue names are safe inside the private vhost.
The broker address comes from `SNOKE_WS_TEST_AMQP_URL` (its vhost is ignored;
default amqp://guest:guest@127.0.0.1:5672). Presence still lives in Redis,
under the `presence` namespace's unique prefix.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from redis_namespace import RedisNamespace

DEFAULT_AMQP_URL = "amqp://guest:guest@127.0.0.1:5672"
RABBITMQCTL_SECONDS = 60
CONSUMER_READY_SECONDS = 60

OUTBOX = "ws.outbox"
EVENTS = "ws.events"
INBOX = "ws.inbox"


class RabbitMqUnavailable(RuntimeError):
    """RabbitMQ or rabbitmqctl is missing; RabbitMQ core-mode tests fail (never skip) with this message."""


def _broker_url() -> tuple[str, str]:
    """(amqp://user:pass@host:port without a vhost, the user name for set_permissions)."""
    parts = urlsplit(os.environ.get("SNOKE_WS_TEST_AMQP_URL") or DEFAULT_AMQP_URL)
    return f"{parts.scheme}://{parts.netloc}", parts.username or "guest"


@dataclass
class RabbitMqVhost:
    """A private vhost on the local broker plus the Redis prefix presence uses."""

    presence: RedisNamespace = field(default_factory=RedisNamespace)
    name: str = field(default_factory=lambda: f"snoke-e2e-{uuid.uuid4().hex[:12]}")

    @property
    def url(self) -> str:
        base, _ = _broker_url()
        return f"{base}/{self.name}"

    def gateway_env(self) -> dict[str, str]:
        # No REDIS_DSN: events and pushes must travel over RabbitMQ only.
        return {
            "WS_MODE": "core",
            "EVENTS_MODE": "broker",
            "RABBITMQ_DSN": self.url,
            "RABBITMQ_INBOX_EXCHANGE": INBOX,
            "RABBITMQ_INBOX_ROUTING_KEY": INBOX,
            "RABBITMQ_EVENTS_EXCHANGE": EVENTS,
            "RABBITMQ_EVENTS_ROUTING_KEY": EVENTS,
            "RABBITMQ_EXCHANGE": OUTBOX,
            "RABBITMQ_ROUTING_KEY": OUTBOX,
            "PRESENCE_REDIS_DSN": self.presence.url,
            "PRESENCE_REDIS_PREFIX": self.presence.presence_prefix,
        }

    def app_env(self) -> dict[str, str]:
        return {
            "WS_MODE": "core",
            "WS_TRANSPORT_TYPE": "rabbitmq",
            "WS_EVENTS_TYPE": "rabbitmq",
            "WS_PRESENCE_TYPE": "redis",
            "WS_RABBITMQ_DSN": self.url,
            "WS_RABBITMQ_EXCHANGE": OUTBOX,
            "WS_RABBITMQ_QUEUE": OUTBOX,
            "WS_RABBITMQ_ROUTING_KEY": OUTBOX,
            "WS_RABBITMQ_EVENTS_EXCHANGE": EVENTS,
            "WS_RABBITMQ_EVENTS_QUEUE": EVENTS,
            "WS_RABBITMQ_EVENTS_ROUTING_KEY": EVENTS,
            "WS_REDIS_DSN": self.presence.url,
            "WS_REDIS_PREFIX": self.presence.presence_prefix,
        }

    def ctl(self, *args: str) -> str:
        """Runs one rabbitmqctl command; raises RabbitMqUnavailable when it cannot."""
        ctl = shutil.which("rabbitmqctl")
        if ctl is None:
            raise RabbitMqUnavailable("rabbitmqctl not found on PATH (apt-get install rabbitmq-server)")
        try:
            result = subprocess.run([ctl, "-q", *args], capture_output=True, text=True, timeout=RABBITMQCTL_SECONDS)
        except subprocess.TimeoutExpired as e:
            raise RabbitMqUnavailable(f"rabbitmqctl {' '.join(args)} timed out") from e
        if result.returncode != 0:
            raise RabbitMqUnavailable(
                f"rabbitmqctl {' '.join(args)} failed (is RabbitMQ running on this machine?):\n"
                f"{result.stdout}{result.stderr}"
            )
        return result.stdout

    def create(self) -> None:
        """Creates the vhost with full rights for the test user; Redis must answer too."""
        self.presence.require_reachable()
        _, user = _broker_url()
        self.ctl("add_vhost", self.name)
        try:
            self.ctl("set_permissions", "-p", self.name, user, ".*", ".*", ".*")
        except RabbitMqUnavailable:
            self.ctl("delete_vhost", self.name)
            raise

    def delete_all(self) -> None:
        """Deletes the vhost (with every exchange and queue in it) and the presence keys."""
        try:
            self.ctl("delete_vhost", self.name)
        finally:
            self.presence.delete_all()

    def queue_consumers(self) -> dict[str, int]:
        out = self.ctl("list_queues", "-p", self.name, "name", "consumers")
        counts = {}
        for line in out.splitlines():
            name, _, consumers = line.partition("\t")
            if consumers.strip().isdigit():
                counts[name] = int(consumers)
        return counts

    def wait_for_consumer(self, queue: str, alive) -> None:
        """Waits until `queue` has a consumer: events published before it is bound would be unroutable.

        `alive()` says whether the consuming process still runs; polling stops when it does not.
        """
        deadline = time.monotonic() + CONSUMER_READY_SECONDS
        seen: dict[str, int] = {}
        while time.monotonic() < deadline and alive():
            seen = self.queue_consumers()
            if seen.get(queue, 0) > 0:
                return
            time.sleep(0.2)  # polling a startup probe, not synchronising a test
        raise RabbitMqUnavailable(
            f"no consumer on queue {queue!r} in vhost {self.name} (queues: {seen}); ws:consume did not start"
        )
