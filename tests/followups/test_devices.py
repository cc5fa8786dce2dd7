"""The reminders page: devices that get Web Push, a test notification, e-mail."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from crylog.accounts.models import User
from crylog.followups.models import MAX_DEVICES, DeliveryAttempt, PushSubscription
from tests.conftest import ClientResponse
from tests.followups.conftest import ANDROID, subscribe
from tests.followups.push_service import Device, PushService

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
FCM = "https://fcm.googleapis.com/fcm/send/dVx1"


def subscription_json(device: Device, endpoint: str | None = None) -> str:
    return json.dumps(
        {
            "endpoint": endpoint or device.endpoint,
            "expirationTime": None,
            "keys": {"p256dh": device.p256dh, "auth": device.auth},
        }
    )


def post_subscription(client: Client, body: str) -> ClientResponse:
    return client.post(
        reverse("push-subscribe"),
        body,
        content_type="application/json",
        headers={"User-Agent": ANDROID},
    )


def test_a_device_subscribes_with_the_browsers_json(owner_client: Client, user: User) -> None:
    response = post_subscription(owner_client, subscription_json(Device("phone", FCM), FCM))
    assert response.status_code == 201
    assert response.json() == {"device": "Chrome on Android"}
    device = user.push_subscriptions.get()
    assert (device.endpoint, device.device_label) == (FCM, "Chrome on Android")


def test_subscribing_needs_the_csrf_token(user: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    body = subscription_json(Device("phone", FCM), FCM)
    assert post_subscription(client, body).status_code == 403

    # The token the page hands static/followups/subscription.js, in <body data-hx-headers>.
    page = client.get(reverse("reminder-settings")).content.decode()
    token = re.search(r'"X-CSRFToken": "([^"]+)"', page)
    assert token is not None
    response = client.post(
        reverse("push-subscribe"),
        body,
        content_type="application/json",
        headers={"X-CSRFToken": token[1]},
    )
    assert response.status_code == 201


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://evil.example/collect",
        "http://fcm.googleapis.com/fcm/send/plain-http",
        "https://fcm.googleapis.com.evil.example/x",
        "http://127.0.0.1:8000/not-a-push-service",
    ],
)
def test_only_known_push_services_over_https_are_accepted(
    owner_client: Client, endpoint: str
) -> None:
    response = post_subscription(owner_client, subscription_json(Device("x", endpoint), endpoint))
    assert response.status_code == 400
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        json.dumps({"endpoint": FCM}),
        json.dumps({"endpoint": FCM, "keys": {"p256dh": "c2hvcnQ", "auth": "c2hvcnQ"}}),
    ],
    ids=["not JSON", "no keys", "keys of the wrong size"],
)
def test_a_malformed_subscription_is_refused(owner_client: Client, body: str) -> None:
    assert post_subscription(owner_client, body).status_code == 400
    assert not PushSubscription.objects.exists()


def test_a_device_that_subscribes_again_moves_to_whoever_is_logged_in(
    owner_client: Client, stranger_client: Client, user: User, stranger: User
) -> None:
    body = subscription_json(Device("shared-tablet", FCM), FCM)
    post_subscription(owner_client, body)
    post_subscription(stranger_client, body)
    assert list(PushSubscription.objects.values_list("user", flat=True)) == [stranger.pk]


def test_a_person_keeps_at_most_ten_devices(owner_client: Client, user: User) -> None:
    for number in range(MAX_DEVICES + 2):
        endpoint = f"{FCM}-{number}"
        post_subscription(owner_client, subscription_json(Device("d", endpoint), endpoint))
    assert user.push_subscriptions.count() == MAX_DEVICES
    assert user.push_subscriptions.filter(endpoint=f"{FCM}-{MAX_DEVICES + 1}").exists()


def test_the_page_lists_devices_and_the_owner_can_remove_one(
    owner_client: Client, stranger_client: Client, vapid: object, user: User
) -> None:
    device = subscribe(user, Device("phone", FCM))
    page = owner_client.get(reverse("reminder-settings")).content.decode()
    assert "Chrome on Android" in page
    assert "not reached yet" in page
    assert "Add to Home Screen" in page  # explained to iPhone users (shown by the page's script)
    remove = reverse("push-device-remove", args=[device.pk])

    assert stranger_client.post(remove).status_code == 404
    response = owner_client.post(remove, headers=HTMX)
    assert response.status_code == 200
    assert "No device gets notifications yet." in response.content.decode()
    assert not PushSubscription.objects.exists()


def test_a_test_notification_reaches_each_device_and_is_recorded(
    owner_client: Client, push_service: PushService, user: User
) -> None:
    subscribe(user, push_service.device("phone"))
    subscribe(user, push_service.device("old-laptop", 410))
    response = owner_client.post(reverse("push-test"), headers=HTMX)

    assert "Sent to 1 of 2 devices" in response.content.decode()
    [message] = push_service.delivered("phone")
    assert message.payload["title"] == "Notifications work"
    assert push_service.rejections == []
    assert [d.device_label for d in user.push_subscriptions.all()] == ["Chrome on Android"]
    outcomes = sorted(DeliveryAttempt.objects.values_list("outcome", flat=True))
    assert outcomes == ["gone", "sent"]


def test_e_mail_reminders_can_be_turned_on_and_off(owner_client: Client, user: User) -> None:
    response = owner_client.post(reverse("reminder-email"), {"followup_email": "on"}, headers=HTMX)
    assert "e-mail reminders are on" in response.content.decode()
    user.refresh_from_db()
    assert user.followup_email is True
    owner_client.post(reverse("reminder-email"), {})
    user.refresh_from_db()
    assert user.followup_email is False


def test_the_reminders_page_needs_a_login(client: Client) -> None:
    response = client.get(reverse("reminder-settings"))
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("user_agent", "label"),
    [
        (ANDROID, "Chrome on Android"),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
            "Safari on iPhone",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0",
            "Firefox on Windows",
        ),
        ("", "Unknown browser"),
    ],
)
def test_a_device_is_named_by_its_browser_and_system(user_agent: str, label: str) -> None:
    assert PushSubscription(user_agent=user_agent).device_label == label
