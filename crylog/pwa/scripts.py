"""The URLs crylog's scripts use, given to them by the pages and by /sw.js: no script spells one.

A URL of one cry carries ``{id}`` where the cry's number goes (static/pwa/queue.js fills it in).
"""

from urllib.parse import urlencode

from django.urls import reverse

# A module service worker's script is fetched without cookies, so /sw.js cannot see who is
# signed in: the pages of someone signed in register it with this in its query instead (a new
# script URL, which the browser installs anew when a person signs in or out).
SIGNED_IN = "signed-in"

_ID = 2_147_483_647  # any number: only its place in the URL matters, and "{id}" takes it


def _with_id(name: str) -> str:
    return reverse(name, kwargs={"pk": _ID}).replace(str(_ID), "{id}")


def service_worker_url(*, signed_in: bool) -> str:
    url = reverse("pwa-service-worker")
    return f"{url}?{urlencode({SIGNED_IN: 1})}" if signed_in else url


def script_urls(*, signed_in: bool = False) -> dict[str, str]:
    return {
        "home": reverse("cry-home"),
        "serviceWorker": service_worker_url(signed_in=signed_in),
        "shell": reverse("pwa-offline"),
        "session": reverse("pwa-session"),
        "create": reverse("cry-create"),
        "cry": _with_id("cry-detail"),
        "before": _with_id("cry-rate-before"),
        "details": _with_id("cry-details"),
        "devices": reverse("push-subscribe"),
    }
