"""Core mode over Redis: client → gateway → Redis inbox/events streams →
`ws:consume` → Symfony listener → extension XADD to the outbox stream →
every gateway → clients. No webhook and no HTTP publish anywhere."""

from __future__ import annotations

import json

import requests

from chat_client import connect_pair, presence_lists, presence_without
from stack import DEMO_API_KEY, HTTP_SECONDS
from test_chat import is_chat, online_user_ids


def last_message(stack) -> dict:
    response = requests.get(
        f"{stack.app_url}/api/ws/last-message", headers={"X-Demo-Key": DEMO_API_KEY}, timeout=HTTP_SECONDS
    )
    assert response.status_code == 200, response.text
    return response.json()["data"]


def test_core_mode_chat_round_trip_over_redis(core_stack, connect_core):
    first, second = connect_pair(connect_core, "1", "2")

    first.send_json({"type": "chat", "text": "hi over redis"})
    for client in (first, second):
        payload = client.wait_for_event(is_chat("user:1", "hi over redis"), "the chat broadcast of user 1's line")
        assert isinstance(payload["ts"], int)

    # The line travelled through the session's own streams (no webhook or HTTP publish is configured).
    inbox = core_stack.redis.command("XRANGE", core_stack.redis.inbox_stream, "-", "+")
    outbox = core_stack.redis.command("XRANGE", core_stack.redis.outbox_stream, "-", "+")
    assert "hi over redis" in inbox and "hi over redis" in outbox

    everyone = online_user_ids(core_stack)
    assert "1" in everyone and "2" in everyone
    assert online_user_ids(core_stack, user_id="1") == ["1"]

    # The recorder runs before the broadcast, so once the broadcast arrived the inbox is written.
    data = last_message(core_stack)
    assert data["user_id"] == "1"
    assert data["message"] == {"type": "chat", "text": "hi over redis"}
    assert json.loads(data["raw"]) == {"type": "chat", "text": "hi over redis"}

    second.close()
    payload = first.wait_for_event(presence_without("user:1", "user:2"), "a presence update without user:2")
    assert "user:1" in payload["users"]
    assert "2" not in online_user_ids(core_stack)


def test_users_on_two_gateways_sharing_redis_chat_and_see_each_other_online(core_stack, connect_core):
    user_a = connect_core("201", gateway=0)
    user_a.wait_for_event(presence_lists("user:201"), "a presence broadcast listing user:201")
    user_b = connect_core("202", gateway=1)
    both = presence_lists("user:201", "user:202")
    user_a.wait_for_event(both, "a presence broadcast (via gateway 1) listing both users")
    user_b.wait_for_event(both, "a presence broadcast (via gateway 2) listing both users")

    everyone = online_user_ids(core_stack)
    assert "201" in everyone and "202" in everyone

    user_a.send_json({"type": "chat", "text": "hello from gateway 1"})
    user_b.wait_for_event(is_chat("user:201", "hello from gateway 1"), "user A's line on gateway 2")
    user_b.send_json({"type": "chat", "text": "hello from gateway 2"})
    user_a.wait_for_event(is_chat("user:202", "hello from gateway 2"), "user B's line on gateway 1")
