"""A real WebKit against a live crylog server: WebKitGTK's MiniBrowser, driven by WebKitWebDriver.

``make browser`` installs Debian's ``webkit2gtk-driver`` (WebKitWebDriver and MiniBrowser) and
``xvfb``. One X server (Xvfb, on a display it picks itself) serves the whole run; each test module
that asks for WebKit gets its own WebKitWebDriver on a free 127.0.0.1 port with its one session,
because WebKitWebDriver holds one session per process. Tests speak to it through ``WebKitPhone``
(tests/browser/phone.py). See docs/testing.md for what this engine shows and what only a real
iPhone can.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.remote.client_config import ClientConfig
from selenium.webdriver.remote.remote_connection import RemoteConnection

from tests.servers import LOCAL, free_port, wait_for_port

DRIVER = "/usr/bin/WebKitWebDriver"
MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"
# MiniBrowser's window is never narrower than its toolbar, 447 px with the default GTK theme. A
# GTK style sheet without the toolbar's padding, margins and minimum widths lets it shrink to 360
# px, the narrowest common phone (see docs/testing.md); pages are drawn by WebKit, not by GTK,
# so the style sheet changes nothing in them.
NARROW_WIDTH = 360
NARROW_WINDOW = (NARROW_WIDTH, 800)  # the page gets 360 × 780: the toolbar keeps 20 px
NARROW_TOOLBAR = "* { padding: 0; margin: 0; min-width: 0; }\n"


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
def webkit_session(
    display: str, *, narrow: bool = False, language: str | None = None
) -> Iterator[webdriver.Remote]:
    """One WebKitWebDriver on a free port and its one MiniBrowser session; ``narrow`` lays
    pages out ``NARROW_WIDTH`` CSS px wide; ``language`` ("de_DE") is the one it asks pages for.

    WebKitGTK asks for the language of the system's locale (``Accept-Language``,
    ``navigator.language``), and a machine may have none but C installed: the locale is made
    for this session alone, with glibc's ``localedef`` into the session's own folder
    (``LOCPATH``).
    """
    with tempfile.TemporaryDirectory(prefix="crylog-webkit-") as config:
        env = {**os.environ, "DISPLAY": display}
        if language:
            locale = f"{language}.UTF-8"
            subprocess.run(
                ["localedef", "-i", language, "-f", "UTF-8", str(Path(config) / locale)],
                check=True,
                capture_output=True,
            )
            env |= {"LOCPATH": config, "LANG": locale, "LC_ALL": locale}
            env.pop("LANGUAGE", None)
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
