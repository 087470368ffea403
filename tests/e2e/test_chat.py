"""The chat round trip: client → gateway → signed webhook → Symfony listener →
extension HTTP publish → gateway → clients."""

from __future__ import annotations

import json
import re
import time

import requests

from chat_client import ChatClient, connect_pair, presence_lists, presence_without
from stack import DEMO_API_KEY, HTTP_SECONDS


def is_chat(user: str, text: str):
    return lambda p: isinstance(p, dict) and p.get("type") == "chat" and p.get("user") == user and p.get("text") == text


def online_user_ids(stack, **params) -> list[str]:
    response = requests.get(f"{stack.app_url}/api/online", params=params, timeout=HTTP_SECONDS)
    assert response.status_code == 200, response.text
    return sorted(c["user_id"] for c in response.json()["connections"])


def test_users_1_and_2_both_receive_a_presence_broadcast_listing_both(connect):
    first, second = connect_pair(connect, "1", "2")
    for client in (first, second):
        assert any(
            presence_lists("user:1", "user:2")(f["payload"])
            for f in client.seen
            if isinstance(f, dict) and "payload" in f
        )


def test_chat_message_from_user_1_is_broadcast_to_both_users(connect):
    first, second = connect_pair(connect, "1", "2")
    first.send_json({"type": "chat", "text": "hi"})
    for client in (first, second):
        payload = client.wait_for_event(is_chat("user:1", "hi"), "the chat broadcast of user 1's 'hi'")
        assert set(payload) >= {"type", "user", "text", "ts"}
        assert isinstance(payload["ts"], int)


def test_online_endpoint_lists_both_connected_users(stack, fresh_pair):
    first, second = fresh_pair
    everyone = online_user_ids(stack)
    assert first.user_id in everyone and second.user_id in everyone
    assert online_user_ids(stack, user_id=first.user_id) == [first.user_id]


def test_disconnect_sends_the_remaining_user_a_presence_update_without_the_departed_one(stack, fresh_pair):
    first, second = fresh_pair
    second.close()
    payload = first.wait_for_event(
        presence_without(first.subject, second.subject), f"a presence update without {second.subject}"
    )
    assert first.subject in payload["users"]
    assert second.user_id not in online_user_ids(stack)


def test_messages_that_are_not_chat_lines_are_not_broadcast(fresh_pair):
    first, second = fresh_pair
    first.send_json({"type": "typing"})
    first.send_json({"type": "chat", "text": "   "})
    first.send_json({"type": "chat", "text": "after the noise"})
    event = second.next_non_presence_event()
    assert (event["type"], event["user"], event["text"]) == ("chat", first.subject, "after the noise")


def test_received_message_is_shown_as_last_message(stack, fresh_pair):
    first, _ = fresh_pair
    first.send_json({"type": "chat", "text": "remember me"})
    # The recorder runs before the broadcast, so once the broadcast arrives the inbox is written.
    first.wait_for_event(is_chat(first.subject, "remember me"), "the chat broadcast")
    response = requests.get(
        f"{stack.app_url}/api/ws/last-message", headers={"X-Demo-Key": DEMO_API_KEY}, timeout=HTTP_SECONDS
    )
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert data["user_id"] == first.user_id
    assert data["message"] == {"type": "chat", "text": "remember me"}
    assert json.loads(data["raw"]) == {"type": "chat", "text": "remember me"}


def test_chat_page_hands_out_a_token_the_gateway_accepts(stack):
    response = requests.get(f"{stack.app_url}/demo/chat", params={"user_id": "77"}, timeout=HTTP_SECONDS)
    assert response.status_code == 200
    config_json = re.search(r'<script type="application/json" id="chat-config">(.*?)</script>', response.text, re.S)
    assert config_json, "chat page has no chat-config block"
    config = json.loads(config_json.group(1))
    assert config["userId"] == "77" and config["wsUrl"] == stack.ws_url and config["token"]
    client = ChatClient.open(config["wsUrl"], config["token"], "77")
    try:
        client.wait_for_event(presence_lists("user:77"), "a presence broadcast listing user:77")
    finally:
        client.close()


def test_heartbeat_the_page_sends_is_acknowledged(connect):
    client = connect("61")
    client.send_json({"type": "heartbeat"})
    client.wait_for(lambda f: f == {"type": "heartbeat_ack"}, "heartbeat_ack")


def test_a_user_with_two_tabs_is_listed_once_and_stays_reachable_after_closing_one(stack, connect):
    tab1 = connect("71")
    tab1.wait_for_event(presence_lists("user:71"), "a presence broadcast listing user:71")
    tab2 = connect("71")
    payload = tab2.wait_for_event(presence_lists("user:71"), "a presence broadcast listing user:71")
    assert payload["users"].count("user:71") == 1
    assert online_user_ids(stack, user_id="71") == ["71", "71"]

    tab2.close()
    deadline = time.monotonic() + 10
    while online_user_ids(stack, user_id="71") != ["71"]:
        assert time.monotonic() < deadline, "the closed tab never left presence"
        time.sleep(0.05)  # polling the gateway's state, bounded by the deadline
    response = requests.post(f"{stack.app_url}/api/push-demo/71", json={"still": "here"}, timeout=HTTP_SECONDS)
    assert response.status_code == 200, response.text
    assert tab1.next_non_presence_event() == {"still": "here"}
