"""Core mode over RabbitMQ: client → gateway → inbox/events exchanges →
`ws:consume`'s queue → Symfony listener → extension publish to the outbox
exchange → every gateway's own queue → clients. Redis holds presence only;
no webhook, no HTTP publish and no Redis stream anywhere."""

from __future__ import annotations

from chat_client import connect_pair, presence_lists, presence_without
from test_chat import is_chat, online_user_ids


def test_core_mode_chat_round_trip_over_rabbitmq(rabbitmq_stack, connect_rabbitmq):
    first, second = connect_pair(connect_rabbitmq, "1", "2")

    first.send_json({"type": "chat", "text": "hi over rabbitmq"})
    for client in (first, second):
        payload = client.wait_for_event(is_chat("user:1", "hi over rabbitmq"), "the chat broadcast of user 1's line")
        assert isinstance(payload["ts"], int)

    everyone = online_user_ids(rabbitmq_stack)
    assert "1" in everyone and "2" in everyone

    # Redis carried presence and nothing else: no stream of this run exists there.
    presence_prefix = rabbitmq_stack.redis.presence_prefix
    assert all(key.startswith(presence_prefix) for key in rabbitmq_stack.redis.keys())

    second.close()
    payload = first.wait_for_event(presence_without("user:1", "user:2"), "a presence update without user:2")
    assert "user:1" in payload["users"]
    assert "2" not in online_user_ids(rabbitmq_stack)


def test_users_on_two_gateways_sharing_rabbitmq_chat_and_see_each_other_online(rabbitmq_stack, connect_rabbitmq):
    user_a = connect_rabbitmq("201", gateway=0)
    user_a.wait_for_event(presence_lists("user:201"), "a presence broadcast listing user:201")
    user_b = connect_rabbitmq("202", gateway=1)
    both = presence_lists("user:201", "user:202")
    user_a.wait_for_event(both, "a presence broadcast (via gateway 1) listing both users")
    user_b.wait_for_event(both, "a presence broadcast (via gateway 2) listing both users")

    everyone = online_user_ids(rabbitmq_stack)
    assert "201" in everyone and "202" in everyone

    user_a.send_json({"type": "chat", "text": "hello from gateway 1"})
    user_b.wait_for_event(is_chat("user:201", "hello from gateway 1"), "user A's line on gateway 2")
    user_b.send_json({"type": "chat", "text": "hello from gateway 2"})
    user_a.wait_for_event(is_chat("user:202", "hello from gateway 2"), "user B's line on gateway 1")
