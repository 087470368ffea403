"""Fixtures: one real gateway + demo app per test session, and connected users."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

import pytest

from chat_client import ChatClient, connect_pair
from stack import Stack, StackError, start_stack

_running: Stack | None = None


@pytest.fixture(scope="session")
def stack() -> Iterator[Stack]:
    global _running
    failure = None
    try:
        _running = start_stack()
    except StackError as e:
        failure = str(e)
    if failure is not None:
        pytest.fail(failure, pytrace=False)
    try:
        yield _running
    finally:
        _running.stop()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed and _running is not None:
        report.sections.append(("gateway and demo app logs", _running.logs()))


@pytest.fixture
def connect(stack: Stack) -> Iterator[Callable[[str], ChatClient]]:
    """Opens a connection for a user id with a token from the demo app; all are closed after the test."""
    clients: list[ChatClient] = []

    def open_for(user_id: str) -> ChatClient:
        client = ChatClient.open(stack.ws_url, stack.token_for(user_id), user_id)
        clients.append(client)
        return client

    yield open_for
    for client in clients:
        client.close()


_pair_ids = itertools.count(100, 2)


@pytest.fixture
def fresh_pair(connect) -> tuple[ChatClient, ChatClient]:
    """Two users no other test uses, connected, each told the other is online."""
    first_id = next(_pair_ids)
    return connect_pair(connect, str(first_id), str(first_id + 1))
