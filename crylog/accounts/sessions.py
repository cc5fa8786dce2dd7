"""The session engine (``SESSION_ENGINE``): Django's database sessions, each row naming its person.

Only the database, never a cache: every web process reads the same row, so a log-out (or
"Sign out everywhere else") ends the session in all of them at once.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

from crylog.accounts.models import Session


class SessionStore(DatabaseSessionStore):
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
