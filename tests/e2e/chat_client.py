"""A WebSocket client for the tests: JSON frames, and every wait bounded.

Tests never sleep to let something happen; they wait for the frame that
proves it, and fail with everything they saw when it does not come.
"""

from __future__ import annotations

import json
import time
from typing import Any
from collections.abc import Callable

from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

RECEIVE_SECONDS = 10.0

Frame = dict[str, Any]


class ChatClient:
    """One user's connection to the gateway."""

    def __init__(self, connection: ClientConnection, user_id: str):
        self.connection = connection
        self.user_id = user_id
        self.subject = f"user:{user_id}"
        self.seen: list[Any] = []

    @classmethod
    def open(cls, ws_url: str, token: str, user_id: str) -> ChatClient:
        connection = connect(f"{ws_url}?token={token}", open_timeout=RECEIVE_SECONDS, close_timeout=2)
        return cls(connection, user_id)

    def send_json(self, message: Any) -> None:
        self.connection.send(json.dumps(message))

    def next_frame(self, timeout: float = RECEIVE_SECONDS) -> Any:
        raw = self.connection.recv(timeout=timeout)
        frame = json.loads(raw)
        self.seen.append(frame)
        return frame

    def wait_for(self, matches: Callable[[Any], bool], what: str, timeout: float = RECEIVE_SECONDS) -> Any:
        """Reads frames until one matches; frames before it are skipped (but reported on failure)."""
        deadline = time.monotonic() + timeout
        start = len(self.seen)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            try:
                frame = self.next_frame(timeout=remaining)
            except TimeoutError:
                break
            if matches(frame):
                return frame
        raise AssertionError(
            f"{self.subject} did not receive {what} within {timeout}s; frames seen meanwhile: {self.seen[start:]}"
        )

    def wait_for_event(self, matches: Callable[[Any], bool], what: str, timeout: float = RECEIVE_SECONDS) -> Any:
        """Like wait_for, on server pushes only; returns the push's payload."""
        frame = self.wait_for(lambda f: is_event(f) and matches(f["payload"]), what, timeout)
        return frame["payload"]

    def next_non_presence_event(self, timeout: float = RECEIVE_SECONDS) -> Any:
        """The payload of the next push that is not a presence broadcast (those come whenever anyone (dis)connects)."""
        return self.wait_for_event(lambda p: not is_presence(p), "a push other than presence", timeout)

    def wait_closed(self, timeout: float = RECEIVE_SECONDS) -> int | None:
        """Waits for the server to close the socket; returns the close code it sent."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                self.next_frame(timeout=max(0.0, deadline - time.monotonic()))
            except ConnectionClosed as closed:
                return closed.rcvd.code if closed.rcvd is not None else None
            except TimeoutError:
                break
        raise AssertionError(f"{self.subject}: socket still open after {timeout}s; frames: {self.seen}")

    def close(self) -> None:
        self.connection.close()


def is_event(frame: Any) -> bool:
    return isinstance(frame, dict) and frame.get("type") == "event" and "payload" in frame


def is_presence(payload: Any) -> bool:
    return isinstance(payload, dict) and payload.get("type") == "presence"


def presence_lists(*subjects: str) -> Callable[[Any], bool]:
    return lambda p: is_presence(p) and set(subjects) <= set(p.get("users", []))


def presence_without(present: str, absent: str) -> Callable[[Any], bool]:
    return lambda p: is_presence(p) and present in p.get("users", []) and absent not in p.get("users", [])


def connect_pair(open_for: Callable[[str], ChatClient], first_id: str, second_id: str) -> tuple[ChatClient, ChatClient]:
    """Connects two users so that each has been told the other is online.

    The second connects only after the first saw its own presence broadcast, so
    every later broadcast reflects both (tests can then watch for changes).
    """
    first = open_for(first_id)
    first.wait_for_event(presence_lists(first.subject), f"a presence broadcast listing {first.subject}")
    second = open_for(second_id)
    both = presence_lists(first.subject, second.subject)
    first.wait_for_event(both, "a presence broadcast listing both users")
    second.wait_for_event(both, "a presence broadcast listing both users")
    return first, second
