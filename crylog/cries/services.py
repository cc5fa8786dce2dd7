"""Writes that touch more than one row: a cry together with its ratings and follow-ups."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from crylog.cries.models import Cry, Moment, MoodRating
from crylog.followups.scheduling import followups_answered, followups_schedule

if TYPE_CHECKING:
    from crylog.accounts.models import User


class TooManyCries(Exception):
    """A new cry held back by ``new_cry_limits``; nothing was saved. ``lifts_at``: when one
    more can be logged."""

    def __init__(self, lifts_at: datetime) -> None:
        super().__init__(f"no new cry before {lifts_at.isoformat()}")
        self.lifts_at = lifts_at


def cry_create(
    *,
    user: User,
    valence: int,
    arousal: int | None = None,
    ended_at: datetime | None = None,
    client_id: UUID | None = None,
    given_at: datetime | None = None,
) -> Cry:
    """Log a cry that just ended, with the mood right after it.

    ``client_id`` is the check-in's own id, made with its form (by the server when it showed
    the form, by the phone for one it kept offline): the same check-in sent again (a double
    tap, a retry after a timeout, the back button, a replay) returns the cry it made the
    first time, even once the person has reached the limit on new cries. ``given_at`` is
    when the mood was given, if not now: a check-in kept on a phone was given at the tap.

    Raises TooManyCries when the limit holds a new cry back.
    """

    def create() -> Cry:
        now = timezone.now()
        cry = Cry.objects.create(user=user, ended_at=ended_at or now, client_id=client_id)
        MoodRating.objects.create(
            cry=cry,
            moment=Moment.RIGHT_AFTER,
            valence=valence,
            arousal=arousal,
            given_at=min(given_at, now) if given_at else now,
        )
        followups_schedule(cry=cry, is_new=True)
        return cry

    return _made_once(user=user, client_id=client_id, create=create)


def cry_plan(
    *, user: User, valence: int, arousal: int | None = None, client_id: UUID | None = None
) -> Cry:
    """Start a planned cry (a sad film ahead): the before rating is real, not recalled.

    ``client_id`` and the limit on new cries work as for ``cry_create``.
    """

    def create() -> Cry:
        cry = Cry.objects.create(user=user, planned=True, ended_at=None, client_id=client_id)
        MoodRating.objects.create(
            cry=cry,
            moment=Moment.BEFORE,
            valence=valence,
            arousal=arousal,
            given_at=timezone.now(),
            is_recalled=False,
        )
        return cry

    return _made_once(user=user, client_id=client_id, create=create)


def _made_once(*, user: User, client_id: UUID | None, create: Callable[[], Cry]) -> Cry:
    """The cry ``client_id`` made already, or a new one from ``create`` within the limit."""
    if client_id is None:
        return _within_limit(user=user, client_id=None, create=create)
    mine = Cry.objects.for_user(user).filter(client_id=client_id)
    existing = mine.first()
    if existing is not None:
        return existing
    try:
        return _within_limit(user=user, client_id=client_id, create=create)
    except IntegrityError:
        # Sent twice at once past the person's lock (a database without row locks): the
        # other copy made it while this one was on its way.
        return mine.get()


@transaction.atomic
def _within_limit(*, user: User, client_id: UUID | None, create: Callable[[], Cry]) -> Cry:
    # One new cry of a person at a time, so that copies of one check-in and the count below
    # wait for each other: SQLite's IMMEDIATE transactions already queue every write; on
    # PostgreSQL the person's row is the lock (READ COMMITTED: the statements after it see
    # what the copy before committed).
    list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk"))
    mine = Cry.objects.for_user(user)
    if client_id is not None:
        existing = mine.filter(client_id=client_id).first()
        if existing is not None:
            return existing
    lifts_at = mine.limit_lifts_at(timezone.now())
    if lifts_at is not None:
        raise TooManyCries(lifts_at)
    return create()


@transaction.atomic
def cry_end(*, cry: Cry, valence: int, arousal: int | None = None) -> bool:
    """A planned cry is over: it ends now and gets its right-after rating.

    False, changing nothing, if it had already ended (a second tap, another tab): one
    conditional UPDATE, so two copies at once end it once.
    """
    now = timezone.now()
    if not Cry.objects.filter(pk=cry.pk, ended_at=None).update(ended_at=now, updated_at=now):
        return False
    cry.ended_at = now
    MoodRating.objects.update_or_create(
        cry=cry,
        moment=Moment.RIGHT_AFTER,
        defaults={"valence": valence, "arousal": arousal, "given_at": now},
    )
    followups_schedule(cry=cry)
    return True


def before_rate(*, cry: Cry, valence: int) -> tuple[MoodRating, bool]:
    """How the person felt before the cry, remembered afterwards. A cry has one before
    rating: True with the one saved now, False with the one it had already (a repeat, or a
    form left open elsewhere), unchanged."""
    return MoodRating.objects.get_or_create(
        cry=cry,
        moment=Moment.BEFORE,
        defaults={"valence": valence, "is_recalled": True, "given_at": timezone.now()},
    )


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
def rating_correct(
    *, rating: MoodRating, valence: int, relief: int | None = None
) -> MoodRating | None:
    """A rating corrected by its person: its value (and at 90 minutes whether crying helped)
    is replaced in place, and ``corrected_at`` says when.

    Everything about when it was given stays as it was (its moment, ``given_at``, the minutes
    since the cry and the reminder, ``is_late``, ``is_recalled``): the dashboard reads its
    timing from them. The same correction sent again (a double tap) finds the rating already
    holding it and writes nothing. The rating as it is now, or None if it was deleted meanwhile.
    """
    current = MoodRating.objects.select_for_update().filter(pk=rating.pk).first()
    if current is None:
        return None
    changes: dict[str, Any] = {"valence": valence}
    if current.moment == Moment.AFTER_90:  # asked at 90 minutes only
        changes["relief"] = relief
    if all(getattr(current, name) == value for name, value in changes.items()):
        return current
    changes["corrected_at"] = timezone.now()
    MoodRating.objects.filter(pk=current.pk).update(**changes)
    for name, value in changes.items():
        setattr(current, name, value)
    return current


def rating_delete(*, rating: MoodRating) -> bool:
    """One rating of a cry deleted, the cry and its other ratings kept; False if it was gone
    already (a second tap). A follow-up it answered stays answered: deleting the answer does
    not ask the question again."""
    deleted, _ = MoodRating.objects.filter(pk=rating.pk).delete()
    return bool(deleted)


@transaction.atomic
def cry_update(*, cry: Cry, changes: dict[str, Any]) -> Cry:
    """Change a cry's details; ``changes`` holds validated field values. No changes (the same
    form sent again) write nothing."""
    if not changes:
        return cry
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
