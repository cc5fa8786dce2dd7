"""Turning on notifications: the page's own script subscribes and posts the subscription.

Headless Chromium has no push service behind pushManager.subscribe(), so the page gets a
stand-in for that one call: it answers with a subscription for a device of the push service
on 127.0.0.1. Everything else is the page's real code (static/followups/reminders.js): the
permission prompt, the applicationServerKey, the POST with the CSRF token, the reload.
"""

import json

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from crylog.followups.vapid import b64url_decode
from tests.browser.conftest import PageProblems, sign_in
from tests.conftest import make_user
from tests.followups.push_service import PushService

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What the browser's PushManager.subscribe() would answer; the options it was given are kept.
SUBSCRIBE_STAND_IN = """
PushManager.prototype.subscribe = function (options) {
  window.subscribedWith = {
    userVisibleOnly: options.userVisibleOnly,
    applicationServerKey: Array.from(new Uint8Array(options.applicationServerKey)),
  };
  const subscription = %s;
  return Promise.resolve({ toJSON: () => subscription });
};
"""


@pytest.mark.parametrize("phone", ["android"], indirect=True)
def test_turning_notifications_on_saves_this_device_and_a_test_reaches_it(
    page: Page,
    context: BrowserContext,
    problems: PageProblems,
    push_service: PushService,
    vapid: tuple[str, str],
) -> None:
    person = make_user("subscriber@example.com")
    device = push_service.device("phone")
    subscription = {
        "endpoint": device.endpoint,
        "expirationTime": None,
        "keys": {"p256dh": device.p256dh, "auth": device.auth},
    }
    context.add_init_script(SUBSCRIBE_STAND_IN % json.dumps(subscription))
    page.goto("/reminders/")
    context.grant_permissions(["notifications"], origin=page.evaluate("location.origin"))
    sign_in(page, person.email)

    page.get_by_role("button", name="Turn on notifications on this device").tap()
    # The script reloads the page once the server has the subscription.
    expect(page.get_by_text("not reached yet")).to_be_visible()

    saved = person.push_subscriptions.get()
    assert (saved.endpoint, saved.p256dh, saved.auth) == (
        device.endpoint,
        device.p256dh,
        device.auth,
    )
    assert page.evaluate("window.subscribedWith") is None  # a new page since
    problems.assert_none()

    # The keys the page posted are the device's own: a test notification decrypts.
    page.get_by_role("button", name="Send me a test notification").tap()
    expect(page.get_by_text("Sent to 1 device.")).to_be_visible()
    [message] = push_service.delivered("phone")
    assert message.payload["title"] == "Notifications work"
    assert push_service.rejections == []
    problems.assert_none()


@pytest.mark.parametrize("phone", ["android"], indirect=True)
def test_the_page_asks_for_a_subscription_with_this_servers_key(
    page: Page,
    context: BrowserContext,
    problems: PageProblems,
    push_service: PushService,
    vapid: tuple[str, str],
) -> None:
    person = make_user("refused@example.com")
    # An endpoint crylog refuses: the page says so and stays, so what it asked can be read.
    subscription = {
        "endpoint": "https://127.0.0.1:1\\@fcm.googleapis.com/x",
        "keys": {"p256dh": push_service.device("x").p256dh, "auth": push_service.device("x").auth},
    }
    context.add_init_script(SUBSCRIBE_STAND_IN % json.dumps(subscription))
    page.goto("/reminders/")
    context.grant_permissions(["notifications"], origin=page.evaluate("location.origin"))
    sign_in(page, person.email)

    page.get_by_role("button", name="Turn on notifications on this device").tap()
    expect(page.get_by_role("alert")).to_have_text(
        "Notifications could not be turned on: the server said 400"
    )
    asked = page.evaluate("window.subscribedWith")
    assert asked["userVisibleOnly"] is True
    assert bytes(asked["applicationServerKey"]) == b64url_decode(vapid[0])
    assert not person.push_subscriptions.exists()
    # The 400 answer shows in the console as a failed resource: nothing else went wrong.
    assert all("400" in error for error in problems.console_errors)
    assert problems.outside_requests == []
