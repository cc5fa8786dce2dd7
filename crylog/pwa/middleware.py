from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

from crylog.pwa.catalogue import PREFIX


class ScriptCatalogueMiddleware:
    """Answer the catalogue of the scripts' words (crylog/pwa/catalogue.py) before the session
    is read, as whitenoise answers a static file.

    Its address holds all it depends on, so nobody's session, user or language is looked up
    for it: further down, the CSRF check reads the session (``CSRF_USE_SESSIONS``), and the
    time zone and language middleware read the user, a query each for someone signed in.
    Nor does it vary on ``Cookie`` or ``Accept-Language``, which the language middleware would
    add. It comes after the security and Content-Security-Policy middleware, whose headers it
    gets.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.prefix = "/" + PREFIX

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(self.prefix):
            try:
                match = resolve(request.path_info)
            except Resolver404:
                pass
            else:
                if match.url_name == "pwa-catalogue":
                    response: HttpResponse = match.func(request, *match.args, **match.kwargs)
                    return response
        return self.get_response(request)
