"""The journey with the keyboard alone: Tab, arrow keys and Enter, no pointer at all."""

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from crylog.accounts.models import User
from crylog.cries import services as cry_services
from crylog.cries.models import Cry, Moment
from tests.browser.conftest import PageProblems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED = """(() => {
  const el = document.activeElement;
  return [el.id, (el.innerText || el.value || "").trim()];
})()"""


def tab_to(page: Page, *, text: str = "", element_id: str = "", limit: int = 60) -> None:
    """Press Tab until the focus is on the element with this visible text or id."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused_id, focused_text = page.evaluate(FOCUSED)
        if (element_id and focused_id == element_id) or (text and focused_text == text):
            return
    raise AssertionError(f"Tab never reached {text or element_id!r}")


def test_sign_up_check_in_and_answer_the_follow_up_with_the_keyboard(
    page: Page, problems: PageProblems
) -> None:
    page.goto("/accounts/signup/")
    tab_to(page, element_id="id_email")
    page.keyboard.type("keys@example.com")
    page.keyboard.press("Tab")
    page.keyboard.type("a long keyboard passphrase")
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="I just cried")).to_be_visible()

    tab_to(page, text="I just cried")
    page.keyboard.press("Enter")
    expect(page.locator("#checkin #id_valence")).to_be_visible()
    tab_to(page, element_id="id_valence")
    for _ in range(10):
        page.keyboard.press("ArrowLeft")  # 50 → 40
    tab_to(page, text="Save")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Saved.").first).to_be_visible()

    tab_to(page, element_id="id_valence")  # the before slider
    for _ in range(15):
        page.keyboard.press("ArrowRight")  # 50 → 65
    tab_to(page, text="Save before")
    page.keyboard.press("Enter")
    expect(page.locator("#before")).to_contain_text("Before: 65")

    cry = Cry.objects.get(user__email="keys@example.com")
    assert {r.moment: r.valence for r in cry.ratings.all()} == {"right_after": 40, "before": 65}
    assert cry.ended_at is not None
    cry_services.cry_update(cry=cry, changes={"ended_at": cry.ended_at - timedelta(minutes=90)})

    page.goto("/")
    tab_to(page, text="Check in")
    page.keyboard.press("Enter")
    page.wait_for_url("**/followups/*/")
    tab_to(page, element_id="id_valence")
    page.keyboard.press("End")  # 100
    tab_to(page, text="Save")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Saved:")).to_be_visible()
    assert cry.ratings.get(moment=Moment.AFTER_90).valence == 100
    assert User.objects.get(email="keys@example.com").is_active
    problems.assert_none()
