"""Where push messages may go: only to the push service a strict reading of the endpoint names.

An endpoint that URL parsers read differently (`https://HOST\\@fcm.googleapis.com/x` is
fcm.googleapis.com for urllib.parse, HOST for requests) is refused when a device subscribes,
and never connected to if such a row is already stored. A push service's redirect is not
followed, and what it writes in its answer is never shown.
"""

import json
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import Settings
from time_machine import TimeMachineFixture

from crylog.accounts.models import User
from crylog.cries import services as cry_services
from crylog.followups.models import DeliveryAttempt, FollowUp, PushSubscription
from tests.conftest import ClientResponse
from tests.followups.conftest import ANDROID, run_worker, subscribe
from tests.followups.push_service import Device, Listener, PushService, Reply, b64url

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
PUSH_SERVICES = ["fcm.googleapis.com", ".push.services.mozilla.com", ".notify.windows.com"]

# {here} is an address on this machine that nothing may ever connect to.
REFUSED = {
    "backslash": "https://{here}\\@fcm.googleapis.com/fcm/send/x",
    "two backslashes": "https://{here}\\\\@fcm.googleapis.com/fcm/send/x",
    "escaped backslash": "https://{here}%5C@fcm.googleapis.com/fcm/send/x",
    "escaped backslash, lower case": "https://{here}%5c@fcm.googleapis.com/fcm/send/x",
    "backslash after the host": "https://fcm.googleapis.com\\@{here}/fcm/send/x",
    "backslash for slashes": "https:\\\\{here}\\@fcm.googleapis.com/fcm/send/x",
    "tab before @": "https://{here}\t@fcm.googleapis.com/fcm/send/x",
    "tab in the host": "https://fcm.google\tapis.com/fcm/send/x",
    "newline before @": "https://{here}\n@fcm.googleapis.com/fcm/send/x",
    "newline at the end": "https://fcm.googleapis.com/fcm/send/x\n",
    "space at the start": " https://fcm.googleapis.com/fcm/send/x",
    "NUL in the path": "https://fcm.googleapis.com/fcm/send/x\x00",
    "userinfo": "https://user@fcm.googleapis.com/fcm/send/x",
    "userinfo naming the push service": "https://fcm.googleapis.com@{here}/fcm/send/x",
    "IPv6 loopback": "https://[::1]:{port}/fcm/send/x",
    "IPv6 mapped, backslash": "https://[::ffff:127.0.0.1]:{port}\\@fcm.googleapis.com/x",
    "IPv6 brackets around a name": "https://[fcm.googleapis.com]/fcm/send/x",
    "trailing dot": "https://fcm.googleapis.com./fcm/send/x",
    "trailing dot, backslash": "https://{here}\\@fcm.googleapis.com./fcm/send/x",
    "suffix with a trailing dot": "https://updates.push.services.mozilla.com./wpush/v2/x",
    "upper case, backslash": "https://{here}\\@FCM.GOOGLEAPIS.COM/fcm/send/x",
    "upper-case scheme, backslash": "HTTPS://{here}\\@fcm.googleapis.com/fcm/send/x",
    "escaped dot in the host": "https://fcm%2Egoogleapis.com/fcm/send/x",
    "escaped letter in the host": "https://%66cm.googleapis.com/fcm/send/x",
    "full-width dot": "https://fcm\uff0egoogleapis.com/fcm/send/x",
    "fragment before @": "https://{here}#@fcm.googleapis.com/fcm/send/x",
    "query before @": "https://{here}?@fcm.googleapis.com/fcm/send/x",
    "port other than 443": "https://fcm.googleapis.com:{port}/fcm/send/x",
    "port 0443": "https://fcm.googleapis.com:0443/fcm/send/x",
    "plain http": "http://fcm.googleapis.com/fcm/send/x",
    "no path": "https://fcm.googleapis.com",
    "this machine": "https://{here}/fcm/send/x",
}


@pytest.fixture
def listener() -> Iterator[Listener]:
    with Listener() as listener:
        yield listener


@pytest.fixture
def known_push_services(settings: Settings) -> None:
    settings.PUSH_SERVICE_HOSTS = PUSH_SERVICES


def refused(name: str, listener: Listener) -> str:
    return REFUSED[name].format(here=f"127.0.0.1:{listener.port}", port=listener.port)


def post_subscription(
    client: Client, endpoint: str, device: Device | None = None
) -> ClientResponse:
    device = device or Device("phone", endpoint)
    body = {"endpoint": endpoint, "keys": {"p256dh": device.p256dh, "auth": device.auth}}
    return client.post(
        reverse("push-subscribe"),
        json.dumps(body),
        content_type="application/json",
        headers={"User-Agent": ANDROID},
    )


@pytest.mark.usefixtures("known_push_services")
@pytest.mark.parametrize("name", REFUSED)
def test_an_endpoint_parsers_could_read_differently_is_refused_at_subscription(
    owner_client: Client, listener: Listener, name: str
) -> None:
    response = post_subscription(owner_client, refused(name, listener))
    assert response.status_code == 400
    assert not PushSubscription.objects.exists()


@pytest.mark.usefixtures("known_push_services")
@pytest.mark.parametrize(
    ("endpoint", "stored"),
    [
        ("https://fcm.googleapis.com/fcm/send/dVx1:APA91b-x_Y", None),
        ("https://FCM.GoogleAPIs.com/fcm/send/AbC", "https://fcm.googleapis.com/fcm/send/AbC"),
        ("HTTPS://fcm.googleapis.com:443/fcm/send/AbC", "https://fcm.googleapis.com/fcm/send/AbC"),
        ("https://updates.push.services.mozilla.com/wpush/v2/gAAAAABk~9", None),
        (
            "https://wns2-par02p.notify.windows.com/w/?token=BQYAAAB%2bAb%3d",
            "https://wns2-par02p.notify.windows.com/w/?token=BQYAAAB%2BAb%3D",
        ),
    ],
    ids=["FCM", "upper-case host", "default port", "Mozilla", "Windows"],
)
def test_a_push_service_endpoint_is_stored_as_the_client_will_read_it(
    owner_client: Client, user: User, endpoint: str, stored: str | None
) -> None:
    assert post_subscription(owner_client, endpoint).status_code == 201
    assert user.push_subscriptions.get().endpoint == (stored or endpoint)


def test_a_push_service_on_this_machine_may_use_its_own_port_only_when_listed(
    owner_client: Client, push_service: PushService, settings: Settings
) -> None:
    device = push_service.device("phone")
    assert post_subscription(owner_client, device.endpoint, device).status_code == 201
    PushSubscription.objects.all().delete()
    settings.PUSH_SERVICE_HOSTS = [".0.0.1"]
    assert post_subscription(owner_client, device.endpoint, device).status_code == 400


# PostgreSQL cannot store a NUL: no such row can exist.
@pytest.mark.parametrize("name", [name for name, url in REFUSED.items() if "\x00" not in url])
def test_a_stored_endpoint_that_would_be_refused_is_never_connected_to_and_is_removed(
    owner_client: Client, user: User, vapid: object, settings: Settings, name: str
) -> None:
    settings.PUSH_SERVICE_HOSTS = PUSH_SERVICES
    with Listener() as listener:
        endpoint = refused(name, listener)
        # As saved before these rules: straight into the database.
        device = Device("old", endpoint)
        PushSubscription.objects.create(
            user=user, endpoint=endpoint, p256dh=device.p256dh, auth=device.auth
        )
        response = owner_client.post(reverse("push-test"), headers=HTMX)
    assert listener.connections == 0
    assert response.status_code == 200
    assert "Sent to 0 of 1 devices. 1 device can no longer get notifications and was removed." in (
        response.content.decode()
    )
    assert not PushSubscription.objects.exists()
    [attempt] = DeliveryAttempt.objects.all()
    assert (attempt.outcome, attempt.status_code) == ("gone", None)


def test_a_redirect_from_the_push_service_is_not_followed_and_fails_the_reminder(
    clock: TimeMachineFixture, push_service: PushService, user: User
) -> None:
    with Listener() as listener:
        elsewhere = f"http://127.0.0.1:{listener.port}/collect"
        subscribe(user, push_service.device("phone", Reply(307, location=elsewhere)))
        followup = cry_services.cry_create(user=user, valence=30).followups.get()
        clock.shift(timedelta(minutes=90))
        run_worker()
    assert listener.connections == 0
    assert [m.status for m in push_service.messages] == [307]
    followup.refresh_from_db()
    assert followup.state == FollowUp.State.FAILED
    assert followup.last_error == "push service answered 307, a redirect (not followed)"
    [attempt] = followup.delivery_attempts.all()
    assert (attempt.outcome, attempt.status_code) == ("failed", 307)


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_test_notification_answered_with_a_redirect_goes_nowhere_else(
    owner_client: Client, push_service: PushService, user: User, status: int
) -> None:
    with Listener() as listener:
        elsewhere = f"http://127.0.0.1:{listener.port}/collect"
        subscribe(user, push_service.device("phone", Reply(status, location=elsewhere)))
        response = owner_client.post(reverse("push-test"), headers=HTMX)
    assert listener.connections == 0
    page = response.content.decode()
    assert "Sent to 0 of 1 devices. See below what went wrong." in page
    assert f"push service answered {status}, a redirect (not followed)" in page
    assert elsewhere not in page


@pytest.mark.parametrize("status", [400, 403, 413, 429, 500])
def test_what_a_push_service_writes_in_its_answer_is_never_shown(
    owner_client: Client, push_service: PushService, user: User, status: int
) -> None:
    words = b"internal: db-7.corp password=hunter2"
    subscribe(user, push_service.device("phone", Reply(status, body=words)))
    owner_client.post(reverse("push-test"))
    page = owner_client.get(reverse("reminder-settings")).content.decode()
    assert f"push service answered {status}" in page
    assert "hunter2" not in page
    assert "db-7" not in page
    assert "hunter2" not in PushSubscription.objects.get().last_error
    assert "hunter2" not in DeliveryAttempt.objects.get().error


def keys_of(device: Device, **changes: str) -> dict[str, str]:
    return {"p256dh": device.p256dh, "auth": device.auth} | changes


@pytest.mark.usefixtures("known_push_services")
@pytest.mark.parametrize(
    "change",
    [
        lambda keys: keys | {"p256dh": keys["p256dh"][:40] + "\x00" + keys["p256dh"][40:]},
        lambda keys: keys | {"auth": keys["auth"][:10] + "!!!!" + keys["auth"][10:]},
        lambda keys: keys | {"auth": " " + keys["auth"]},
        lambda keys: keys | {"p256dh": b64url(b"\x04" + bytes(64))},
    ],
    ids=["NUL in the key", "not base64url", "space before", "not a point on the curve"],
)
def test_keys_no_browser_makes_are_refused_at_subscription(
    owner_client: Client, change: Callable[[dict[str, str]], dict[str, str]]
) -> None:
    endpoint = "https://fcm.googleapis.com/fcm/send/x"
    body = {"endpoint": endpoint, "keys": change(keys_of(Device("phone", endpoint)))}
    response = owner_client.post(
        reverse("push-subscribe"), json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 400
    assert not PushSubscription.objects.exists()
