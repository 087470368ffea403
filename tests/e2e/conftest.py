"""Fixtures: one real gateway + demo app per test session, and connected users."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

import pytest

from chat_client import ChatClient, connect_pair
from rabbitmq_vhost import RabbitMqUnavailable, RabbitMqVhost
from redis_namespace import RedisNamespace, RedisUnavailable
from stack import Stack, StackError, start_core_stack, start_stack

_running: Stack | None = None
_running_core: Stack | None = None
_running_rabbitmq: Stack | None = None


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


@pytest.fixture(scope="session")
def core_stack() -> Iterator[Stack]:
    """Core mode: two gateways, the demo app and `ws:consume`, all talking through one real Redis."""
    global _running_core
    failure = None
    try:
        _running_core = start_core_stack(RedisNamespace())
    except (StackError, RedisUnavailable) as e:
        failure = str(e)
    if failure is not None:
        pytest.fail(failure, pytrace=False)
    try:
        yield _running_core
    finally:
        _running_core.stop()


@pytest.fixture(scope="session")
def rabbitmq_stack() -> Iterator[Stack]:
    """Core mode over RabbitMQ (a private vhost): two gateways, the demo app and `ws:consume`; Redis for presence."""
    global _running_rabbitmq
    failure = None
    try:
        _running_rabbitmq = start_core_stack(RabbitMqVhost())
    except (StackError, RedisUnavailable, RabbitMqUnavailable) as e:
        failure = str(e)
    if failure is not None:
        pytest.fail(failure, pytrace=False)
    try:
        yield _running_rabbitmq
    finally:
        _running_rabbitmq.stop()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not report.failed:
        return
    if _running is not None and "stack" in item.fixturenames:
        report.sections.append(("gateway and demo app logs", _running.logs()))
    if _running_core is not None and "core_stack" in item.fixturenames:
        report.sections.append(("core-mode logs (gateways, demo app, ws:consume)", _running_core.logs()))
    if _running_rabbitmq is not None and "rabbitmq_stack" in item.fixturenames:
        report.sections.append(("RabbitMQ core-mode logs (gateways, demo app, ws:consume)", _running_rabbitmq.logs()))


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


def _connector(stack: Stack) -> Iterator[Callable[..., ChatClient]]:
    clients: list[ChatClient] = []

    def open_for(user_id: str, gateway: int = 0) -> ChatClient:
        client = ChatClient.open(stack.ws_urls[gateway], stack.token_for(user_id), user_id)
        clients.append(client)
        return client

    yield open_for
    for client in clients:
        client.close()


@pytest.fixture
def connect_core(core_stack: Stack) -> Iterator[Callable[..., ChatClient]]:
    """Opens a connection to gateway `gateway` (0-based) of the core stack; all are closed after the test."""
    yield from _connector(core_stack)


@pytest.fixture
def connect_rabbitmq(rabbitmq_stack: Stack) -> Iterator[Callable[..., ChatClient]]:
    """Opens a connection to gateway `gateway` (0-based) of the RabbitMQ core stack; all are closed after the test."""
    yield from _connector(rabbitmq_stack)
