"""Writes about a person's sign-ins: ending their login sessions."""

from __future__ import annotations

from allauth.usersessions.models import UserSession
from django.db import transaction

from crylog.accounts.models import Session, User


def sessions_end_others(*, user: User, keep: str | None) -> int:
    """Sign the person out everywhere but the session ``keep``; how many sessions ended."""
    with transaction.atomic():
        UserSession.objects.filter(user=user).exclude(session_key=keep).delete()
        ended, _ = Session.objects.filter(user=user).exclude(session_key=keep).delete()
    return ended


def session_end(*, user: User, key: str) -> None:
    """Sign the person out of one session of theirs."""
    with transaction.atomic():
        UserSession.objects.filter(user=user, session_key=key).delete()
        Session.objects.filter(user=user, session_key=key).delete()
