"""Server-side push from Symfony: POST /api/push-demo/{userId}."""

from __future__ import annotations

import requests

from stack import HTTP_SECONDS


def test_push_demo_reaches_that_user_and_no_one_else(stack, fresh_pair):
    first, second = fresh_pair
    response = requests.post(f"{stack.app_url}/api/push-demo/{first.user_id}", timeout=HTTP_SECONDS)
    assert response.status_code == 200, response.text
    assert response.json()["sent"] is True
    assert first.next_non_presence_event() == {"hello": "world"}

    # Pushes to one connection arrive in order: had the first push reached the
    # second user too, it would come before this marker.
    marker = {"marker": "for-second-only"}
    response = requests.post(f"{stack.app_url}/api/push-demo/{second.user_id}", json=marker, timeout=HTTP_SECONDS)
    assert response.status_code == 200, response.text
    assert second.next_non_presence_event() == marker


def test_push_demo_rejects_a_body_that_is_not_json(stack):
    response = requests.post(
        f"{stack.app_url}/api/push-demo/5",
        data="{not json",
        headers={"Content-Type": "application/json"},
        timeout=HTTP_SECONDS,
    )
    assert response.status_code == 400
    assert "JSON" in response.json()["error"]
