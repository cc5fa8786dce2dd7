"""The core journeys in WebKit, the engine of every iPhone, against a live server.

Sign up → log a cry with one touch → rate before → add details → a follow-up comes due and is
answered → the reminders page offers e-mail and calendar where push does not exist → the
CSV export has it all → the dashboard draws its charts. One WebKit session for the module
(tests/browser/webkit.py); docs/testing.md says what this shows and what only an iPhone can.
"""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from crylog.accounts.models import User
from crylog.cries import services as cry_services
from crylog.cries.demo import seed_demo
from crylog.cries.models import Cry, Moment
from tests.browser.webkit import WebKitPage
from tests.followups.conftest import run_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL, PASSWORD = "webkit.journey@example.com", "a long webkit passphrase"

EXPORT = "fetch('/settings/export.csv', {credentials: 'same-origin'}).then((r) => r.text())"


@pytest.mark.usefixtures("vapid")  # push is set up on the server; this browser lacks it
def test_the_core_journeys_in_webkit(webkit: WebKitPage) -> None:
    webkit.goto("/")
    # This is WebKit, and a browser without Web Push, as Safari outside a Home Screen app.
    assert "AppleWebKit/605.1.15" in webkit.evaluate("navigator.userAgent")
    assert webkit.evaluate("'serviceWorker' in navigator && !('PushManager' in window)")

    # Sign up.
    webkit.tap("link", "Get started")
    webkit.fill("input[name=email]", EMAIL)
    webkit.fill("input[name=password1]", PASSWORD)
    webkit.tap("button", "Sign up")
    webkit.control("link", "I just cried")
    person = User.objects.get(email=EMAIL)

    # Log a cry with one touch: the big button, the slider, Save.
    webkit.tap("link", "I just cried")
    webkit.wait_until(lambda: webkit.count("#checkin .mood--untouched") == 2)
    webkit.touch_slider("#checkin #id_valence", 0.3)
    assert webkit.count("#checkin .mood--untouched") == 1
    webkit.tap("button", "Save")
    webkit.wait_for_text("Saved.")
    cry = Cry.objects.get(user=person)
    assert 20 <= cry.ratings.get(moment=Moment.RIGHT_AFTER).valence <= 40

    # Before (remembered), saved in place.
    webkit.wait_until(lambda: webkit.count("#before .mood--untouched") == 1)
    webkit.touch_slider("#before #id_valence", 0.7)
    webkit.tap("button", "Save before")
    webkit.wait_for_text("Before:", "#before")
    before = cry.ratings.get(moment=Moment.BEFORE)
    assert before.is_recalled and 60 <= before.valence <= 80

    # Details, saved in place.
    webkit.tap("link", "Add details")
    webkit.click("input[value=loss]")
    webkit.click("input[value=one]")
    webkit.tap("button", "Save details")
    webkit.wait_for_text("Details saved.")
    cry.refresh_from_db()
    assert cry.triggers == ["loss"] and cry.company == "one"

    # The follow-up comes due (the cry ended 95 minutes ago) and is answered with one touch.
    assert cry.ended_at is not None
    cry_services.cry_update(cry=cry, changes={"ended_at": cry.ended_at - timedelta(minutes=95)})
    run_worker()
    webkit.goto("/")
    webkit.wait_for_text("Time for your check-in")
    webkit.tap("link", "Check in")
    webkit.wait_until(lambda: webkit.count("#answer .mood--untouched") == 1)
    webkit.touch_slider("#answer #id_valence", 0.9)
    webkit.tap("button", "Save")
    webkit.wait_for_text("Saved:")
    after_90 = cry.ratings.get(moment=Moment.AFTER_90)
    assert 85 <= after_90.valence <= 95

    # Reminders: no Web Push here, so the page says so and offers e-mail and the calendar.
    webkit.goto("/reminders/")
    webkit.wait_for_text("This browser cannot show notifications from websites.", "#push")
    assert not webkit.find("[data-push-subscribe]").is_displayed()
    assert "Add a reminder to my calendar" in webkit.text()
    email_before = person.followup_email
    webkit.click("#email input[type=checkbox]")
    webkit.click("#email button[type=submit]")
    webkit.wait_for_text("Saved: e-mail reminders are", "#email")
    person.refresh_from_db()
    assert person.followup_email is not email_before

    # The CSV export, fetched by this browser's session, carries every rating.
    rows = list(csv.DictReader(io.StringIO(webkit.evaluate(EXPORT))))
    assert {row["moment"]: row["valence"] for row in rows} == {
        "right_after": str(cry.ratings.get(moment=Moment.RIGHT_AFTER).valence),
        "before": str(before.valence),
        "after_90": str(after_90.valence),
    }

    # The dashboard draws every chart as it comes near the screen (with enough cries to chart).
    seed_demo(user=person, cries=60, weeks=12, now=timezone.now(), seed=4)
    webkit.goto("/trends/?range=all")
    figures = webkit.driver.find_elements("css selector", "[data-figure]")
    assert len(figures) == 4
    for figure in figures:
        webkit.scroll_to(figure)
        webkit.wait_until(
            lambda figure=figure: figure.find_elements("css selector", "svg.main-svg"),
            "a chart was not drawn",
        )
