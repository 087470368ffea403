"""The demo's JSON API answers bad input with a clear 4xx, never a 500."""

from __future__ import annotations

import pytest
import requests

from stack import HTTP_SECONDS, StackError, start_stack


def test_ping_answers_ok(stack):
    response = requests.get(f"{stack.app_url}/api/ping", timeout=HTTP_SECONDS)
    assert response.status_code == 200 and response.json() == {"ok": True}


@pytest.mark.parametrize(
    ("method", "path", "params"),
    [
        pytest.param("GET", "/api/demo/token", {}, id="token-without-user-id"),
        pytest.param("GET", "/api/demo/token", {"user_id": "a b"}, id="token-with-space"),
        pytest.param("GET", "/api/online", {"user_id": "<script>"}, id="online-with-markup"),
        pytest.param("POST", "/api/push-demo/" + "9" * 65, {}, id="push-with-overlong-id"),
    ],
)
def test_invalid_user_id_is_rejected_with_400_naming_the_rule(stack, method, path, params):
    response = requests.request(method, f"{stack.app_url}{path}", params=params, timeout=HTTP_SECONDS)
    assert response.status_code == 400, response.text
    assert "user_id" in response.json()["error"] or "userId" in response.json()["error"]


def test_chat_page_rejects_an_invalid_user_id_and_says_why(stack):
    response = requests.get(f"{stack.app_url}/demo/chat", params={"user_id": "<b>"}, timeout=HTTP_SECONDS)
    assert response.status_code == 400
    assert "user_id must be" in response.text and "<b>" not in response.text


def test_chat_page_without_user_id_picks_one(stack):
    response = requests.get(f"{stack.app_url}/demo/chat", timeout=HTTP_SECONDS)
    assert response.status_code == 200
    assert "You are <strong>user:" in response.text


@pytest.fixture(scope="module")
def app_without_gateway():
    failure = None
    try:
        stack = start_stack(with_gateway=False)
    except StackError as e:
        failure = str(e)
    if failure is not None:
        pytest.fail(failure, pytrace=False)
    yield stack
    stack.stop()


def test_unreachable_gateway_is_reported_as_502_with_the_cause(app_without_gateway):
    app = app_without_gateway.app_url
    online = requests.get(f"{app}/api/online", timeout=HTTP_SECONDS)
    push = requests.post(f"{app}/api/push-demo/5", timeout=HTTP_SECONDS)
    for response in (online, push):
        assert response.status_code == 502, response.text
        assert app_without_gateway.gateway_url.removeprefix("http://") in response.json()["error"]


def test_chat_page_still_renders_and_names_the_presence_failure(app_without_gateway):
    response = requests.get(f"{app_without_gateway.app_url}/demo/chat", params={"user_id": "5"}, timeout=HTTP_SECONDS)
    assert response.status_code == 200
    assert "Cannot read who is online" in response.text
