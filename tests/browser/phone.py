"""One phone, two engines: the verbs a browser test speaks, and how Chromium and WebKit do each.

A scenario written against ``Phone`` runs in both engines: the ``device`` fixture
(tests/browser/conftest.py) hands it a ``ChromiumPhone`` (Playwright, a touch screen) and a
``WebKitPhone`` (WebKitWebDriver, a pen; see tests/browser/webkit.py). What only one engine can
do stays in that engine's class, and a test that needs it says so in an ``isinstance`` branch.

The verbs:

- ``goto(path)``, ``url``: open a page of the live server, and where the phone is now;
- ``tap(role, name)``: tap the visible link or button with that whole name;
  ``click(selector)``, ``fill(selector, value)``, ``press(selector, key)`` (keys named as in
  Playwright: "ArrowRight", "Home", "Enter"...);
- ``touch_slider(selector, fraction)``, ``drag_slider(selector, start, end)``,
  ``double_tap(selector)``: a finger on a mood slider or a button;
- ``wait_for_text(text, selector)``, ``wait_for(role, name)``, ``wait_until(check)``: wait (at
  most ``TIMEOUT`` seconds) until the page shows it;
- ``text(selector)``, ``count(selector)``, ``evaluate(expression)``, ``call(function, *args)``:
  read the page (a promise is awaited);
- ``add_cookie(name, value)``, and built on the rest: ``sign_in``, ``log_in_as``,
  ``in_viewport``, ``record_csp`` / ``csp_violations``.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from contextlib import suppress
from typing import Any, ClassVar
from urllib.parse import urlsplit

from django.test import Client
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect
from selenium import webdriver
from selenium.common.exceptions import (
    NoSuchElementException,
    StaleElementReferenceException,
    TimeoutException,
)
from selenium.webdriver.common.actions import interaction
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.actions.pointer_input import PointerInput
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.wait import WebDriverWait

from crylog.accounts.models import User

# Long enough for a loaded 2-core machine; a wait ends as soon as its condition holds.
TIMEOUT = 20
# Between the two taps of a double tap: a thumb's, and long enough for the first to be sent
# (taps closer together are one form submission for the browser itself).
DOUBLE_TAP_GAP = 0.2

# Every Content-Security-Policy violation from now on in this document (an htmx swap stays in it).
RECORD_CSP = """() => {
  window.__cspViolations = [];
  document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
  });
}"""
# Signing in registers the service worker anew (/sw.js?signed-in=1, crylog/pwa/scripts.py); the
# swap is over when that one is active and no other is on its way. See docs/testing.md.
SIGNED_IN_WORKER = """navigator.serviceWorker.getRegistration().then((r) => Boolean(r && r.active
  && r.active.state === "activated" && !r.installing && !r.waiting
  && new URL(r.active.scriptURL).searchParams.has("signed-in")))"""
# Some of the element is on screen, as Playwright's ``to_be_in_viewport``.
IN_VIEWPORT = """(selector) => {
  const r = document.querySelector(selector).getBoundingClientRect();
  return r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
    && r.top < innerHeight && r.left < innerWidth;
}"""


class Phone(ABC):
    """A phone with a browser, open on the live server."""

    engine: ClassVar[str]

    @abstractmethod
    def goto(self, path: str) -> None: ...

    @property
    @abstractmethod
    def url(self) -> str: ...

    @abstractmethod
    def tap(self, role: str, name: str) -> None: ...

    @abstractmethod
    def click(self, selector: str) -> None:
        """Tap the one element ``selector`` matches (a checkbox, a label, a link by its place)."""

    @abstractmethod
    def fill(self, selector: str, value: str) -> None: ...

    @abstractmethod
    def press(self, selector: str, key: str) -> None: ...

    @abstractmethod
    def touch_slider(self, selector: str, fraction: float) -> None:
        """Touch a mood slider at this share of its width, as a finger would."""

    @abstractmethod
    def drag_slider(self, selector: str, start: float, end: float) -> None:
        """Put a finger down at ``start`` and slide it to ``end`` (shares of the slider's width)."""

    @abstractmethod
    def double_tap(self, selector: str) -> None:
        """Two taps in quick succession, as a thumb on a slow network does: the second lands
        wherever the first left the button, enabled or not."""

    @abstractmethod
    def wait_for_text(self, text: str, selector: str = "body") -> None:
        """Wait until the first element ``selector`` matches shows ``text``."""

    @abstractmethod
    def wait_for(self, role: str, name: str) -> None:
        """Wait until the link or button with that whole name is visible."""

    @abstractmethod
    def wait_until[T](self, check: Callable[[], T], message: str = "") -> T:
        """Ask ``check`` until its answer is true, and return it; the page runs meanwhile."""

    @abstractmethod
    def text(self, selector: str = "body") -> str:
        """The text a person sees in the first element ``selector`` matches."""

    @abstractmethod
    def count(self, selector: str) -> int: ...

    @abstractmethod
    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (a promise's, once it settles)."""

    @abstractmethod
    def call(self, function: str, *args: Any) -> Any:
        """Call a JavaScript function expression in the page with these (JSON) arguments."""

    @abstractmethod
    def add_cookie(self, name: str, value: str) -> None:
        """Set a cookie for the site of the page open now."""

    def sign_in(self, email: str, password: str) -> None:
        """Sign in on the login form, as a person does."""
        self.goto("/accounts/login/")
        self.fill("#id_login", email)
        self.fill("#id_password", password)
        self.tap("button", "Sign in")
        self.wait_until(lambda: "/accounts/login/" not in self.url, "still on the login page")
        # Best effort: WebKit now and then leaves a worker installing for good, which no wait
        # ends (docs/testing.md); the tests that need the worker ask for it themselves.
        with suppress(TimeoutException, AssertionError):
            self.wait_until(lambda: self.evaluate(SIGNED_IN_WORKER))

    def log_in_as(self, person: User) -> None:
        """Be signed in as ``person`` without the login form (a session made on the server)."""
        client = Client()
        client.force_login(person)
        self.goto("/privacy/")
        self.add_cookie("sessionid", client.cookies["sessionid"].value)

    def in_viewport(self, selector: str) -> bool:
        return bool(self.call(IN_VIEWPORT, selector))

    def record_csp(self) -> None:
        """Note every Content-Security-Policy violation from now on, in this document."""
        self.call(RECORD_CSP)

    def csp_violations(self) -> list[str]:
        return self.evaluate("window.__cspViolations")  # type: ignore[no-any-return]


def touch_slider(page: Page, selector: str, fraction: float) -> None:
    """Touch a mood slider at this share of its width, as a finger would (Playwright)."""
    page.locator(selector).scroll_into_view_if_needed()
    box = page.locator(selector).bounding_box()
    assert box is not None
    page.touchscreen.tap(box["x"] + box["width"] * fraction, box["y"] + box["height"] / 2)


class ChromiumPhone(Phone):
    """Playwright's page in a phone-sized Chromium with a touch screen."""

    engine = "chromium"

    def __init__(self, page: Page) -> None:
        self.page = page

    def goto(self, path: str) -> None:
        self.page.goto(path)

    @property
    def url(self) -> str:
        return self.page.url

    def tap(self, role: str, name: str) -> None:
        self.page.get_by_role(role, name=name, exact=True).tap()  # type: ignore[arg-type]

    def click(self, selector: str) -> None:
        self.page.locator(selector).tap()

    def fill(self, selector: str, value: str) -> None:
        self.page.locator(selector).fill(value)

    def press(self, selector: str, key: str) -> None:
        self.page.locator(selector).press(key)

    def touch_slider(self, selector: str, fraction: float) -> None:
        touch_slider(self.page, selector, fraction)

    def drag_slider(self, selector: str, start: float, end: float) -> None:
        # Real touch events, through DevTools: Playwright's touchscreen only taps.
        self.page.locator(selector).scroll_into_view_if_needed()
        box = self.page.locator(selector).bounding_box()
        assert box is not None
        y = box["y"] + box["height"] / 2
        devtools = self.page.context.new_cdp_session(self.page)
        for step in range(6):
            x = box["x"] + box["width"] * (start + (end - start) * step / 5)
            kind = "touchStart" if step == 0 else "touchMove"
            devtools.send(
                "Input.dispatchTouchEvent", {"type": kind, "touchPoints": [{"x": x, "y": y}]}
            )
        devtools.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        devtools.detach()

    def double_tap(self, selector: str) -> None:
        button = self.page.locator(selector)
        button.scroll_into_view_if_needed()
        box = button.bounding_box()
        assert box is not None
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        self.page.touchscreen.tap(x, y)
        self.page.wait_for_timeout(DOUBLE_TAP_GAP * 1000)
        self.page.touchscreen.tap(x, y)

    def wait_for_text(self, text: str, selector: str = "body") -> None:
        expect(self.page.locator(selector).first).to_contain_text(
            text, use_inner_text=True, timeout=TIMEOUT * 1000
        )

    def wait_for(self, role: str, name: str) -> None:
        control = self.page.get_by_role(role, name=name, exact=True)  # type: ignore[arg-type]
        expect(control).to_be_visible(timeout=TIMEOUT * 1000)

    def wait_until[T](self, check: Callable[[], T], message: str = "") -> T:
        deadline = time.monotonic() + TIMEOUT
        while True:
            try:
                if answer := check():
                    return answer
            except PlaywrightError:  # the page went away (a reload) while it was asked
                pass
            assert time.monotonic() < deadline, message or "waited in vain"
            self.page.wait_for_timeout(100)

    def text(self, selector: str = "body") -> str:
        return self.page.locator(selector).first.inner_text()

    def count(self, selector: str) -> int:
        return self.page.locator(selector).count()

    def evaluate(self, expression: str) -> Any:
        return self.page.evaluate(f"() => {expression}")

    def call(self, function: str, *args: Any) -> Any:
        return self.page.evaluate(f"(args) => ({function})(...args)", list(args))

    def add_cookie(self, name: str, value: str) -> None:
        site = urlsplit(self.page.url)
        self.page.context.add_cookies(
            [{"name": name, "value": value, "url": f"{site.scheme}://{site.netloc}/"}]
        )


KEYS = {
    "ArrowLeft": Keys.ARROW_LEFT,
    "ArrowRight": Keys.ARROW_RIGHT,
    "ArrowUp": Keys.ARROW_UP,
    "ArrowDown": Keys.ARROW_DOWN,
    "Home": Keys.HOME,
    "End": Keys.END,
    "PageUp": Keys.PAGE_UP,
    "PageDown": Keys.PAGE_DOWN,
    "Enter": Keys.ENTER,
}


class WebKitPhone(Phone):
    """WebKitGTK's MiniBrowser through WebDriver; its pointer is a pen (docs/testing.md)."""

    engine = "webkit"

    def __init__(self, driver: webdriver.Remote, base_url: str) -> None:
        self.driver = driver
        self.base_url = base_url

    def goto(self, path: str) -> None:
        self.driver.get(self.base_url + path)
        self.wait_until(lambda: self.evaluate("document.readyState") == "complete")

    @property
    def url(self) -> str:
        return str(self.driver.current_url)

    def evaluate(self, expression: str) -> Any:
        return self.driver.execute_script(f"return {expression}")

    def call(self, function: str, *args: Any) -> Any:
        return self.driver.execute_script(f"return ({function})(...arguments)", *args)

    def wait_until[T](self, check: Callable[[], T], message: str = "") -> T:
        # An htmx swap can take away an element between finding it and reading it: ask again.
        return WebDriverWait(
            self.driver,
            TIMEOUT,
            poll_frequency=0.1,
            ignored_exceptions=(StaleElementReferenceException, NoSuchElementException),
        ).until(lambda _: check(), message)

    def find(self, selector: str) -> WebElement:
        found = self.wait_until(
            lambda: next(iter(self.driver.find_elements(By.CSS_SELECTOR, selector)), None),
            f"nothing matches {selector}",
        )
        assert found is not None
        return found

    def count(self, selector: str) -> int:
        return len(self.driver.find_elements(By.CSS_SELECTOR, selector))

    def text(self, selector: str = "body") -> str:
        return str(self.find(selector).text)

    def wait_for_text(self, text: str, selector: str = "body") -> None:
        self.wait_until(lambda: text in self.text(selector), f"{text!r} never showed in {selector}")

    def control(self, role: str, name: str) -> WebElement:
        """The visible link or button named ``name`` (any case), as a person finds it: its
        whole text, or else the text it starts with ("Add details (who was there…)")."""
        tags = {"link": "a", "button": "button"}[role]

        def visible() -> WebElement | None:
            named = [
                (element, element.text.strip().casefold())
                for element in self.driver.find_elements(By.TAG_NAME, tags)
            ]
            for match in (str.__eq__, str.startswith):
                for element, text in named:
                    if match(text, name.casefold()) and element.is_displayed():
                        return element
            return None

        found = self.wait_until(visible, f"no {role} named {name!r}")
        assert found is not None
        return found

    def wait_for(self, role: str, name: str) -> None:
        self.control(role, name)

    def tap(self, role: str, name: str) -> None:
        element = self.control(role, name)
        self.scroll_to(element)
        self._pointer().move_to(element).pointer_down().pointer_up()
        self._perform()

    def click(self, selector: str) -> None:
        """Click the first element matching ``selector``, brought to the middle of the screen
        first: at the bottom edge the tab bar fixed there would take the click."""
        element = self.find(selector)
        self.scroll_to(element)
        element.click()

    def fill(self, selector: str, value: str) -> None:
        element = self.find(selector)
        element.clear()
        element.send_keys(value)

    def scroll_to(self, element: WebElement) -> None:
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)

    def _box(self, selector: str) -> tuple[WebElement, dict[str, float]]:
        element = self.find(selector)
        self.scroll_to(element)
        box = self.driver.execute_script(
            "return arguments[0].getBoundingClientRect().toJSON()", element
        )
        return element, box

    def touch_slider(self, selector: str, fraction: float) -> None:
        element, box = self._box(selector)
        self._pointer().move_to(element, *self._offset(box, fraction)).pointer_down().pointer_up()
        self._perform()

    def drag_slider(self, selector: str, start: float, end: float) -> None:
        element, box = self._box(selector)
        pointer = self._pointer().move_to(element, *self._offset(box, start)).pointer_down()
        for step in range(1, 6):
            share = start + (end - start) * step / 5
            pointer = pointer.move_to(element, *self._offset(box, share))
        pointer.pointer_up()
        self._perform()

    def double_tap(self, selector: str) -> None:
        element = self.find(selector)
        self.scroll_to(element)
        pointer = self._pointer().move_to(element)
        pointer.pointer_down().pointer_up().pause(DOUBLE_TAP_GAP).pointer_down().pointer_up()
        self._perform()

    def press(self, selector: str, key: str) -> None:
        element = self.find(selector)
        self.scroll_to(element)
        element.send_keys(KEYS[key])

    def add_cookie(self, name: str, value: str) -> None:
        self.driver.add_cookie({"name": name, "value": value, "path": "/"})

    def _offset(self, box: dict[str, float], fraction: float) -> tuple[int, int]:
        # W3C actions move to an element by an offset from its centre, in whole pixels.
        return round(box["width"] * (fraction - 0.5)), 0

    def _pointer(self) -> Any:
        # WebKitGTK turns "touch" actions into mouse events, so the tests use a pen: the page
        # sees pointerType "pen", a pointer that is not a mouse, as close to a finger as it gets.
        self._actions = ActionBuilder(
            self.driver,
            mouse=PointerInput(interaction.POINTER_PEN, "pen"),  # type: ignore[no-untyped-call]
            duration=50,
        )
        return self._actions.pointer_action

    def _perform(self) -> None:
        self._actions.perform()
        self._actions.clear_actions()

    def reset(self) -> None:
        """Forget the person signed in, as a new visitor on the same phone."""
        self.goto("/")
        self.driver.delete_all_cookies()
