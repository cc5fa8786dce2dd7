"""The session engine (``SESSION_ENGINE``): Django's database sessions, each row naming its person;
and the session middleware that goes with it.

Only the database, never a cache: every web process reads the same row, so a log-out (or
"Sign out everywhere else") ends the session in all of them at once.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.http import HttpRequest, HttpResponse

from crylog.accounts.models import Session


class SessionStore(DatabaseSessionStore):
    went_stale = False

    @classmethod
    def get_model_class(cls) -> type[Session]:
        return Session

    def create_model_instance(self, data: dict[str, Any]) -> Session:
        session = super().create_model_instance(data)
        assert isinstance(session, Session)
        try:
            session.user_id = int(data[SESSION_KEY])
        except (KeyError, TypeError, ValueError):
            session.user_id = None
        return session

    def load(self) -> dict[str, Any]:
        key = self.session_key
        data = super().load()
        # The cookie named a session that is gone: ended by signing in again (which makes a
        # new one), by logging out elsewhere, or expired. See SessionMiddleware below.
        self.went_stale = key is not None and self.session_key is None
        return data


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's session middleware, except that a cookie naming a session that is gone is
    left alone rather than deleted.

    Signing in replaces the session (a new key; the old one ends). A request the same
    browser sent just before, with the old cookie, and answered just after (a service
    worker fetching the app shell, another tab, a page's own fetch) would otherwise answer
    with a deletion of the session cookie, and the browser would drop the new session with
    it: the person finds themselves signed out on the next page. A stale cookie left in
    place does nothing: it names no session, so it signs nobody in, and the next session
    saved replaces it. Logging out ends a session that was there when its request came, so
    its answer still deletes the cookie.

    And a session this request emptied is deleted, with its cookie: messages live in the
    session (``MESSAGE_STORAGE``), so logging out starts a new one holding only "You have
    signed out."; once that is read, nothing of the visitor is kept, not even an empty row.
    """

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and session.modified and session.session_key and not session.keys():
            session.flush()
        response = super().process_response(request, response)
        name = settings.SESSION_COOKIE_NAME
        if (
            getattr(session, "went_stale", False)
            and name in response.cookies
            and response.cookies[name]["max-age"] == 0
        ):
            del response.cookies[name]
        return response
