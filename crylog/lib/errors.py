"""Error pages that render without the database, since the database may be what failed."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 handler: a database outage gets its own page and a 503 with Retry-After."""
    error = sys.exc_info()[1]
    # Lost or refused connections (and SQLite's busy timeout) pass; an IntegrityError is a bug.
    if isinstance(error, OperationalError | InterfaceError):
        page = loader.get_template("503.html").render({})
        response = HttpResponse(page, status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(loader.get_template("500.html").render({}), status=500)
