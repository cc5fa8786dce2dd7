"""A name of one's own on the reminders, set on the reminders page and shown by the phone.

The name is typed into the reminders page (saved in place by htmx), the worker sends the
reminder to the push service on 127.0.0.1, which decrypts it, and that message is handed to
the service worker through DevTools, as the browser's push service would: the notification
it shows carries the name in its title.
"""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from crylog.cries import services as cry_services
from tests.browser.conftest import PageProblems, sign_in
from tests.browser.test_followup_reminder import notifications_shown, service_worker_ready
from tests.conftest import make_user
from tests.followups.conftest import run_worker, subscribe
from tests.followups.push_service import PushService

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("phone", ["android"], indirect=True)
def test_a_name_set_on_the_reminders_page_is_the_title_the_phone_shows(
    page: Page, context: BrowserContext, problems: PageProblems, push_service: PushService
) -> None:
    person = make_user("named.phone@example.com")
    subscribe(person, push_service.device("phone"))

    page.goto("/accounts/login/?next=/reminders/")
    sign_in(page, person.email)
    field = page.get_by_role("textbox", name="Name on your reminders")
    field.fill("Notes\u2028daily")  # a line separator: refused, and nothing changes
    page.get_by_role("button", name="Save name").click()
    expect(page.locator("#reminder-name")).to_contain_text("Write the name on one line")
    person.refresh_from_db()
    assert person.reminder_name == ""

    page.get_by_role("textbox", name="Name on your reminders").fill("Notes")
    page.get_by_role("button", name="Save name").click()
    expect(page.get_by_text("Saved: your reminders now go by “Notes”.")).to_be_visible()
    person.refresh_from_db()
    assert person.reminder_name == "Notes"

    cry = cry_services.cry_create(
        user=person, valence=30, ended_at=timezone.now() - timedelta(minutes=90)
    )
    run_worker()
    [message] = push_service.delivered("phone")

    # The service worker installed while this page loaded: a page opened once it is active
    # is surely under it (clients.claim() can miss a page that was still loading).
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
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
        [
            "Notes: time for your check-in",
            "How do you feel now? One touch is enough.",
            cry.followups.get().get_absolute_url(),
        ]
    ]
    problems.assert_none()
