import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from crylog.cries.models import Cry, Moment
from tests.browser.conftest import SIGN_IN, PageProblems
from tests.browser.phone import touch_slider

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_log_a_cry_in_three_taps_add_before_and_see_history(
    page: Page, problems: PageProblems
) -> None:
    page.goto("/")
    page.get_by_role("link", name="Get started").click()
    page.get_by_label("Email").fill("new.person@example.com")
    page.get_by_label("Password").fill("a long phone passphrase")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("link", name="I just cried")).to_be_visible()

    # Three taps: the big button, the slider, Save.
    page.get_by_role("link", name="I just cried").tap()
    slider = "#checkin #id_valence"
    expect(page.locator(slider)).to_be_visible()
    expect(page.locator("#checkin .mood--untouched")).to_have_count(2)
    touch_slider(page, slider, 0.3)
    expect(page.locator("#checkin .mood--untouched")).to_have_count(1)
    page.get_by_role("button", name="Save").tap()
    expect(page.get_by_text("Saved.")).to_be_visible()

    cry = Cry.objects.get(user__email="new.person@example.com")
    right_after = cry.ratings.get(moment=Moment.RIGHT_AFTER)
    assert 20 <= right_after.valence <= 40

    # The recalled "before", saved in place (once its slider is ready for a first touch).
    expect(page.locator("#before .mood--untouched")).to_have_count(1)
    touch_slider(page, "#before #id_valence", 0.7)
    page.get_by_role("button", name="Save before").tap()
    expect(page.locator("#before")).to_contain_text("Before:")
    before = cry.ratings.get(moment=Moment.BEFORE)
    assert before.is_recalled
    assert 60 <= before.valence <= 80

    page.get_by_role("link", name="History", exact=True).click()
    expect(page.locator(".cry-row")).to_have_count(1)
    expect(page.locator(".cry-row")).to_contain_text(re.compile(rf"before {before.valence}"))
    # The browser told the server its time zone on the first visit.
    cry.user.refresh_from_db()
    assert cry.user.timezone != ""
    problems.assert_none()


def test_logging_a_cry_works_with_javascript_off(browser: Browser, live_server: Any) -> None:
    from tests.conftest import PASSWORD, make_user

    user = make_user()
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=SIGN_IN).click()
    page.get_by_role("link", name="I just cried").click()
    page.get_by_role("slider", name="How do you feel right now?").fill("20")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    page.get_by_role("slider", name="How did you feel before?").fill("55")
    page.get_by_role("button", name="Save before").click()
    expect(page.locator("#before")).to_contain_text("Before: 55")
    cry = Cry.objects.get(user=user)
    assert {r.moment: r.valence for r in cry.ratings.all()} == {"right_after": 20, "before": 55}
    # Nothing is wider than a 320 px screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()
