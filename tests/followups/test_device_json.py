"""A subscription's JSON body is read without ever crashing, however it is built."""

import pytest
from django.test import Client
from django.urls import reverse

from crylog.followups.models import PushSubscription
from tests.followups.conftest import ANDROID

pytestmark = pytest.mark.django_db

FCM = "https://fcm.googleapis.com/fcm/send/dVx1"


def post(client: Client, body: str) -> int:
    response = client.post(
        reverse("push-subscribe"),
        body,
        content_type="application/json",
        headers={"User-Agent": ANDROID},
    )
    return response.status_code


@pytest.mark.parametrize("depth", [100_000, 2_000])
def test_deeply_nested_json_is_refused_with_400(owner_client: Client, depth: int) -> None:
    body = '{"endpoint": "' + FCM + '", "keys": ' + "[" * depth + "]" * depth + "}"
    assert post(owner_client, body) == 400
    assert not PushSubscription.objects.exists()


def test_a_number_of_more_than_4300_digits_is_refused_with_400(owner_client: Client) -> None:
    body = '{"endpoint": "' + FCM + '", "expirationTime": ' + "9" * 4301 + ', "keys": {}}'
    assert post(owner_client, body) == 400
    assert not PushSubscription.objects.exists()
