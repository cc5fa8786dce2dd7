"""crylog as an installable app: the service worker, the manifest, and the app shell the
service worker keeps on the phone so that crylog opens, and takes a check-in, with no signal."""

import hashlib
import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language, get_language_bidi, gettext, pgettext
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_safe

from crylog.cries.forms import BeforeForm, CheckInForm, CryDetailsForm
from crylog.pwa.catalogue import catalogue, offered
from crylog.pwa.scripts import LANGUAGE, SIGNED_IN, script_urls

LIGHT, DARK = "#f7f4fb", "#1b1726"  # the page backgrounds of static/css/app.css

# What the phone keeps: the files the app shell and the help page need, each ES module with
# every module it imports (tests/pwa/test_shell.py follows the imports). Nothing here is
# anyone's own data.
SHELL_FILES = [
    "css/app.css",
    "accounts/timezone.js",
    "cries/mood.js",
    "crylog/csrf.js",
    "crylog/forms.js",
    "crylog/i18n.js",
    "crylog/urls.js",
    "followups/subscription.js",
    "pwa/checkins.js",
    "pwa/offline.js",
    "pwa/queue.js",
    "pwa/register.js",
    "img/icon.svg",
    "img/icon-192.png",
    "img/apple-touch-icon.png",
]
# Kept as well for someone signed in, who has a trends page: plotly.js (321 KB) is then on
# the phone before the charts need it, and Chromium keeps the compiled code of a script a
# service worker keeps while installing, so on a later visit the charts start at once. A
# visitor of the sign-in or help page does not download it. Signing in or out changes the
# service worker's URL (crylog/pwa/scripts.py), which the browser then installs anew.
SIGNED_IN_FILES = ["vendor/plotly/plotly-basic.min.js"]


@require_GET
@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, from the site's root so that its scope is the whole app: an ES module
    that imports its parts from the static files (templates/pwa/sw.js).

    Who is signed in and their language come in its URL (crylog/pwa/scripts.py); it keeps the
    app shell and the catalogue of the scripts' words in that language, and carries that
    catalogue itself for its own words (a module service worker cannot load a classic script).
    """
    signed_in = request.GET.get(SIGNED_IN) == "1"
    language = request.GET.get(LANGUAGE, "")
    if not offered(language):
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        words = catalogue(language)
        files = [static(name) for name in [*SHELL_FILES, *(SIGNED_IN_FILES if signed_in else [])]]
        files.append(words.url)
        page = render_to_string("pwa/offline.html", _offline_context())
        # A new version whenever a kept file or the shell page changes: the old copies then go.
        version = hashlib.sha256("\n".join([*files, page]).encode()).hexdigest()[:12]
        shell = {
            "version": version,
            "language": language,
            "page": reverse("pwa-offline"),
            "help": reverse("pages-help"),
            "files": files,
        }
        response = render(
            request,
            "pwa/sw.js",
            {
                "shell": json.dumps(shell),
                "urls": json.dumps(script_urls(signed_in=signed_in)),
                "catalogue": words.script.decode(),
            },
            content_type="text/javascript; charset=utf-8",
        )
    response["Service-Worker-Allowed"] = "/"
    return response


def _offline_context() -> dict[str, object]:
    # The online details form, unbound: the same questions offline. Its end time is the tap,
    # which the queue sends with the details.
    details_form = CryDetailsForm(auto_id="details_%s")
    del details_form.fields["ended_at"]
    # A person's own triggers are theirs, and the shell is the same for everyone: they are
    # added online, on the cry's page.
    del details_form.fields["own_triggers"]
    del details_form.fields["own_trigger_new"]
    return {
        "form": CheckInForm(),
        "before_form": BeforeForm(auto_id="before_%s"),
        "details_form": details_form,
    }


@require_GET
@cache_control(no_cache=True)
def offline(request: HttpRequest) -> HttpResponse:
    """The app shell: what the service worker shows when a page cannot be reached.

    The same for everyone (no name, no cries, no CSRF token), so the phone may keep it; the
    person's own pages are never kept. static/pwa/offline.js fills it from the phone.
    """
    return render(request, "pwa/offline.html", _offline_context())


@require_GET
@never_cache
def session(request: HttpRequest) -> JsonResponse:
    """Who is signed in, and a CSRF token: what the queue of check-ins kept on the phone needs
    before it sends them (from a page, or from the service worker's background sync).

    Nobody signed in: no token, since nothing is sent then, and a token would start a session.
    """
    if not request.user.is_authenticated:
        return JsonResponse({"user": None, "csrf": None})
    return JsonResponse({"user": request.user.pk, "csrf": get_token(request)})


@require_safe
def script_catalogue(request: HttpRequest, language: str, version: str) -> HttpResponse:
    """The words of crylog's scripts in one language (crylog/pwa/catalogue.py), a classic
    script that sets ``django.gettext`` and the rest (read by static/crylog/i18n.js).

    Answered before the session is read (crylog/pwa/middleware.py): it touches nothing of the
    person, and the same address always holds the same catalogue, kept for a year. An address
    whose version is not this one's (a page from before the catalogue changed) gets this one,
    not to be kept.
    """
    if not offered(language):
        # Plainly: a script's address, and the site's 404 page needs the session (its CSRF token).
        return HttpResponseNotFound(content_type="text/plain; charset=utf-8")
    made = catalogue(language)
    response = HttpResponse(made.script, content_type="text/javascript; charset=utf-8")
    response["Content-Length"] = str(len(made.script))  # CommonMiddleware, which would, comes later
    if version == made.version:
        patch_cache_control(response, public=True, max_age=365 * 24 * 60 * 60, immutable=True)
    else:
        patch_cache_control(response, no_cache=True)
    return response


@require_GET
@cache_control(max_age=86400)
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest: what "Add to Home Screen" and installing the app use."""
    icon = {"type": "image/png", "purpose": "any"}
    return JsonResponse(
        {
            "id": "/",
            "name": "crylog",
            "short_name": "crylog",
            "description": gettext(
                "Log a cry, rate your mood, and see how you feel 90 minutes later."
            ),
            "lang": get_language(),
            "dir": "rtl" if get_language_bidi() else "ltr",
            "start_url": "/",
            "scope": "/",
            "display": "standalone",
            "background_color": LIGHT,
            "theme_color": LIGHT,
            "user_preferences": {
                "color_scheme_dark": {"background_color": DARK, "theme_color": DARK}
            },
            "icons": [
                {**icon, "src": static("img/icon-192.png"), "sizes": "192x192"},
                {**icon, "src": static("img/icon-512.png"), "sizes": "512x512"},
                {
                    **icon,
                    "src": static("img/icon-maskable-512.png"),
                    "sizes": "512x512",
                    "purpose": "maskable",
                },
                {"src": static("img/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
            ],
            "shortcuts": _shortcuts(),
        },
        content_type="application/manifest+json",
    )


def _shortcuts() -> list[dict[str, object]]:
    """What a long press on the installed app's icon offers (Android Chrome, desktop Chromium):
    the check-in right after crying, and the check-in a reminder asks for (home when none is
    waiting). In the language of the manifest, as its description."""

    def icons(name: str) -> list[dict[str, str]]:
        return [
            {
                "src": static(f"img/shortcut-{name}-{size}.png"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
            }
            for size in (96, 192)
        ]

    return [
        {
            "name": gettext("I just cried"),
            "short_name": pgettext("app shortcut, short", "Log a cry"),
            "url": reverse("cry-new"),
            "icons": icons("cry"),
        },
        {
            "name": pgettext("app shortcut", "Check in"),
            "short_name": pgettext("app shortcut, short", "Check in"),
            "url": reverse("followup-due"),
            "icons": icons("checkin"),
        },
    ]
