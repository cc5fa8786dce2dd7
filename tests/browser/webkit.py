"""A real WebKit against a live crylog server: WebKitGTK's MiniBrowser, driven by WebKitWebDriver.

``make browser`` installs Debian's ``webkit2gtk-driver`` (WebKitWebDriver and MiniBrowser) and
``xvfb``. One X server (Xvfb, on a display it picks itself) serves the whole run; each test module
that asks for WebKit gets its own WebKitWebDriver on a free 127.0.0.1 port with its one session,
because WebKitWebDriver holds one session per process. See docs/testing.md for what this engine
shows and what only a real iPhone can.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.common.exceptions import (
    NoSuchElementException,
    StaleElementReferenceException,
    WebDriverException,
)
from selenium.webdriver.common.actions import interaction
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.actions.pointer_input import PointerInput
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.remote.client_config import ClientConfig
from selenium.webdriver.remote.remote_connection import RemoteConnection
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.wait import WebDriverWait

from tests.servers import LOCAL, free_port, wait_for_port

DRIVER = "/usr/bin/WebKitWebDriver"
MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"
# Long enough for a loaded 2-core machine; a wait ends as soon as its condition holds.
TIMEOUT = 20
# MiniBrowser's window is never narrower than its toolbar, 447 px with the default GTK theme. A
# GTK style sheet without the toolbar's padding, margins and minimum widths lets it shrink to 360
# px, the narrowest common phone (see docs/testing.md); pages are drawn by WebKit, not by GTK,
# so the style sheet changes nothing in them.
NARROW_WIDTH = 360
NARROW_WINDOW = (NARROW_WIDTH, 800)  # the page gets 360 × 780: the toolbar keeps 20 px
NARROW_TOOLBAR = "* { padding: 0; margin: 0; min-width: 0; }\n"
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


def webkit_missing() -> str | None:
    """Why WebKit cannot run here, or None when it can."""
    for path in (DRIVER, MINIBROWSER):
        if not Path(path).exists():
            return f"{path} is missing: `make browser` installs webkit2gtk-driver"
    if not shutil.which("Xvfb"):
        return "Xvfb is missing: `make browser` installs xvfb"
    return None


@contextmanager
def xvfb() -> Iterator[str]:
    """A virtual X display; yields its name (":N"), chosen free by Xvfb itself."""
    read, write = os.pipe()
    process = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        with os.fdopen(read) as display:
            number = display.readline().strip()
        assert number, "Xvfb did not start"
        yield f":{number}"
    finally:
        process.terminate()
        process.wait(timeout=20)


@contextmanager
def webkit_session(display: str, *, narrow: bool = False) -> Iterator[webdriver.Remote]:
    """One WebKitWebDriver on a free port and its one MiniBrowser session; ``narrow`` lays
    pages out ``NARROW_WIDTH`` CSS px wide."""
    with tempfile.TemporaryDirectory(prefix="crylog-webkit-") as config:
        env = {**os.environ, "DISPLAY": display}
        if narrow:
            # GTK reads $XDG_CONFIG_HOME/gtk-3.0/gtk.css after its theme.
            (Path(config) / "gtk-3.0").mkdir()
            (Path(config) / "gtk-3.0" / "gtk.css").write_text(NARROW_TOOLBAR)
            env["XDG_CONFIG_HOME"] = config
        with _driver(env, NARROW_WINDOW if narrow else (390, 844)) as driver:
            yield driver


@contextmanager
def _driver(env: dict[str, str], window: tuple[int, int]) -> Iterator[webdriver.Remote]:
    port = free_port()
    process = subprocess.Popen(
        [DRIVER, f"--port={port}", f"--host={LOCAL}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        options = ArgOptions()
        options.set_capability("browserName", "MiniBrowser")
        options.set_capability(
            "webkitgtk:browserOptions",
            {"binary": MINIBROWSER, "args": ["--automation"]},
        )
        connection = RemoteConnection(client_config=ClientConfig(f"http://{LOCAL}:{port}"))
        driver = webdriver.Remote(command_executor=connection, options=options)
        try:
            driver.set_window_size(*window)
            yield driver
        finally:
            with suppress(WebDriverException):
                driver.quit()
    finally:
        process.terminate()
        process.wait(timeout=20)


class WebKitPage:
    """The few things a phone test does, in words close to Playwright's."""

    def __init__(self, driver: webdriver.Remote, base_url: str) -> None:
        self.driver = driver
        self.base_url = base_url

    def goto(self, path: str) -> None:
        self.driver.get(self.base_url + path)
        self.wait_until(lambda: self.evaluate("document.readyState") == "complete")

    def evaluate(self, script: str, *args: Any) -> Any:
        return self.driver.execute_script(f"return {script}", *args)

    def wait_until[T](self, check: Callable[[], T], message: str = "") -> T:
        # An htmx swap can take away an element between finding it and reading it: ask again.
        return WebDriverWait(
            self.driver,
            TIMEOUT,
            poll_frequency=0.1,
            ignored_exceptions=(StaleElementReferenceException, NoSuchElementException),
        ).until(lambda _: check(), message)

    def find(self, selector: str) -> WebElement:
        return self.wait_until(
            lambda: next(iter(self.driver.find_elements(By.CSS_SELECTOR, selector)), None),
            f"nothing matches {selector}",
        )

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

        return self.wait_until(visible, f"no {role} named {name!r}")

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
        return element, self.evaluate("arguments[0].getBoundingClientRect().toJSON()", element)

    def touch_slider(self, selector: str, fraction: float) -> None:
        """Touch a mood slider at this share of its width (see docs/testing.md: a pen)."""
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

    def press(self, selector: str, key: str) -> None:
        """Press one key (named as in Playwright: "ArrowRight", "Home"...) on this element."""
        element = self.find(selector)
        self.scroll_to(element)
        element.send_keys(KEYS[key])

    def _offset(self, box: dict[str, float], fraction: float) -> tuple[int, int]:
        # W3C actions move to an element by an offset from its centre, in whole pixels.
        return round(box["width"] * (fraction - 0.5)), 0

    def _pointer(self) -> Any:
        # WebKitGTK turns "touch" actions into mouse events, so the tests use a pen: the page
        # sees pointerType "pen", a pointer that is not a mouse, as close to a finger as it gets.
        self._actions = ActionBuilder(
            self.driver, mouse=PointerInput(interaction.POINTER_PEN, "pen"), duration=50
        )
        return self._actions.pointer_action

    def _perform(self) -> None:
        self._actions.perform()
        self._actions.clear_actions()

    def sign_in(self, email: str, password: str) -> None:
        self.goto("/accounts/login/")
        self.fill("#id_login", email)
        self.fill("#id_password", password)
        self.tap("button", "Sign in")
        self.wait_until(lambda: "/accounts/login/" not in self.driver.current_url)

    def reset(self) -> None:
        """Forget the person signed in, as a new visitor on the same phone."""
        self.goto("/")
        self.driver.delete_all_cookies()
