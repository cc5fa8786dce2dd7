"""The summary for another reader: made into a link on a phone, opened in another browser,
revoked; and printed on A4 and Letter with its charts."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from crylog.accounts.models import User
from crylog.cries.demo import seed_demo
from tests.browser.conftest import PHONES, PageProblems, wait_for_truth
from tests.browser.phone import Phone
from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What Chromium writes for each page of a PDF: its size in points.
A4 = re.compile(rb"/MediaBox \[0 0 59[45]\.\d+ 84[12]\.\d+\]")
LETTER = re.compile(rb"/MediaBox \[0 0 612 792\]")
PAGE = re.compile(rb"/Type /Page\b")
CHARTS_DRAWN = "document.body.dataset.chartsDrawn !== undefined"


def demo_person(email: str, cries: int = 40) -> User:
    person = make_user(email)
    seed_demo(user=person, cries=cries, weeks=8, now=timezone.now(), seed=7)
    return person


def test_a_link_made_on_a_phone_opens_in_another_browser_until_it_is_revoked(
    device: Phone, browser: Browser, live_server: object
) -> None:
    person = demo_person("share@example.com")
    device.log_in_as(person)
    device.goto("/trends/")
    device.tap("link", "A summary to print or share, for example with your therapist")
    device.wait_for_text("Summary of cries from")
    device.tap("button", "For 7 days")
    device.wait_until(lambda: device.count("#share-address") == 1, "no link was shown")
    address = device.evaluate("document.querySelector('#share-address').value")
    path = urlsplit(address).path
    assert re.fullmatch(r"/s/[A-Za-z0-9_-]{43}/", path)

    # Another browser, nobody signed in: the summary and nothing else.
    other = browser.new_context(**PHONES["android"], base_url=str(live_server.url))  # type: ignore[attr-defined]
    try:
        problems = PageProblems()
        reader = other.new_page()
        problems.watch(reader)
        response = reader.goto(path)
        assert response is not None
        assert response.status == 200
        assert response.headers["referrer-policy"] == "no-referrer"
        assert response.headers["x-robots-tag"] == "noindex"
        assert "no-store" in response.headers["cache-control"]
        expect(reader.get_by_role("heading", level=1)).to_contain_text("Summary of cries from")
        wait_for_truth(reader, CHARTS_DRAWN)
        expect(reader.locator(".summary__figure img")).to_have_count(4)
        assert reader.locator("a").count() == 0  # nothing of the person's is reachable
        assert person.email not in reader.content()
        assert other.cookies() == []  # no session, no cookie
        assert reader.evaluate("navigator.serviceWorker.controller") is None
        problems.assert_none()

        # The phone revokes it in Settings; the reader's reload shows it gone.
        device.goto("/settings/")
        device.wait_for_text("Share links")
        device.tap("button", "Revoke")
        device.wait_for_text("The link is revoked")
        gone = reader.reload()
        assert gone is not None
        assert gone.status == 404
        expect(reader.get_by_role("heading", level=1)).to_have_text(
            "This link does not open anything"
        )
        assert "Summary of cries" not in reader.content()
    finally:
        other.close()


@pytest.mark.parametrize("phone", ["android"], indirect=True)
def test_the_summary_prints_on_a4_and_letter_with_its_charts(
    page: Page, problems: PageProblems, browser: Browser, live_server: object
) -> None:
    person = demo_person("print@example.com", cries=60)
    client = Client()
    client.force_login(person)
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": str(live_server.url),  # type: ignore[attr-defined]
            }
        ]
    )
    today = timezone.localdate(timezone.now(), person.zone)
    start = today - timedelta(days=60)
    page.goto(f"/trends/summary/?from={start:%Y-%m-%d}&to={today:%Y-%m-%d}")
    wait_for_truth(page, CHARTS_DRAWN)
    figures = page.locator(".summary__figure img")
    expect(figures).to_have_count(4)
    # Each chart became a picture with something in it.
    assert all(img.evaluate("(i) => i.complete && i.naturalWidth > 0") for img in figures.all())

    # On paper: the tools go, the charts stay, nothing is wider than the page.
    page.emulate_media(media="print")
    expect(page.locator(".summary-tools")).to_be_hidden()
    for img in figures.all():
        expect(img).to_be_visible()
    with_charts = {}
    for size, paper in (("A4", A4), ("Letter", LETTER)):
        pdf = page.pdf(format=size, print_background=True)
        pages = len(PAGE.findall(pdf))
        assert pages >= 2, size
        assert len(paper.findall(pdf)) == pages, f"every page is {size}"
        with_charts[size] = len(pdf)
    # The charts are in the PDF: without them it is much smaller.
    page.evaluate("document.querySelectorAll('.summary__figure').forEach((f) => f.remove())")
    for size in ("A4", "Letter"):
        assert len(page.pdf(format=size)) < with_charts[size] * 0.8, size
    problems.assert_none()
