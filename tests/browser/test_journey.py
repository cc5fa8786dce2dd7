"""The whole journey on two phones, against a live server, with the real worker and push.

Sign up → log a cry in three taps → add before and details → the follow-up comes due → the
banner shows → the push message reaches the service worker and shows a notification → a tap
opens the check-in → answer → the dashboard changes → the CSV export has it → delete the
account → logging in fails. Every page: no console errors, no CSP violation, nothing leaves
127.0.0.1 (the `problems` fixture).
"""

import csv
import io
import json
from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from crylog.accounts.models import User
from crylog.cries import services as cry_services
from crylog.cries.models import Cry, Moment
from tests.browser.conftest import SIGN_IN, PageProblems, touch_slider
from tests.browser.test_followup_reminder import TAP, notifications_shown, service_worker_ready
from tests.followups.conftest import run_worker, subscribe
from tests.followups.push_service import PushService

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL, PASSWORD = "journey@example.com", "a long journey passphrase"


def trends_in_words(page: Page) -> str:
    page.goto("/trends/?range=all")
    return page.locator("#trends").inner_text()


@pytest.mark.parametrize("phone", ["iphone", "android"], indirect=True)
def test_the_whole_journey_on_a_phone(
    page: Page, context: BrowserContext, problems: PageProblems, push_service: PushService
) -> None:
    # Notifications allowed before the service worker first starts, as a person who turned
    # them on earlier would have them: a grant made while it runs may reach it late.
    context.grant_permissions(["notifications"])

    # Sign up.
    page.goto("/")
    page.get_by_role("link", name="Get started").tap()
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").tap()

    # Log a cry in three taps: the big button, the slider, Save.
    page.get_by_role("link", name="I just cried").tap()
    expect(page.locator("#checkin .mood--untouched").first).to_be_visible()
    touch_slider(page, "#checkin #id_valence", 0.3)
    page.get_by_role("button", name="Save", exact=True).tap()
    expect(page.get_by_text("Saved.").first).to_be_visible()
    person = User.objects.get(email=EMAIL)
    cry = Cry.objects.get(user=person)

    # Before (remembered) and details, each saved in place.
    expect(page.locator("#before .mood--untouched")).to_have_count(1)
    touch_slider(page, "#before #id_valence", 0.75)
    page.get_by_role("button", name="Save before").tap()
    expect(page.locator("#before")).to_contain_text("Before:")
    page.get_by_role("link", name="Add details").tap()
    page.get_by_label("loss").check()
    page.get_by_label("with one person").check()
    page.get_by_role("button", name="Save details").tap()
    expect(page.get_by_text("Details saved.")).to_be_visible()
    cry.refresh_from_db()
    assert cry.triggers == ["loss"] and cry.company == "one"

    # The follow-up comes due: the cry ended 95 minutes ago, and the worker delivers it.
    # (Without the new account's quiet hours, so that it does so at any hour of the day.)
    User.objects.filter(pk=person.pk).update(quiet_start=None, quiet_end=None)
    subscribe(person, push_service.device("phone"))
    assert cry.ended_at is not None
    cry_services.cry_update(cry=cry, changes={"ended_at": cry.ended_at - timedelta(minutes=95)})
    run_worker()
    [message] = push_service.delivered("phone")
    before_answer = trends_in_words(page)

    page.goto("/")
    expect(page.get_by_role("heading", name="Time for your check-in")).to_be_visible()

    # The push message reaches the service worker and shows; a tap opens the check-in.
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
    assert title == "Time for your check-in" and "cry" not in json.dumps(payload).lower()
    context.service_workers[0].evaluate(TAP)
    page.wait_for_url(f"**{url}")

    # Answer it with one touch.
    touch_slider(page, "#id_valence", 0.9)
    page.get_by_role("button", name="Save", exact=True).tap()
    expect(page.get_by_text("Saved:")).to_be_visible()
    after_90 = cry.ratings.get(moment=Moment.AFTER_90)

    # The dashboard now counts it.
    after_answer = trends_in_words(page)
    assert "90 minutes after\nnot given yet" in before_answer
    assert f"90 minutes after\n{after_90.valence}" in after_answer
    assert "You answered the 90-minute check-in for 1 of 1 cry" in after_answer

    # The CSV export carries it.
    export = page.request.get("/settings/export.csv")
    rows = list(csv.DictReader(io.StringIO(export.text())))
    [row] = [r for r in rows if r["moment"] == "after_90"]
    assert row["valence"] == str(after_90.valence)

    # Delete the account; logging in fails afterwards.
    page.goto("/settings/delete/")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account and everything in it").tap()
    expect(page.get_by_text("Your account and everything in it are deleted.")).to_be_visible()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=SIGN_IN).tap()
    expect(page.get_by_text("not correct")).to_be_visible()
    assert not User.objects.filter(email=EMAIL).exists()
    problems.assert_none()
