"""Writes that touch more than one row: a cry together with its ratings and follow-ups."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils import timezone

from crylog.cries.models import Cry, Moment, MoodRating
from crylog.followups.scheduling import followups_answered, followups_schedule

if TYPE_CHECKING:
    from crylog.accounts.models import User


def cry_create(
    *,
    user: User,
    valence: int,
    arousal: int | None = None,
    ended_at: datetime | None = None,
    client_id: UUID | None = None,
) -> Cry:
    """Log a cry that just ended, with the mood right after it.

    ``client_id`` is the id a phone made for a check-in it kept while offline: the same
    check-in sent again (a replay, a double tap, a retry after a timeout) returns the cry it
    made the first time. Its rating was given at the tap, which is its end time.
    """
    if client_id is None:
        return _cry_create(user=user, valence=valence, arousal=arousal, ended_at=ended_at)
    mine = Cry.objects.for_user(user).filter(client_id=client_id)
    existing = mine.first()
    if existing is not None:
        return existing
    try:
        return _cry_create(
            user=user, valence=valence, arousal=arousal, ended_at=ended_at, client_id=client_id
        )
    except IntegrityError:
        # Sent twice at once: the other request made it while this one was on its way.
        return mine.get()


@transaction.atomic
def _cry_create(
    *,
    user: User,
    valence: int,
    arousal: int | None,
    ended_at: datetime | None,
    client_id: UUID | None = None,
) -> Cry:
    now = timezone.now()
    ended_at = ended_at or now
    given_at = min(ended_at, now) if client_id else now
    cry = Cry.objects.create(user=user, ended_at=ended_at, client_id=client_id)
    MoodRating.objects.create(
        cry=cry, moment=Moment.RIGHT_AFTER, valence=valence, arousal=arousal, given_at=given_at
    )
    followups_schedule(cry=cry, is_new=True)
    return cry


@transaction.atomic
def cry_plan(*, user: User, valence: int, arousal: int | None = None) -> Cry:
    """Start a planned cry (a sad film ahead): the before rating is real, not recalled."""
    cry = Cry.objects.create(user=user, planned=True, ended_at=None)
    MoodRating.objects.create(
        cry=cry,
        moment=Moment.BEFORE,
        valence=valence,
        arousal=arousal,
        given_at=timezone.now(),
        is_recalled=False,
    )
    return cry


@transaction.atomic
def cry_end(*, cry: Cry, valence: int, arousal: int | None = None) -> Cry:
    """A planned cry is over: it ends now and gets its right-after rating."""
    now = timezone.now()
    cry.ended_at = now
    cry.save(update_fields=["ended_at", "updated_at"])
    MoodRating.objects.update_or_create(
        cry=cry,
        moment=Moment.RIGHT_AFTER,
        defaults={"valence": valence, "arousal": arousal, "given_at": now},
    )
    followups_schedule(cry=cry)
    return cry


@transaction.atomic
def rating_save(
    *,
    cry: Cry,
    moment: Moment,
    valence: int,
    arousal: int | None = None,
    relief: int | None = None,
    is_recalled: bool = False,
    extra: dict[str, Any] | None = None,
) -> MoodRating:
    """Give (or change) the rating at one moment of a cry."""
    rating, _ = MoodRating.objects.update_or_create(
        cry=cry,
        moment=moment,
        defaults={
            "valence": valence,
            "arousal": arousal,
            "relief": relief,
            "is_recalled": is_recalled,
            "given_at": timezone.now(),
            **(extra or {}),
        },
    )
    followups_answered(cry=cry, moment=moment, at=rating.given_at)
    return rating


@transaction.atomic
def cry_update(*, cry: Cry, changes: dict[str, Any]) -> Cry:
    """Change a cry's details; ``changes`` holds validated field values."""
    for name, value in changes.items():
        setattr(cry, name, value)
    cry.save()
    if "ended_at" in changes:
        followups_schedule(cry=cry)
    return cry


@transaction.atomic
def cry_delete(*, cry: Cry) -> None:
    # Its follow-ups go with it; a delivery task still queued finds nothing and does nothing.
    cry.delete()
