"""A researcher on a phone (390 px) and on a desktop (1280 px), in Chromium: from Settings to
a new study, its page with the invitation link copied by its button, the invitation closed and
opened again, and the participants' table, which never makes the page scroll sideways."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect

from crylog.cries import services as cry_services
from crylog.studies import services
from crylog.studies.models import Study
from tests.browser.conftest import PHONES, PageProblems
from tests.browser.tap_targets import SMALL_TAP_TARGETS
from tests.conftest import make_user
from tests.studies.factories import join, make_researcher

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = {
    "phone": PHONES["iphone"],
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}


@pytest.fixture(params=list(SCREENS))
def screen(
    request: pytest.FixtureRequest, browser: Browser, live_server: object
) -> Iterator[BrowserContext]:
    context = browser.new_context(**SCREENS[request.param], base_url=str(live_server.url))  # type: ignore[attr-defined]
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def researcher_page(screen: BrowserContext, problems: PageProblems) -> Iterator[Page]:
    page = screen.new_page()
    problems.watch(page)
    client = Client()
    client.force_login(make_researcher("researcher@example.org"))
    page.goto("/privacy/")
    screen.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": root(page)}]
    )
    yield page
    page.close()
    problems.assert_none()


def root(page: Page) -> str:
    """The site of the page open now (a cookie set for it reaches every page)."""
    site = urlsplit(page.url)
    return f"{site.scheme}://{site.netloc}/"


def fits_the_screen(page: Page) -> None:
    """No page-wide sideways scroll, and every control at least 44 px either way."""
    # Against the screen's own width: a phone's browser widens its layout to overflowing
    # content, so window.innerWidth would grow with it.
    viewport = page.viewport_size
    assert viewport is not None
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert page.evaluate(SMALL_TAP_TARGETS, 44) == []


def test_a_researcher_makes_a_study_copies_its_link_and_closes_and_opens_it(
    researcher_page: Page,
) -> None:
    page = researcher_page
    page.goto("/settings/")
    page.get_by_role("link", name="Open your studies").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your studies")
    fits_the_screen(page)
    page.get_by_role("link", name="New study").click()
    today = timezone.localdate()
    page.get_by_label("Title").fill("Tears at home")
    page.get_by_label("Who runs it").fill("Mood Lab, University of Somewhere")
    page.get_by_label("How to reach them").fill("lab@example.org")
    page.get_by_label("First day").fill(f"{today:%Y-%m-%d}")
    page.get_by_label("Last day").fill(f"{today + timedelta(days=28):%Y-%m-%d}")
    page.get_by_label("Consent text").fill("You agree that the study reads your ratings.")
    fits_the_screen(page)
    page.get_by_role("button", name="Make the study").click()
    expect(page.get_by_text("The study is made.")).to_be_visible()
    study = Study.objects.get()
    assert study.title == "Tears at home"

    # The link in full, in a field, and the Copy button puts it on the clipboard.
    field = page.locator("#invitation-url")
    address = field.input_value()
    assert address == f"{page.url.split('/studies/')[0]}/join/{study.invitation_token}/"
    page.get_by_role("button", name="Copy", exact=True).click()
    expect(page.get_by_text("Copied.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == address

    # Some people take part: the table fits the page, scrolling inside its own box if need be.
    for _ in range(3):
        person = make_user()
        join(study, person)
        cry_services.cry_create(user=person, valence=40)
    left = join(study)
    services.participant_withdraw(participant=left, keep=False, now=timezone.now())
    page.reload()
    expect(page.locator("table.participants tbody tr")).to_have_count(4)
    expect(page.get_by_text("withdrew, data deleted")).to_be_visible()
    fits_the_screen(page)

    page.get_by_role("button", name="Close the invitation").click()
    expect(page.get_by_text("The invitation is closed: nobody new can join.")).to_be_visible()
    study.refresh_from_db()
    assert not study.invitation_open
    page.get_by_role("button", name="Open the invitation").click()
    expect(page.get_by_text("The invitation is open")).to_be_visible()
    study.refresh_from_db()
    assert study.invitation_open
    assert re.search(r"#invitation$", page.url)


def test_without_javascript_the_link_is_there_to_select(
    browser: Browser, live_server: object
) -> None:
    context = browser.new_context(
        **PHONES["iphone"],
        java_script_enabled=False,
        base_url=str(live_server.url),  # type: ignore[attr-defined]
    )
    try:
        researcher = make_researcher()
        study = services.study_create(
            researcher=researcher,
            consent_text="You agree.",
            title="No script",
            run_by="Lab",
            contact="lab@example.org",
            starts_on=timezone.localdate(),
            ends_on=timezone.localdate(),
        )
        client = Client()
        client.force_login(researcher)
        page = context.new_page()
        page.goto("/privacy/")
        context.add_cookies(
            [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": root(page)}]
        )
        page.goto(f"/studies/{study.pk}/")
        field = page.locator("#invitation-url")
        expect(field).to_be_visible()
        assert field.input_value().endswith(f"/join/{study.invitation_token}/")
        # The Copy button needs the script: without it, it is not offered.
        expect(page.get_by_role("button", name="Copy", exact=True)).to_be_hidden()
    finally:
        context.close()
