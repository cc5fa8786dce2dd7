"""Enrolment and adherence per participant code, for the researcher's study page.

The arithmetic is plain functions over plain rows (``CryRow``, ``ParticipantRow``), tested
without the database; ``study_adherence`` is the one query, and it reads what a study
receives by the rule of ``crylog.studies.data``: nothing of a participant whose data is not
used (waiting to agree to a new consent version, or withdrawn asking for deletion), and only
the cries in the study's window they did not keep out. Never an e-mail address, never a note.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Exists, OuterRef

from crylog.cries.models import Moment, MoodRating
from crylog.studies.data import cries_in_window, uses_data_of
from crylog.studies.models import Study, StudyCry

FOLLOW_UPS = (Moment.AFTER_20, Moment.AFTER_90)


class Status(StrEnum):
    TAKING_PART = "taking_part"
    WAITING = "waiting"  # for the current consent version
    WITHDREW_DELETED = "withdrew_deleted"
    WITHDREW_KEPT = "withdrew_kept"
    # Withdrew keeping their data, but under a consent version since replaced, which they can
    # no longer agree to: by the rule of data.py nothing of theirs is used.
    WITHDREW_KEPT_UNUSED = "withdrew_kept_unused"


@dataclass(frozen=True)
class CryRow:
    """One cry the study receives: which follow-ups were answered, and which of them late."""

    answered_90: bool
    late_answers: int


@dataclass(frozen=True)
class ParticipantRow:
    code: str
    withdrawn: bool
    data_kept: bool | None
    agreed_version: int | None
    uses_data: bool
    cries: Sequence[CryRow]


@dataclass(frozen=True)
class Adherence:
    """One line of the participants table. Counts are None where nothing of theirs is used."""

    code: str
    status: Status
    waiting_for: int | None  # the consent version they are asked to agree to
    cries: int | None
    answered_90: int | None
    completion_percent: int | None  # whole percent, halves up; None without cries
    late: int | None


def whole_percent(part: int, whole: int) -> int | None:
    """``part`` of ``whole`` in whole percent, halves up (1 of 8 is 13); None of nothing."""
    if whole <= 0:
        return None
    # In integers, so that no float error decides on which side a half falls.
    return (200 * part + whole) // (2 * whole)


def status_of(row: ParticipantRow, *, current_version: int) -> Status:
    if row.withdrawn:
        if not row.data_kept:
            return Status.WITHDREW_DELETED
        return Status.WITHDREW_KEPT if row.uses_data else Status.WITHDREW_KEPT_UNUSED
    if row.agreed_version != current_version:
        return Status.WAITING
    return Status.TAKING_PART


def adherence_of(row: ParticipantRow, *, current_version: int) -> Adherence:
    status = status_of(row, current_version=current_version)
    if status is Status.WITHDREW_DELETED:  # the code and that they left: nothing else
        return Adherence(row.code, status, None, None, None, None, None)
    waiting_for = current_version if status is Status.WAITING else None
    if not row.uses_data:
        return Adherence(row.code, status, waiting_for, None, None, None, None)
    cries = len(row.cries)
    answered = sum(cry.answered_90 for cry in row.cries)
    late = sum(cry.late_answers for cry in row.cries)
    return Adherence(
        row.code,
        status,
        waiting_for,
        cries,
        answered,
        whole_percent(answered, cries),
        late,
    )


@dataclass(frozen=True)
class Totals:
    joined: int
    taking_part: int
    waiting: int
    withdrew: int
    cries: int
    answered_90: int
    completion_percent: int | None


def totals(lines: Iterable[Adherence]) -> Totals:
    lines = list(lines)
    cries = sum(line.cries or 0 for line in lines)
    answered = sum(line.answered_90 or 0 for line in lines)
    return Totals(
        joined=len(lines),
        taking_part=sum(line.status is Status.TAKING_PART for line in lines),
        waiting=sum(line.status is Status.WAITING for line in lines),
        withdrew=sum(
            line.status
            in (Status.WITHDREW_DELETED, Status.WITHDREW_KEPT, Status.WITHDREW_KEPT_UNUSED)
            for line in lines
        ),
        cries=cries,
        answered_90=answered,
        completion_percent=whole_percent(answered, cries),
    )


# The query -------------------------------------------------------------------------------


def participant_rows(study: Study) -> list[ParticipantRow]:
    """Each participant of ``study`` in the order they joined, with the cries the study
    receives of them (none where their data is not used). Reads only: no cry code is made."""
    current = study.consent.number
    participants = study.participants.select_related("user", "study").prefetch_related(
        "consents__version"
    )
    rows = []
    for participant in participants:
        used = uses_data_of(participant, current_version=current)
        cries: list[CryRow] = []
        if used:
            kept_out = StudyCry.objects.filter(
                participant=participant, cry=OuterRef("pk"), excluded=True
            )
            cry_ids = list(
                cries_in_window(participant)
                .alias(kept_out=Exists(kept_out))
                .filter(kept_out=False)
                .values_list("pk", flat=True)
            )
            answers: dict[int, list[tuple[str, bool]]] = {pk: [] for pk in cry_ids}
            for cry_id, moment, late in MoodRating.objects.filter(
                cry_id__in=cry_ids, moment__in=FOLLOW_UPS
            ).values_list("cry_id", "moment", "is_late"):
                answers[cry_id].append((moment, late))
            cries = [
                CryRow(
                    answered_90=any(moment == Moment.AFTER_90 for moment, _ in given),
                    late_answers=sum(late for _, late in given),
                )
                for given in answers.values()
            ]
        rows.append(
            ParticipantRow(
                code=participant.code,
                withdrawn=participant.withdrawn_at is not None,
                data_kept=participant.data_kept,
                agreed_version=participant.agreed_version,
                uses_data=used,
                cries=cries,
            )
        )
    return rows


def study_adherence(study: Study) -> list[Adherence]:
    current = study.consent.number
    return [adherence_of(row, current_version=current) for row in participant_rows(study)]
