import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PageProblems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("start", ["/", "/accounts/login/", "/privacy/"])
def test_help_is_one_tap_away_from_any_page(page: Page, problems: PageProblems, start: str) -> None:
    page.goto(start)
    link = page.get_by_role("link", name="I need help now")
    expect(link).to_be_visible()
    expect(link).to_be_in_viewport()
    link.tap()
    expect(page.get_by_role("heading", name="I need help now", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Call 988").first).to_have_attribute("href", "tel:988")
    expect(page.get_by_role("link", name="Text 988").first).to_have_attribute("href", "sms:988")
    expect(
        page.get_by_text("crylog is not an emergency service or a medical service")
    ).to_be_visible()
    problems.assert_none()
