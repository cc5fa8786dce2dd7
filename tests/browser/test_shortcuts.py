"""The installed app's shortcuts (a long press on its icon), as Chromium reads them: the manifest
the page links to, fetched by the browser itself (DevTools' ``Page.getAppManifest``), from a
production server (DEBUG off, collectstatic's hashed names, whitenoise), so every icon is
found where a phone would ask for it."""

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import PHONES, PageProblems, sign_in, signed_in_worker_active
from tests.servers import manage, production_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EMAIL, PASSWORD = "shortcuts@example.com", "a long production passphrase"
GERMAN = "deutsch@example.com"
HASHED_PNG = re.compile(r"^/static/img/shortcut-[a-z]+-\d+\.[0-9a-f]{12}\.png$")


@pytest.fixture(scope="module")
def production(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    people = (
        f"User.objects.create_user({EMAIL!r}, {PASSWORD!r}); "
        f"User.objects.create_user({GERMAN!r}, {PASSWORD!r}, language='de')"
    )
    with production_site(tmp_path_factory.mktemp("production"), people) as site:
        yield site


@pytest.fixture
def context(browser: Browser, production: tuple[str, dict[str, str]]) -> Iterator[BrowserContext]:
    context = browser.new_context(**PHONES["android"], base_url=production[0], locale="en-US")
    context.set_default_timeout(10_000)
    yield context
    context.close()


def app_manifest(page: Page) -> dict[str, Any]:
    """The manifest of the open page, as Chromium fetched and read it."""
    devtools = page.context.new_cdp_session(page)
    answer = devtools.send("Page.getAppManifest")
    devtools.detach()
    href = page.locator("link[rel=manifest]").get_attribute("href")
    assert answer["url"] == f"{page.evaluate('location.origin')}{href}"
    assert answer["errors"] == [], answer["errors"]
    return json.loads(answer["data"])  # type: ignore[no-any-return]


def png_size(content: bytes) -> str:
    assert content[:8] == b"\x89PNG\r\n\x1a\n"
    return f"{int.from_bytes(content[16:20])}x{int.from_bytes(content[20:24])}"


def make_due_followup(env: dict[str, str]) -> int:
    """A cry that ended 90 minutes ago, so its follow-up is due now; the follow-up's id."""
    code = (
        "from datetime import timedelta; from django.utils import timezone; "
        "from crylog.accounts.models import User; from crylog.cries.services import cry_create; "
        f"user = User.objects.get(email={EMAIL!r}); "
        "cry = cry_create(user=user, valence=30, "
        "ended_at=timezone.now() - timedelta(minutes=90, seconds=5)); "
        "print(cry.followups.get().pk)"
    )
    return int(manage(env, "shell", "-v0", "-c", code).strip())


def answer(env: dict[str, str], followup: int) -> None:
    code = (
        "from crylog.followups.models import FollowUp; from crylog.followups import services; "
        f"services.followup_answer(followup=FollowUp.objects.get(pk={followup}), valence=60)"
    )
    manage(env, "shell", "-v0", "-c", code)


def test_the_shortcuts_load_and_check_in_opens_the_due_follow_up_or_home(
    page: Page,
    context: BrowserContext,
    problems: PageProblems,
    production: tuple[str, dict[str, str]],
) -> None:
    env = production[1]
    page.goto("/accounts/login/")
    sign_in(page, EMAIL, PASSWORD)
    page.wait_for_url(re.compile(r"^http://[^/]+/$"))
    signed_in_worker_active(page)  # the shortcuts open pages, as after a swap of workers

    shortcuts = app_manifest(page)["shortcuts"]
    assert [(s["name"], s["short_name"]) for s in shortcuts] == [
        ("I just cried", "Log a cry"),
        ("Check in", "Check in"),
    ]
    cry, check_in = (s["url"] for s in shortcuts)

    for shortcut in shortcuts:
        assert "96x96" in {icon["sizes"] for icon in shortcut["icons"]}
        for icon in shortcut["icons"]:
            assert HASHED_PNG.match(icon["src"]), icon["src"]
            response = context.request.get(icon["src"])
            assert response.status == 200, icon["src"]
            assert response.headers["content-type"] == icon["type"] == "image/png"
            assert png_size(response.body()) == icon["sizes"], icon["src"]

    def follow(url: str) -> str:
        """Open the shortcut's address as the app does; the path it lands on."""
        response = page.goto(url)
        assert response is not None
        assert response.status == 200, url
        assert response.headers["content-type"].startswith("text/html"), url
        return page.evaluate("location.pathname")  # type: ignore[no-any-return]

    # "I just cried": the check-in form, its slider ready for a first touch.
    assert follow(cry) == "/cries/new/"
    expect(page.locator("#id_valence")).to_be_visible()
    expect(page.get_by_role("button", name="Save")).to_be_visible()

    # "Check in": home while nothing is waiting, the follow-up's check-in when one is.
    assert follow(check_in) == "/"
    expect(page.get_by_role("link", name="I just cried")).to_be_visible()
    followup = make_due_followup(env)
    assert follow(check_in) == f"/followups/{followup}/"
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("#id_valence")).to_be_visible()
    answer(env, followup)
    assert follow(check_in) == "/"
    problems.assert_none()


def test_the_shortcuts_speak_the_language_a_person_chose(
    page: Page, problems: PageProblems
) -> None:
    # The phone asks for English; the person chose German in Settings.
    page.goto("/accounts/login/")
    sign_in(page, GERMAN, PASSWORD)
    page.wait_for_url(re.compile(r"^http://[^/]+/$"))
    signed_in_worker_active(page)  # the shortcuts open pages, as after a swap of workers
    manifest = app_manifest(page)
    assert manifest["lang"] == "de"
    assert [(s["name"], s["short_name"]) for s in manifest["shortcuts"]] == [
        ("Ich habe gerade geweint", "Eintragen"),
        ("Zum Check-in", "Check-in"),
    ]
    problems.assert_none()
