"""A real Chromium and a real WebKit at phone size against a live crylog server.

Chromium: Debian's /usr/bin/chromium when it is there (``make browser`` installs it), else the
browser Playwright manages. Every page the tests open there is watched for console errors,
Content-Security-Policy violations and requests that leave 127.0.0.1. WebKit: WebKitGTK's
MiniBrowser (tests/browser/webkit.py). A scenario that asks for ``device`` runs once in each,
through the ``Phone`` of tests/browser/phone.py.
"""

import os
import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    Request,
)
from selenium.webdriver import Remote as WebDriver

from tests.browser.phone import SIGNED_IN_WORKER, TIMEOUT, ChromiumPhone, Phone, WebKitPhone
from tests.browser.webkit import webkit_missing, webkit_session, xvfb
from tests.conftest import PASSWORD

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
]

PHONES: dict[str, dict[str, Any]] = {
    "iphone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 3,
        "is_mobile": True,
        "has_touch": True,
        "user_agent": (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
        ),
    },
    "android": {
        "viewport": {"width": 360, "height": 780},
        "device_scale_factor": 3,
        "is_mobile": True,
        "has_touch": True,
    },
}


# The log-in form's own button; the page also has "Sign in with a passkey".
SIGN_IN = re.compile(r"^sign in$", re.IGNORECASE)


def sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    """Fill in and send the login form on the page that shows it."""
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name=SIGN_IN).click()


def signed_in_worker_active(page: Page) -> None:
    """Wait until the service worker that signing in registers has taken over (see
    ``SIGNED_IN_WORKER``): a page opened during the swap may wait for it, or in WebKit fail."""
    wait_for_truth(page, SIGNED_IN_WORKER)


def wait_for_truth(page: Page, expression: str, timeout: float = TIMEOUT) -> None:
    """Ask the page until ``expression`` is true (polled: the pages' CSP forbids the eval of
    Playwright's ``wait_for_function``)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"never true: {expression}"
        page.wait_for_timeout(100)


def log_out(page: Page) -> None:
    """Log out as a person does: in Settings (the tab bar holds places only)."""
    page.goto("/settings/")
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(re.compile(r"^http://[^/]+/$"))


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or None


@dataclass
class PageProblems:
    """What a person would not see but should never happen: errors, blocked or outside requests."""

    console_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        page.on("request", self._on_request)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def _on_request(self, request: Request) -> None:
        host = urlsplit(request.url).hostname
        if request.url.startswith(("data:", "blob:")):
            return
        if host not in {"127.0.0.1", "localhost"}:
            self.outside_requests.append(request.url)

    def assert_none(self) -> None:
        assert self.console_errors == [], "console errors or CSP violations"
        assert self.outside_requests == [], "requests that left the origin"


@pytest.hookimpl(tryfirst=True)  # before `-m` picks tests by their marks
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test here is a browser test (``-m "not browser"`` leaves it out, as
    ``make test-fast`` does), and one that fails runs once more, counting as failed only if
    it fails again.

    Headless Chromium now and then drops what a test hands it from outside the page (a push
    message delivered through DevTools that never shows as a notification); see
    docs/testing.md. A rerun is printed in the summary ("R"), so it is seen, not hidden.
    """
    here = Path(__file__).parent
    for item in items:
        if item.path.is_relative_to(here):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.flaky(reruns=1))


@pytest.fixture(scope="session", autouse=True)
def _orm_between_page_actions() -> Iterator[None]:
    # Playwright's sync API keeps an event loop running in this thread; the ORM calls the
    # tests make between page actions (and the database flush after them) are still plain
    # synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(
        executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()


@pytest.fixture
def phone(request: pytest.FixtureRequest) -> str | None:
    """The phone Chromium plays (a key of ``PHONES``): an iPhone, unless a test parametrizes
    this fixture (``indirect=True``) or a module overrides it."""
    return getattr(request, "param", "iphone")


@pytest.fixture
def context(browser: Browser, phone: str, live_server: object) -> Iterator[BrowserContext]:
    context = browser.new_context(**PHONES[phone], base_url=str(live_server.url))  # type: ignore[attr-defined]
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def problems() -> PageProblems:
    return PageProblems()


@pytest.fixture
def page(context: BrowserContext, problems: PageProblems) -> Iterator[Page]:
    page = context.new_page()
    problems.watch(page)
    yield page
    page.close()


# WebKit (tests/browser/webkit.py): one Xvfb for the run, one WebKitWebDriver session per module.


@pytest.fixture(scope="session")
def webkit_display() -> Iterator[str]:
    if missing := webkit_missing():
        pytest.fail(missing)
    with xvfb() as display:
        yield display


@pytest.fixture(scope="module")
def webkit_driver(webkit_display: str) -> Iterator[WebDriver]:
    with webkit_session(webkit_display) as driver:
        yield driver


@pytest.fixture
def webkit(webkit_driver: WebDriver, live_server: object) -> Iterator[WebKitPhone]:
    page = WebKitPhone(webkit_driver, str(live_server.url))  # type: ignore[attr-defined]
    yield page
    page.reset()


# One scenario, both engines.

ENGINES = ["chromium", "webkit"]


@pytest.fixture(params=ENGINES)
def device(request: pytest.FixtureRequest, phone: str | None) -> Iterator[Phone]:
    """The phone a two-engine scenario runs on: Chromium as ``phone`` says, then WebKit.

    In Chromium the test fails afterwards on any console error, Content-Security-Policy
    violation or request that left 127.0.0.1 (``PageProblems``); MiniBrowser does not hand its
    console to WebDriver, so the WebKit run cannot see those.
    """
    if request.param == "chromium":
        assert phone in PHONES, f"Chromium needs a phone to play, not {phone!r}"
        yield ChromiumPhone(request.getfixturevalue("page"))
        problems: PageProblems = request.getfixturevalue("problems")
        problems.assert_none()
    else:
        yield request.getfixturevalue("webkit")
