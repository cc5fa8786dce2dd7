"""Response headers about what a page may do and who may keep a copy of it."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


def permissions_policy(features: dict[str, list[str]]) -> str:
    """``{"camera": [], "publickey-credentials-get": ["self"]}`` → ``camera=(), publickey-credentials-get=(self)``."""
    return ", ".join(f"{name}=({' '.join(allowed)})" for name, allowed in features.items())


class PrivacyHeadersMiddleware:
    """``Permissions-Policy`` on every response, and no stored copies of a person's pages.

    Everything a logged-in person is answered shows their data (or could), so unless a view
    said how it may be cached (the service worker and the manifest do), the answer is
    ``Cache-Control: private, no-store``: no shared cache keeps it, and the browser keeps no
    copy on disk for the back button or for the next person at the same computer. So is a
    logged-out page with a form (password reset): its CSRF token belongs to one visitor's
    session (``CSRF_USE_SESSIONS``), and a copy shown to another would refuse their form.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = permissions_policy(settings.PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.policy)
        user = getattr(request, "user", None)
        personal = (user is not None and user.is_authenticated) or request.META.get(
            "CSRF_COOKIE_NEEDS_UPDATE"  # the page holds a CSRF token (django.middleware.csrf)
        )
        if personal and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response


def keep_to_yourself(response: HttpResponse, *, referrer: bool = False) -> HttpResponse:
    """A page meant for one reader: no search engine indexes it, no cache keeps it, and unless
    ``referrer``, no request from it tells the next site where it came from (its address holds a
    secret). A page with a form needs ``referrer``: with no referrer the browser sends its
    form with ``Origin: null``, which Django's CSRF check refuses."""
    response["X-Robots-Tag"] = "noindex"
    if not referrer:
        response["Referrer-Policy"] = "no-referrer"
    patch_cache_control(response, private=True, no_store=True)
    return response
