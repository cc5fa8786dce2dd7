"""axe-core on every page, light and dark: zero WCAG 2.1 A/AA violations."""

from typing import Literal

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page

from crylog.accounts.models import User
from crylog.cries.demo import seed_demo
from crylog.cries.models import Moment
from crylog.cries.services import cry_create
from tests.browser.conftest import PageProblems, sign_in
from tests.conftest import make_cry, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PUBLIC_PAGES = [
    "cry-home", "account_login", "account_signup", "account_reset_password", "pages-help", "pages-privacy",
]  # fmt: skip
PERSONAL_PAGES = [
    "cry-home",
    "cry-new",
    "cry-plan",
    "cry-list",
    "insights-dashboard",
    "account-settings",
]


def violations(page: Page) -> list[str]:
    results = Axe().run(page, options=WCAG_21_AA)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
    ]


def log_in(page: Page, user: User) -> None:
    page.goto(reverse("account_login"))
    sign_in(page, user.email)
    page.wait_for_url("**/")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_passes_axe(
    page: Page, problems: PageProblems, scheme: Literal["light", "dark"]
) -> None:
    page.emulate_media(color_scheme=scheme)
    found: dict[str, list[str]] = {}
    for name in PUBLIC_PAGES:
        page.goto(reverse(name))
        found[name] = violations(page)

    user = make_user()
    seed_demo(user=user, cries=40, weeks=8, now=timezone.now(), seed=1)  # charts with data
    cry = make_cry(user, ratings={Moment.RIGHT_AFTER: 30})
    log_in(page, user)
    urls = [reverse(name) for name in PERSONAL_PAGES]
    followup = cry_create(user=user, valence=40).followups.get()
    urls += [
        reverse("cry-detail", args=[cry.pk]),
        reverse("cry-delete", args=[cry.pk]),
        reverse("followup-answer", args=[followup.pk]),
    ]
    for url in urls:
        page.goto(url)
        page.wait_for_load_state("networkidle")  # the dashboard draws its charts after load
        found[url] = violations(page)
    # A form with its errors showing.
    page.goto(reverse("cry-new"))
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector(".error")
    found["cry-new with errors"] = violations(page)

    assert {where: v for where, v in found.items() if v} == {}
    problems.assert_none()


def test_the_check_in_works_with_the_keyboard_alone(page: Page, problems: PageProblems) -> None:
    user = make_user()
    log_in(page, user)
    page.goto(reverse("cry-new"))
    slider = page.get_by_role("slider", name="How do you feel right now?")
    slider.focus()
    assert slider.get_attribute("aria-valuetext") == "not set yet"
    for _ in range(5):
        page.keyboard.press("ArrowLeft")
    assert slider.get_attribute("aria-valuetext") == "45 of 100"
    assert slider.get_attribute("aria-valuemin") in (None, "0")
    assert slider.get_attribute("min") == "0"
    page.keyboard.press("Tab")  # onto Save
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Saved.")
    assert user.cries.get().ratings.get().valence == 45
    problems.assert_none()
