"""Where you're signed in, on a phone: reachable from Settings, every control a full tap target."""

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import PageProblems, sign_in
from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "places@example.com"
TAP = 44  # px, the smallest target a finger hits reliably


def test_sign_out_everywhere_else_from_settings_on_a_phone(
    page: Page, browser: Browser, live_server: Any, problems: PageProblems
) -> None:
    make_user(EMAIL)
    other = browser.new_context(base_url=live_server.url)
    elsewhere = other.new_page()
    elsewhere.goto("/accounts/login/")
    sign_in(elsewhere, EMAIL)

    page.goto("/accounts/login/")
    sign_in(page, EMAIL)
    page.goto("/settings/")
    page.get_by_role("link", name="Where you're signed in").tap()
    expect(page.get_by_role("heading", name="Where you're signed in")).to_be_visible()
    expect(page.get_by_text("This device", exact=True)).to_be_visible()

    controls = page.locator("main a.button, main button")
    assert controls.count() >= 3  # sign out the other, everywhere else, back to settings
    for index in range(controls.count()):
        box = controls.nth(index).bounding_box()
        assert box is not None
        assert box["width"] >= TAP
        assert box["height"] >= TAP
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.get_by_role("button", name="Sign out everywhere else").tap()
    expect(page.get_by_text("You are signed out everywhere else.")).to_be_visible()
    elsewhere.goto("/cries/")
    assert "/accounts/login/" in elsewhere.url
    other.close()
    problems.assert_none()
