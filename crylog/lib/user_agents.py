"""A short human name for the device behind a browser's User-Agent header."""

import re

from django.utils.translation import gettext

_SYSTEMS = [
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("Mac OS X", "Mac"),
    ("Macintosh", "Mac"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
]
_BROWSERS = [
    ("EdgA?/", "Edge"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("Firefox/|FxiOS/", "Firefox"),
    ("CriOS/|Chrome/|Chromium/", "Chrome"),
    ("Safari/", "Safari"),
]


def describe_user_agent(user_agent: str) -> str:
    """A short human name for a device, e.g. "Chrome on Android"."""
    system = next((name for key, name in _SYSTEMS if key in user_agent), "")
    browser = next((name for key, name in _BROWSERS if re.search(key, user_agent)), "")
    if system and browser:
        return gettext("%(browser)s on %(system)s") % {"browser": browser, "system": system}
    return system or browser or gettext("Unknown browser")
