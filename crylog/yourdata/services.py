"""Writes about a whole account: bringing cries in from a file, and deleting everything."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from itertools import batched
from typing import Any

from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Min, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext

from crylog.accounts.models import User
from crylog.cries.models import OWN_TRIGGERS_MAX, Cry, MoodRating, OwnTrigger
from crylog.followups.models import DeliveryAttempt, FollowUp, PushSubscription
from crylog.followups.tasks import deliveries_forget
from crylog.yourdata.models import PendingImport
from crylog.yourdata.reading import CryRecord, Problem

BATCH_SIZE = 500


@dataclass(frozen=True)
class ImportReport:
    cries: int
    ratings: int
    skipped: int


def _same_cry(record: CryRecord) -> tuple[bool, datetime | None]:
    """What tells a cry from others: when it ended, or for a planned cry that has not ended,
    when its first rating was given (None when it has none)."""
    if record.ended_at is not None:
        return True, record.ended_at
    return False, min((rating.given_at for rating in record.ratings), default=None)


def import_plan(*, user: User, records: Sequence[CryRecord]) -> tuple[list[CryRecord], int]:
    """The cries to add, and how many are skipped as already there.

    A cry is already there when the person has one that ended at the same instant, or when an
    earlier cry in the same file did; a planned cry that has not ended, when its first rating
    was given at the same instant as that of such a cry of theirs (or in the file before it).
    """
    cries = Cry.objects.for_user(user)
    seen: set[tuple[bool, datetime | None]] = {
        (True, ended_at) for ended_at in cries.ended().values_list("ended_at", flat=True)
    }
    seen.update(
        (False, first)
        for first in cries.in_progress()
        .annotate(first=Min("ratings__given_at"))
        .values_list("first", flat=True)
    )
    new: list[CryRecord] = []
    for record in records:
        key = _same_cry(record)
        if key not in seen:
            seen.add(key)
            new.append(record)
    return new, len(records) - len(new)


def import_preview(*, user: User, records: Sequence[CryRecord]) -> ImportReport:
    new, skipped = import_plan(user=user, records=records)
    return ImportReport(
        cries=len(new), ratings=sum(len(record.ratings) for record in new), skipped=skipped
    )


class TooManyOwnTriggers(Exception):
    """An import that would take the person past OWN_TRIGGERS_MAX own triggers; nothing saved."""


def _own_triggers_by_name(user: User) -> dict[str, OwnTrigger]:
    return {trigger.name.casefold(): trigger for trigger in OwnTrigger.objects.for_user(user)}


def _own_triggers_missing(user: User, records: Sequence[CryRecord]) -> tuple[list[str], int]:
    """The own triggers the file names that the person does not have (in any case, retired
    ones too), each once as first written; and how many they have."""
    have = _own_triggers_by_name(user)
    missing: dict[str, str] = {}
    for record in records:
        for name in record.own_triggers:
            if name.casefold() not in have:
                missing.setdefault(name.casefold(), name)
    return list(missing.values()), len(have)


def import_problems(*, user: User, records: Sequence[CryRecord]) -> list[Problem]:
    """What the person's own account says against a file that was read without problems: own
    triggers it would add past OWN_TRIGGERS_MAX."""
    new, _skipped = import_plan(user=user, records=records)
    missing, have = _own_triggers_missing(user, new)
    if have + len(missing) <= OWN_TRIGGERS_MAX:
        return []
    message = gettext(
        "it would add %(count)s triggers of your own to the %(have)s you have, and crylog keeps "
        "at most %(most)s (retired ones count). Take some out of the file, or give them names "
        "you use already"
    ) % {"count": len(missing), "have": have, "most": OWN_TRIGGERS_MAX}
    return [Problem(0, "own_triggers", message)]


@transaction.atomic
def import_cries(*, user: User, records: Sequence[CryRecord]) -> ImportReport:
    """Add the cries of a file that was read without problems: all of them, or none.

    A cry's own triggers are found by name (in any case, retired ones too: they stay retired),
    and those the person does not have are added; TooManyOwnTriggers, with nothing saved,
    when that would be more than OWN_TRIGGERS_MAX.
    """
    new, skipped = import_plan(user=user, records=records)
    missing, have = _own_triggers_missing(user, new)
    if have + len(missing) > OWN_TRIGGERS_MAX:
        raise TooManyOwnTriggers
    OwnTrigger.objects.bulk_create([OwnTrigger(user=user, name=name) for name in missing])
    own = _own_triggers_by_name(user)
    ratings = 0
    # A batch at a time, so that only one batch of model objects is in memory at once.
    for batch in batched(new, BATCH_SIZE):
        cries = Cry.objects.bulk_create(
            [Cry(user=user, imported=True, **record.cry_fields()) for record in batch]
        )
        Cry.own_triggers.through.objects.bulk_create(
            [
                Cry.own_triggers.through(cry_id=cry.pk, owntrigger_id=own[name.casefold()].pk)
                for cry, record in zip(cries, batch, strict=True)
                for name in record.own_triggers
            ]
        )
        ratings += len(
            MoodRating.objects.bulk_create(
                [
                    MoodRating(cry=cry, **asdict(rating))
                    for cry, record in zip(cries, batch, strict=True)
                    for rating in record.ratings
                ]
            )
        )
    return ImportReport(cries=len(new), ratings=ratings, skipped=skipped)


def pending_import_create(
    *, user: User, file_name: str, content: str, now: datetime
) -> PendingImport:
    """Keep an upload until its owner confirms it; it replaces the person's earlier upload,
    and uploads nobody confirmed within the hour go too."""
    with transaction.atomic():
        PendingImport.objects.for_user(user).delete()
        PendingImport.objects.stale(now).delete()
        return PendingImport.objects.create(user=user, file_name=file_name[:200], content=content)


@transaction.atomic
def pending_import_confirm(
    *, pending: PendingImport, records: Sequence[CryRecord]
) -> ImportReport | None:
    """Import an upload and let it go; None when another request already did (two taps on Add:
    the row is locked, and whoever gets it second finds it gone)."""
    if not PendingImport.objects.select_for_update().filter(pk=pending.pk).exists():
        return None
    report = import_cries(user=pending.user, records=records)
    pending.delete()
    return report


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Erase the person and everything theirs, at once.

    Cries, their ratings, e-mail addresses, pending imports, sessions (signed in anywhere)
    and the list of where they are signed in hang off the user with ``on_delete=CASCADE``,
    so deleting the user row takes them along in this transaction. What does not hang off
    the user goes here: queued reminder deliveries, test notifications' delivery attempts
    (they name only the device, which the deletion would otherwise leave as an empty
    reference), and the admin's history of changes to the person and their things (it
    repeats the e-mail address and each object's name).
    """
    deliveries_forget(user=user)
    DeliveryAttempt.objects.filter(subscription__user=user).delete()
    _admin_history_forget(user)
    user.delete()


def _admin_history_forget(user: User) -> None:
    owned: list[QuerySet[Any]] = [
        User.objects.filter(pk=user.pk),
        Cry.objects.filter(user=user),
        MoodRating.objects.filter(cry__user=user),
        OwnTrigger.objects.filter(user=user),
        FollowUp.objects.filter(cry__user=user),
        PushSubscription.objects.filter(user=user),
        DeliveryAttempt.objects.filter(Q(followup__cry__user=user) | Q(subscription__user=user)),
        EmailAddress.objects.filter(user=user),
        UserSession.objects.filter(user=user),
    ]
    for objects in owned:
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(objects.model),
            object_id__in=objects.annotate(pk_text=Cast("pk", TextField())).values("pk_text"),
        ).delete()
