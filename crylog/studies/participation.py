"""Which of a person's studies their pages speak of: the one they are in now, else the last
one they were in (a person is in at most one running study at a time)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from crylog.accounts.models import User
from crylog.studies.models import Participant


def today_of(user: User) -> date:
    return timezone.now().astimezone(user.zone).date()


def participation_of(user: User) -> Participant | None:
    """The person's participation in a running study they have not left, else their latest."""
    today = today_of(user)
    participations = list(
        Participant.objects.filter(user=user)
        .select_related("study", "user")
        .prefetch_related("consents__version")
        .order_by("-joined_at", "-pk")
    )
    current = next(
        (p for p in participations if p.withdrawn_at is None and not p.study.has_ended(today)),
        None,
    )
    return current or next(iter(participations), None)


def asked_again(participant: Participant | None) -> bool:
    """Whether a participant still in their study has a new consent version to agree to."""
    return (
        participant is not None
        and participant.withdrawn_at is None
        and participant.agreed_version != participant.study.consent.number
    )
