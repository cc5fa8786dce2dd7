"""Small factories for studies' tests."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from crylog.accounts.models import User
from crylog.studies import services
from crylog.studies.models import Participant, Study
from tests.conftest import make_user

CONSENT = "You agree that the study reads your ratings under a random code."


def make_researcher(email: str | None = None) -> User:
    user = make_user(email)
    services.researcher_grant(user=user)
    return User.objects.get(pk=user.pk)  # has_perm caches what it read


def make_study(researcher: User | None = None, **fields: Any) -> Study:
    today = timezone.localdate()
    fields.setdefault("title", "Tears and mood")
    fields.setdefault("run_by", "Mood Lab, University of Somewhere")
    fields.setdefault("contact", "lab@example.org")
    fields.setdefault("starts_on", today - timedelta(days=1))
    fields.setdefault("ends_on", today + timedelta(days=30))
    return services.study_create(
        researcher=researcher or make_researcher(), consent_text=CONSENT, **fields
    )


def join(study: Study, user: User | None = None, *, at: datetime | None = None) -> Participant:
    return services.study_join(
        study=study,
        user=user or make_user(),
        consent_number=study.consent.number,
        now=at or timezone.now(),
    )


def day(offset: int) -> date:
    return timezone.localdate() + timedelta(days=offset)
