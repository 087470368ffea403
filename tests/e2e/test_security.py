"""What must be refused: bad tokens, forged webhooks, unauthenticated publishes."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid

import pytest
import requests

from chat_client import ChatClient
from stack import API_KEY, DEMO_API_KEY, HTTP_SECONDS, WEBHOOK_SECRET

CLOSE_UNAUTHORIZED = 4401


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unsigned_token(user_id: str) -> str:
    header = b64url(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    claims = b64url(json.dumps({"user_id": user_id, "exp": int(time.time()) + 600}).encode())
    return f"{header}.{claims}."


def tampered_token(stack) -> str:
    header, claims, signature = stack.token_for("31").split(".")
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    return f"{header}.{claims}.{flipped}"


@pytest.mark.parametrize(
    "make_token",
    [
        pytest.param(lambda stack: "not-a-jwt", id="garbage"),
        pytest.param(lambda stack: unsigned_token("31"), id="alg-none"),
        pytest.param(tampered_token, id="tampered-signature"),
    ],
)
def test_bad_token_is_closed_with_4401(stack, make_token):
    client = ChatClient.open(stack.ws_url, make_token(stack), "31")
    try:
        assert client.wait_closed() == CLOSE_UNAUTHORIZED
    finally:
        client.close()


def test_connection_without_token_is_closed_with_4401(stack):
    client = ChatClient.open(stack.ws_url, "", "anonymous")
    try:
        assert client.wait_closed() == CLOSE_UNAUTHORIZED
    finally:
        client.close()


def webhook_event(user_id: str, message: dict) -> bytes:
    raw = json.dumps(message)
    return json.dumps(
        {
            "type": "message_received",
            "connection_id": str(uuid.uuid4()),
            "user_id": user_id,
            "subjects": [f"user:{user_id}"],
            "connected_at": int(time.time()),
            "message": message,
            "raw": raw,
        }
    ).encode()


def post_webhook(stack, body: bytes, signature: str | None) -> requests.Response:
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers["X-Webhook-Signature"] = signature
    return requests.post(f"{stack.app_url}/internal/ws/events", data=body, headers=headers, timeout=HTTP_SECONDS)


def sign(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def last_message(stack) -> tuple[int, dict]:
    response = requests.get(
        f"{stack.app_url}/api/ws/last-message", headers={"X-Demo-Key": DEMO_API_KEY}, timeout=HTTP_SECONDS
    )
    return response.status_code, response.json()


def test_correctly_signed_webhook_is_dispatched(stack):
    nonce = uuid.uuid4().hex
    response = post_webhook(
        stack, body := webhook_event("41", {"type": "e2e-probe", "nonce": nonce}), sign(body, WEBHOOK_SECRET)
    )
    assert response.status_code == 200, response.text
    status, last = last_message(stack)
    assert status == 200 and last["data"]["message"] == {"type": "e2e-probe", "nonce": nonce}


@pytest.mark.parametrize(
    "signature",
    [
        pytest.param(None, id="missing"),
        pytest.param("sha256=" + "0" * 64, id="zeros"),
        pytest.param("wrong-secret", id="signed-with-another-secret"),
        pytest.param("no-prefix", id="hex-without-sha256-prefix"),
    ],
)
def test_webhook_with_bad_signature_gets_401_and_dispatches_nothing(stack, fresh_pair, signature):
    first, _ = fresh_pair
    before = last_message(stack)
    body = webhook_event(first.user_id, {"type": "chat", "text": "forged"})
    if signature == "wrong-secret":
        signature = sign(body, "not-the-" + WEBHOOK_SECRET)
    elif signature == "no-prefix":
        signature = sign(body, WEBHOOK_SECRET).removeprefix("sha256=")

    response = post_webhook(stack, body, signature)

    assert response.status_code == 401, response.text
    assert last_message(stack) == before
    # A dispatched forgery would have been broadcast before this real line.
    first.send_json({"type": "chat", "text": "genuine"})
    event = first.next_non_presence_event()
    assert (event["type"], event["text"]) == ("chat", "genuine")


@pytest.mark.parametrize(
    "auth",
    [
        pytest.param({}, id="no-key"),
        pytest.param({"headers": {"X-Api-Key": "wrong-key"}}, id="wrong-header"),
        pytest.param({"body_key": "wrong-key"}, id="wrong-body-field"),
    ],
)
def test_publish_without_the_right_api_key_gets_401_and_delivers_nothing(stack, fresh_pair, auth):
    first, _ = fresh_pair
    body = {"subjects": [first.subject], "payload": {"type": "must-not-arrive"}}
    if "body_key" in auth:
        body["api_key"] = auth["body_key"]
    response = requests.post(
        f"{stack.gateway_url}/internal/publish", json=body, headers=auth.get("headers", {}), timeout=HTTP_SECONDS
    )
    assert response.status_code == 401, response.text

    # Pushes to one connection arrive in order: a delivered rejected push would come first.
    marker = {"type": "marker", "id": uuid.uuid4().hex}
    response = requests.post(
        f"{stack.gateway_url}/internal/publish",
        json={"subjects": [first.subject], "payload": marker},
        headers={"X-Api-Key": API_KEY},
        timeout=HTTP_SECONDS,
    )
    assert response.status_code == 200, response.text
    assert response.json()["sent"] >= 1
    assert first.next_non_presence_event() == marker


def test_gateway_presence_listing_requires_the_api_key(stack):
    url = f"{stack.gateway_url}/internal/connections"
    assert requests.get(url, timeout=HTTP_SECONDS).status_code == 401
    assert requests.get(url, headers={"X-Api-Key": "wrong-key"}, timeout=HTTP_SECONDS).status_code == 401
    response = requests.get(url, headers={"X-Api-Key": API_KEY}, timeout=HTTP_SECONDS)
    assert response.status_code == 200 and "connections" in response.json()


def test_last_message_requires_the_demo_key(stack):
    url = f"{stack.app_url}/api/ws/last-message"
    assert requests.get(url, timeout=HTTP_SECONDS).status_code == 401
    assert requests.get(url, headers={"X-Demo-Key": "wrong"}, timeout=HTTP_SECONDS).status_code == 401
    assert requests.get(url, headers={"X-Demo-Key": DEMO_API_KEY}, timeout=HTTP_SECONDS).status_code in (200, 404)
