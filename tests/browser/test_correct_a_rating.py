"""Correcting a rating on a phone, and deleting one: in Chromium (a touch screen) and WebKit (a
pen) through the ``device`` fixture, and with JavaScript off."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from crylog.accounts.models import User
from crylog.cries.models import Cry, Moment, MoodRating
from tests.browser.conftest import sign_in
from tests.browser.phone import Phone
from tests.conftest import make_cry, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def a_cry(person: User) -> Cry:
    return make_cry(
        person,
        ended_at=timezone.now() - timedelta(minutes=30),
        ratings={Moment.BEFORE: 60, Moment.RIGHT_AFTER: 45},
    )


def test_a_person_corrects_a_rating_and_deletes_another_on_a_phone(device: Phone) -> None:
    person = make_user()
    device.log_in_as(person)
    cry = a_cry(person)
    given_at = cry.ratings.get(moment=Moment.RIGHT_AFTER).given_at
    summary = f"#cry-{cry.pk}-summary"
    device.goto(cry.get_absolute_url())

    device.click(f"#change-{cry.pk}-right_after")
    device.wait_for_text("Change a rating", summary)
    assert device.count(f"{summary} input[type=range]") == 1  # the card became the form
    device.touch_slider(f"{summary} input[type=range]", 0.15)
    device.tap("button", "Save the change")
    device.wait_for_text("Corrected.", summary)
    assert "corrected" in device.text(f"#rating-{cry.pk}-right_after + dd")
    rating = cry.ratings.get(moment=Moment.RIGHT_AFTER)
    assert rating.valence < 30
    assert rating.given_at == given_at
    assert rating.corrected_at is not None

    # Cancel puts the ratings back as they were.
    device.click(f"#change-{cry.pk}-before")
    device.wait_for_text("Change a rating", summary)
    device.tap("link", "Cancel")
    device.wait_until(lambda: device.count(f"#change-{cry.pk}-before"), "no ratings again")
    assert device.count(f"{summary} input[type=range]") == 0

    device.click(f"#change-{cry.pk}-before")
    device.wait_for_text("Change a rating", summary)
    device.tap("link", "Delete this rating")
    device.wait_for_text("Delete this rating?", summary)
    device.tap("button", "Delete")
    device.wait_for_text("Rating deleted.", summary)
    # The before card further down offers its question again.
    device.wait_for_text("How did you feel before?", "#before")
    assert device.count(f"#rating-{cry.pk}-before") == 0
    assert set(cry.ratings.values_list("moment", flat=True)) == {Moment.RIGHT_AFTER}
    assert Cry.objects.filter(pk=cry.pk).exists()


def test_correcting_and_deleting_work_with_javascript_off(
    browser: Browser, live_server: Any
) -> None:
    person = make_user()
    cry = a_cry(person)
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 780})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    sign_in(page, person.email)
    page.goto(f"{live_server.url}{cry.get_absolute_url()}")

    page.locator(f"#change-{cry.pk}-right_after").click()
    page.get_by_role("slider", name="How did you feel then?").fill("72")
    page.get_by_role("button", name="Save the change").click()
    expect(page.get_by_text("Corrected.")).to_be_visible()
    expect(page.locator(f"#rating-{cry.pk}-right_after + dd")).to_contain_text("corrected")

    page.locator(f"#change-{cry.pk}-right_after").click()
    page.get_by_role("link", name="Delete this rating").click()
    expect(page.get_by_role("heading", name="Delete this rating?")).to_be_visible()
    page.get_by_role("button", name="Delete", exact=True).click()
    expect(page.get_by_text("Rating deleted.")).to_be_visible()
    assert {r.moment: r.valence for r in MoodRating.objects.filter(cry=cry)} == {"before": 60}
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()
