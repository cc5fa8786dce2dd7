"""Journey 2 on a phone: the 90-minute reminder arrives, a tap opens the check-in, one touch saves.

A real pushManager.subscribe() cannot work in a headless browser (there is no push service
behind it), so the message the server really sent (the push service on 127.0.0.1 decrypted
it) is handed to the service worker through the DevTools protocol, as the browser's push
service would.
"""

import json
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, CDPSession, Page, expect

from crylog.cries import services as cry_services
from crylog.cries.models import Moment
from tests.browser.conftest import PageProblems, sign_in
from tests.browser.phone import touch_slider
from tests.conftest import make_user
from tests.followups.conftest import run_worker, subscribe
from tests.followups.push_service import PushService

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def wait_for[T](page: Page, check: Callable[[], T | None]) -> T | None:
    """Ask ``check`` until it answers (or 30 s passed: a loaded 2-core machine can take many
    seconds to show a notification); the page keeps running between."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        answer = check()
        if answer is not None:
            return answer
        page.wait_for_timeout(100)
    return None


def service_worker_ready(page: Page, context: BrowserContext) -> tuple[CDPSession, str]:
    """Let the open page register its service worker; return DevTools and the registration."""
    origin = page.evaluate("location.origin")
    context.grant_permissions(["notifications"], origin=origin)
    # Evaluated through DevTools, not wait_for_function: the page's CSP forbids eval.
    assert wait_for(
        page, lambda: page.evaluate("navigator.serviceWorker.controller !== null") or None
    )
    return devtools_registration(page, context, origin)


def devtools_registration(
    page: Page, context: BrowserContext, origin: str
) -> tuple[CDPSession, str]:
    """DevTools reached through ``page``, and the id of the service worker registration that
    covers the whole of ``origin``."""
    devtools = context.new_cdp_session(page)
    registrations: list[dict[str, Any]] = []
    devtools.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(event["registrations"]),
    )
    devtools.send("ServiceWorker.enable")
    registration = wait_for(
        page,
        lambda: next(
            (
                r["registrationId"]
                for r in registrations
                if r["scopeURL"] == f"{origin}/" and not r["isDeleted"]
            ),
            None,
        ),
    )
    assert registration is not None
    return devtools, registration


SHOWN = """navigator.serviceWorker.ready
  .then((registration) => registration.getNotifications())
  .then((shown) => shown.map((n) => [n.title, n.body, n.data.url]))"""


def notifications_shown(page: Page, *, count: int) -> list[list[str]]:
    def shown() -> list[list[str]] | None:
        notifications = page.evaluate(SHOWN)
        return notifications if len(notifications) == count else None

    return wait_for(page, shown) or page.evaluate(SHOWN)


TAP = """self.registration.getNotifications().then((shown) =>
  self.dispatchEvent(new NotificationEvent("notificationclick", {notification: shown[0]})))"""


@pytest.mark.parametrize("phone", ["android"], indirect=True)
def test_the_reminder_shows_on_the_phone_and_a_tap_opens_the_check_in_after_logging_in(
    page: Page, context: BrowserContext, problems: PageProblems, push_service: PushService
) -> None:
    person = make_user("reminded@example.com")
    subscribe(person, push_service.device("phone"))
    cry = cry_services.cry_create(
        user=person, valence=30, ended_at=timezone.now() - timedelta(minutes=90)
    )
    followup_url = cry.followups.get().get_absolute_url()
    run_worker()
    [message] = push_service.delivered("phone")

    page.goto("/")  # a cold start: not logged in
    devtools, registration = service_worker_ready(page, context)
    devtools.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": page.evaluate("location.origin"),
            "registrationId": registration,
            "data": json.dumps(message.payload),
        },
    )
    assert notifications_shown(page, count=1) == [
        ["Time for your check-in", "How do you feel now? One touch is enough.", followup_url]
    ]

    # The tap: the worker's click handler takes this window to the check-in...
    context.service_workers[0].evaluate(TAP)
    page.wait_for_url(f"**/accounts/login/?next={followup_url}")
    assert notifications_shown(page, count=0) == []  # the tap closed it
    # ...which asks for a login first, then comes back.
    sign_in(page, person.email)
    page.wait_for_url(f"**{followup_url}")

    touch_slider(page, "#id_valence", 0.7)
    page.get_by_role("button", name="Save", exact=True).tap()
    expect(page.get_by_text("Saved:")).to_be_visible()
    rating = cry.ratings.get(moment=Moment.AFTER_90)
    assert 60 <= rating.valence <= 80
    assert rating.minutes_since_reminder is not None
    assert not rating.is_late
    problems.assert_none()


@pytest.mark.parametrize(
    ("phone", "shown", "hidden"),
    [
        ("iphone", "Add to Home Screen", "Turn on notifications on this device"),
        ("android", "Turn on notifications on this device", "Add to Home Screen"),
    ],
    indirect=["phone"],
)
def test_the_reminders_page_explains_what_each_phone_needs(
    page: Page, problems: PageProblems, push_service: PushService, shown: str, hidden: str
) -> None:
    person = make_user("phones@example.com")
    page.goto("/reminders/")
    sign_in(page, person.email)
    expect(page.get_by_text(shown).first).to_be_visible()
    expect(page.get_by_text(hidden).first).to_be_hidden()
    expect(page.get_by_text("needs JavaScript")).to_be_hidden()
    expect(page.get_by_text("You are using the installed app")).to_be_hidden()  # a browser tab
    problems.assert_none()
