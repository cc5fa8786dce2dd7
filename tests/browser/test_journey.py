"""The whole journey on a phone, against a live server, with the real worker: in Chromium as an
iPhone and as a 360 px Android phone, and in WebKit, the engine of every iPhone.

Sign up → log a cry with one touch → add before and details, each saved in place → the
follow-up comes due and the banner shows → the check-in opens (Chromium: the push message
reaches the service worker, shows a notification, and a tap on it opens the check-in; WebKit
has no Web Push outside a Home Screen app, so the banner's link) → answer with one touch →
the dashboard counts it → the reminders page offers e-mail (turned on there) and the calendar →
the CSV export, fetched by the browser's own session, carries every rating → the dashboard
draws its charts as each comes near the screen → delete the account → logging in fails. In
Chromium no page logs a console error or a CSP violation, and nothing leaves 127.0.0.1.
"""

import csv
import io
import json
from datetime import timedelta
from functools import partial
from typing import Any

import pytest
from django.utils import timezone

from crylog.accounts.models import User
from crylog.cries import services as cry_services
from crylog.cries.demo import seed_demo
from crylog.cries.models import Cry, Moment
from tests.browser.phone import ChromiumPhone, Phone, WebKitPhone
from tests.browser.test_followup_reminder import TAP, notifications_shown, service_worker_ready
from tests.followups.conftest import run_worker, subscribe
from tests.followups.push_service import PushService

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL, PASSWORD = "journey@example.com", "a long journey passphrase"
EXPORT = "fetch('/settings/export.csv', {credentials: 'same-origin'}).then((r) => r.text())"
SCROLL_TO_FIGURE = (
    "(index) => document.querySelectorAll('[data-figure]')[index].scrollIntoView({block: 'center'})"
)
FIGURE_DRAWN = (
    "(index) => document.querySelectorAll('[data-figure]')[index]"
    ".querySelector('svg.main-svg') !== null"
)


# The last cry's 90-minute rating as the dashboard shows it in words.
NINETY_MINUTES = (
    "[...document.querySelectorAll('#trends dl.ratings > div')]"
    ".find((row) => row.querySelector('dt').textContent === '90 minutes after')"
    ".querySelector('dd').textContent"
)


def trends_in_words(device: Phone) -> tuple[str, str]:
    """The dashboard's words, and its 90-minute rating of the last cry."""
    device.goto("/trends/?range=all")
    return device.text("#trends"), device.evaluate(NINETY_MINUTES)


def open_the_check_in_from_the_notification(device: ChromiumPhone, push: PushService) -> None:
    """Chromium only: the push message the server sent (the push service on 127.0.0.1
    decrypted it) is handed to the service worker through DevTools, as the browser's push
    service would; a tap on the notification it shows opens the check-in."""
    page, context = device.page, device.page.context
    [message] = push.delivered("phone")
    devtools, registration = service_worker_ready(page, context)
    payload: dict[str, Any] = message.payload
    devtools.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": page.evaluate("location.origin"),
            "registrationId": registration,
            "data": json.dumps(payload),
        },
    )
    [[title, _, url]] = notifications_shown(page, count=1)
    assert title == "Time for your check-in"
    assert "cry" not in json.dumps(payload).lower()
    context.service_workers[0].evaluate(TAP)
    page.wait_for_url(f"**{url}")


@pytest.mark.parametrize(
    ("device", "phone"),
    [("chromium", "iphone"), ("chromium", "android"), ("webkit", None)],
    ids=["chromium-iphone", "chromium-android", "webkit"],
    indirect=True,
)
def test_the_whole_journey_on_a_phone(device: Phone, push_service: PushService) -> None:
    device.goto("/")
    if isinstance(device, ChromiumPhone):
        # Notifications allowed before the service worker first starts, as a person who
        # turned them on earlier would have them: a grant made while it runs may reach it late.
        device.page.context.grant_permissions(["notifications"])
    else:
        # WebKit, and a browser without Web Push, as Safari outside a Home Screen app.
        assert "AppleWebKit/605.1.15" in device.evaluate("navigator.userAgent")
        assert device.evaluate("'serviceWorker' in navigator && !('PushManager' in window)")

    # Sign up.
    device.tap("link", "Get started")
    device.fill("input[name=email]", EMAIL)
    device.fill("input[name=password1]", PASSWORD)
    device.tap("button", "Sign up")
    device.wait_for("link", "I just cried")
    person = User.objects.get(email=EMAIL)

    # Log a cry with one touch: the big button, the slider, Save.
    device.tap("link", "I just cried")
    device.wait_until(lambda: device.count("#checkin .mood--untouched") == 2)
    device.touch_slider("#checkin #id_valence", 0.3)
    assert device.count("#checkin .mood--untouched") == 1
    device.tap("button", "Save")
    device.wait_for_text("Saved.")
    cry = Cry.objects.get(user=person)
    assert 20 <= cry.ratings.get(moment=Moment.RIGHT_AFTER).valence <= 40

    # Before (remembered), saved in place.
    device.wait_until(lambda: device.count("#before .mood--untouched") == 1)
    device.touch_slider("#before #id_valence", 0.7)
    device.tap("button", "Save before")
    device.wait_for_text("Before:", "#before")
    before = cry.ratings.get(moment=Moment.BEFORE)
    assert before.is_recalled
    assert 60 <= before.valence <= 80

    # Details, saved in place.
    device.click("#details a.details-link")  # "Add details (who was there, …)"
    device.click("input[value=loss]")
    device.click("input[value=one]")  # "with one person"
    device.tap("button", "Save details")
    device.wait_for_text("Details saved.")
    cry.refresh_from_db()
    assert cry.triggers == ["loss"]
    assert cry.company == "one"

    # The follow-up comes due: the cry ended 95 minutes ago, and the worker delivers it.
    # (Without the new account's quiet hours, so that it does so at any hour of the day.)
    User.objects.filter(pk=person.pk).update(quiet_start=None, quiet_end=None)
    if isinstance(device, ChromiumPhone):
        subscribe(person, push_service.device("phone"))
    assert cry.ended_at is not None
    cry_services.cry_update(cry=cry, changes={"ended_at": cry.ended_at - timedelta(minutes=95)})
    run_worker()
    _, before_answer = trends_in_words(device)
    device.goto("/")
    device.wait_for_text("Time for your check-in")

    # The check-in opens: from the notification where there is Web Push, else from the banner.
    if isinstance(device, ChromiumPhone):
        open_the_check_in_from_the_notification(device, push_service)
    else:
        device.tap("link", "Check in")

    # Answer it with one touch.
    device.wait_until(lambda: device.count("#answer .mood--untouched") == 1)
    device.touch_slider("#answer #id_valence", 0.88)
    device.tap("button", "Save")
    device.wait_for_text("Saved:")
    after_90 = cry.ratings.get(moment=Moment.AFTER_90)
    assert 85 <= after_90.valence <= 95

    # The dashboard now counts it.
    after_answer, after_90_shown = trends_in_words(device)
    assert before_answer == "not given yet"
    assert after_90_shown == str(after_90.valence)
    assert "You answered the 90-minute check-in for 1 of 1 cry" in after_answer

    # Reminders: e-mail and the calendar are offered, and e-mail is turned on there.
    device.goto("/reminders/")
    if isinstance(device, WebKitPhone):
        # No Web Push here: the page says so.
        device.wait_for_text("This browser cannot show notifications from websites.", "#push")
        assert not device.find("[data-push-subscribe]").is_displayed()
    assert "Add a reminder to my calendar" in device.text()
    email_before = person.followup_email
    device.click("#email input[type=checkbox]")
    device.click("#email button[type=submit]")
    device.wait_for_text("Saved: e-mail reminders are", "#email")
    person.refresh_from_db()
    assert person.followup_email is not email_before

    # The CSV export, fetched by this browser's session, carries every rating.
    rows = list(csv.DictReader(io.StringIO(device.evaluate(EXPORT))))
    assert {row["moment"]: row["valence"] for row in rows} == {
        "right_after": str(cry.ratings.get(moment=Moment.RIGHT_AFTER).valence),
        "before": str(before.valence),
        "after_90": str(after_90.valence),
    }

    # The dashboard draws every chart as it comes near the screen (with enough cries to chart).
    seed_demo(user=person, cries=60, weeks=12, now=timezone.now(), seed=4)
    device.goto("/trends/?range=all")
    assert device.count("[data-figure]") == 4
    for index in range(4):
        device.call(SCROLL_TO_FIGURE, index)
        device.wait_until(partial(device.call, FIGURE_DRAWN, index), f"chart {index} was not drawn")

    # Delete the account; logging in fails afterwards.
    device.goto("/settings/delete/")
    device.fill("#id_password", PASSWORD)  # "Your password"
    device.tap("button", "Delete my account and everything in it")
    device.wait_for_text("Your account and everything in it are deleted.")
    device.goto("/accounts/login/")
    device.fill("#id_login", EMAIL)
    device.fill("#id_password", PASSWORD)
    device.tap("button", "Sign in")
    device.wait_for_text("not correct")
    assert not User.objects.filter(email=EMAIL).exists()
