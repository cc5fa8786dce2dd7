"""Quiet hours in Settings on a 360 px phone: time inputs a thumb can hit, saved as typed."""

from datetime import time

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from crylog.accounts.models import User
from tests.browser.conftest import PageProblems, sign_in
from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TAP = 44  # px: the smallest target a finger hits reliably (WCAG 2.5.5)


@pytest.mark.parametrize("phone", ["android"], indirect=True)
def test_quiet_hours_are_set_with_time_inputs_that_fit_a_360_px_phone(
    page: Page, problems: PageProblems
) -> None:
    person = make_user(quiet_start=time(23, 0), quiet_end=time(7, 0))
    page.goto(reverse("account_login"))
    sign_in(page, person.email)
    page.wait_for_url("**/")
    page.goto(reverse("account-settings"))

    width = page.viewport_size["width"] if page.viewport_size else 0
    assert width == 360
    for label in ("Quiet hours from", "Quiet hours until"):
        field = page.get_by_label(label)
        field.scroll_into_view_if_needed()
        box = field.bounding_box()
        assert box is not None
        assert box["width"] >= TAP, (label, box)
        assert box["height"] >= TAP, (label, box)
        assert box["x"] >= 0, (label, box)
        assert box["x"] + box["width"] <= width, (label, box)
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.get_by_label("Quiet hours from").fill("22:15")
    page.get_by_label("Quiet hours until").fill("06:30")
    page.get_by_role("button", name="Save settings").click()
    page.get_by_text("Settings saved.").wait_for()
    person = User.objects.get(pk=person.pk)
    assert (person.quiet_start, person.quiet_end) == (time(22, 15), time(6, 30))
    problems.assert_none()
