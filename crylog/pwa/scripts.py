"""The URLs crylog's scripts use, given to them by the pages and by /sw.js: no script spells one.

A URL of one cry carries ``{id}`` where the cry's number goes (static/pwa/queue.js fills it in).
"""

from urllib.parse import urlencode

from django.urls import reverse

from crylog.pwa.catalogue import page_language

# A module service worker's script is fetched without cookies, so /sw.js cannot see who is
# signed in, nor the language they chose: the pages register it with both in its query
# instead (a new script URL, which the browser installs anew when a person signs in or out or
# changes their language). The language is the page's: the service worker keeps the app shell
# and the words of the scripts in it.
SIGNED_IN = "signed-in"
LANGUAGE = "lang"

_ID = 2_147_483_647  # any number: only its place in the URL matters, and "{id}" takes it


def _with_id(name: str) -> str:
    return reverse(name, kwargs={"pk": _ID}).replace(str(_ID), "{id}")


def service_worker_url(*, signed_in: bool, language: str) -> str:
    query = {SIGNED_IN: 1} if signed_in else {}
    return f"{reverse('pwa-service-worker')}?{urlencode({**query, LANGUAGE: language})}"


def script_urls(*, signed_in: bool = False) -> dict[str, str]:
    return {
        "home": reverse("cry-home"),
        "serviceWorker": service_worker_url(signed_in=signed_in, language=page_language()),
        "shell": reverse("pwa-offline"),
        "session": reverse("pwa-session"),
        "create": reverse("cry-create"),
        "cry": _with_id("cry-detail"),
        "before": _with_id("cry-rate-before"),
        "details": _with_id("cry-details"),
        "devices": reverse("push-subscribe"),
    }
