"""The words our scripts write on the page, in the person's language: on the app shell with no
network (the catalogue kept by the service worker), in a passkey's error, and the time of a
check-in kept on the phone.

The words come from the pseudo-language of tests/i18n/pseudo.py, every one "translated" as
itself in ⟦…⟧: German and Spanish are not translated yet, so only marked words can show that
the catalogue reached the page. The browser itself speaks Spanish here (its Accept-Language and
its own language for dates), so that only the person's own choice can give what is seen.
"""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pytest_django import Settings

from tests.browser.conftest import PHONES, PageProblems
from tests.browser.phone import ChromiumPhone, touch_slider
from tests.browser.test_offline import ACTIVE, KEEP
from tests.conftest import make_user
from tests.i18n.pseudo import offer_pseudo_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Where the service worker keeps the app shell: every address it holds.
KEPT_ADDRESSES = """(async () => {
  const kept = [];
  for (const name of await caches.keys()) {
    if (!name.startsWith("crylog-shell-")) continue;
    const cache = await caches.open(name);
    for (const request of await cache.keys()) kept.push(new URL(request.url).pathname);
  }
  return kept;
})()"""


@pytest.fixture
def pseudo_language(settings: Settings, tmp_path: Path) -> str:
    return offer_pseudo_language(settings, tmp_path / "locale")


@pytest.fixture
def context(browser: Browser, live_server: Any) -> Iterator[BrowserContext]:
    """An Android phone whose browser speaks Spanish (tests/browser/conftest.py's ``page``
    opens in it)."""
    context = browser.new_context(
        **PHONES["android"], locale="es-ES", base_url=str(live_server.url)
    )
    context.set_default_timeout(10_000)
    yield context
    context.close()


def test_offline_the_shell_s_scripts_speak_the_persons_language(
    page: Page, context: BrowserContext, pseudo_language: str, problems: PageProblems
) -> None:
    phone = ChromiumPhone(page)
    phone.log_in_as(make_user(language=pseudo_language))
    phone.goto("/")
    assert page.evaluate("document.documentElement.lang") == pseudo_language
    loaded = phone.evaluate("new URL(document.querySelector('script[src*=jsi18n]').src).pathname")
    assert loaded.startswith(f"/jsi18n/{pseudo_language}/")
    # The service worker a visitor's page (Spanish) registered gives way to the one of the
    # person's language, which keeps the shell and the words of the scripts in it.
    phone.wait_until(lambda: phone.evaluate(ACTIVE), "no active service worker")
    phone.wait_until(
        lambda: [path for path in phone.evaluate(KEPT_ADDRESSES) if "/jsi18n/" in path] == [loaded],
        "the words of the scripts in the person's language were not kept",
    )

    # Nothing left in the browser's own cache: with no network, only the service worker answers.
    context.new_cdp_session(page).send("Network.clearBrowserCache")
    context.set_offline(True)
    page.reload()  # the service worker answers with the shell it kept
    expect(page.locator("#offline-notice")).to_contain_text("⟦You are offline.")
    touch_slider(page, "#id_valence", 0.3)
    # The slider's spoken value is the script's.
    expect(page.locator("#id_valence")).to_have_attribute(
        "aria-valuetext", re.compile(r"^⟦\d+ of 100⟧$")
    )
    page.locator("#offline-checkin button[type=submit]").tap()
    expect(page.locator("#offline-saved")).to_be_visible()
    touch_slider(page, "#before_valence", 0.8)
    page.locator("#offline-before button[type=submit]").tap()
    expect(page.locator("#offline-before-saved")).to_be_visible()

    waiting = page.locator("#recent .cry-row--waiting")
    expect(waiting).to_have_count(1)
    expect(waiting.locator(".badge")).to_have_text("⟦waiting: saved on this phone⟧")
    expect(waiting.locator(".chip")).to_have_text(
        [re.compile(r"^⟦before \d+⟧$"), re.compile(r"^⟦right after \d+⟧$")]
    )
    problems.assert_none()
    # "I need help now" with no network: the help page kept in the person's language too,
    # though it was fetched as a visitor's, without cookies.
    page.locator(".help-now").tap()
    expect(page.locator("html")).to_have_attribute("lang", pseudo_language)
    expect(page.locator("h1")).to_contain_text("⟦")


def test_a_passkey_s_error_is_in_the_visitor_s_language(
    browser: Browser, live_server: Any, pseudo_language: str, problems: PageProblems
) -> None:
    context = browser.new_context(
        **PHONES["android"], locale=pseudo_language, base_url=live_server.url
    )
    context.set_default_timeout(10_000)
    # A browser that cannot use passkeys.
    context.add_init_script("delete window.PublicKeyCredential;")
    page = context.new_page()
    problems.watch(page)
    page.goto("/accounts/login/")
    page.locator("#passkey_login").tap()
    expect(page.get_by_role("alert")).to_have_text(
        "⟦This browser can't use passkeys. Use your password instead.⟧"
    )
    problems.assert_none()
    context.close()


# The kept check-ins' time, as static/pwa/offline.js writes it.
WHEN = "#recent .cry-row--waiting .cry-row__when"


def test_a_kept_check_in_s_time_is_written_in_the_persons_language(
    browser: Browser, live_server: Any
) -> None:
    """German, for someone who chose it, though the browser speaks Spanish."""
    context = browser.new_context(
        **PHONES["android"], locale="es-ES", base_url=live_server.url, service_workers="block"
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    # crylog cannot be asked who is signed in: the check-in stays kept, and shown.
    page.route("**/offline/session.json", lambda route: route.abort())
    phone = ChromiumPhone(page)
    person = make_user(language="de")
    phone.log_in_as(person)
    phone.goto("/")
    phone.call(KEEP, "0b9e2f4a-4d4b-4b8e-9a51-0c2c7d1a0001", str(person.pk), 30)
    phone.goto("/")
    expect(page.locator(WHEN)).to_have_count(1)
    # "Fr., 4. Dez., 23:45", not Spanish's "vie, 4 dic, 23:45".
    german = re.compile(r"^(Mo|Di|Mi|Do|Fr|Sa|So)\., \d{1,2}\. \w+\.?, \d{1,2}:\d\d$")
    expect(page.locator(WHEN)).to_have_text(german)
    context.close()
