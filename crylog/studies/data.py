"""What a study receives, read from its participants' own cries when it is asked for.

One rule decides it, for the researcher's pages, the export and the participant's own "what
the study receives" alike (docs/research.md):

- a participant's data is used only while the consent version they last agreed to is the
  study's current one, and not at all once they withdrew asking for it to be deleted;
- of their cries, those that ended while they were in the study (from joining, or the first
  day, to withdrawing, or the midnight after the last day, on their own clock), logged in
  crylog (not imported, not illustrative), and not kept out by them.
"""

from __future__ import annotations

from collections.abc import Iterable

from crylog.cries.models import Cry, CryQuerySet
from crylog.studies.models import Participant, Study, StudyCry
from crylog.studies.services import study_cry_for


def uses_data_of(participant: Participant, *, current_version: int) -> bool:
    """Whether the study may use what ``participant`` gave (see the module's rule)."""
    if participant.withdrawn_at is not None and not participant.data_kept:
        return False
    return participant.agreed_version == current_version


def cries_in_window(participant: Participant) -> CryQuerySet:
    """The participant's cries that ended while they were in the study, kept out or not."""
    start, end = participant.study.window(participant.user.zone)
    start = max(start, participant.joined_at)
    if participant.withdrawn_at is not None:
        end = min(end, participant.withdrawn_at)
    return (
        Cry.objects.for_user(participant.user)
        .logged_here()
        .ended()
        .ended_between(start, end)
        .order_by("ended_at", "pk")
    )


def study_cries(participant: Participant) -> list[tuple[Cry, StudyCry]]:
    """Each cry in the study's window with the study's record of it (its code, whether it is
    kept out), oldest first; records are made for cries that have none yet."""
    cries = list(cries_in_window(participant).prefetch_related("ratings"))
    known = {
        sc.cry_id: sc for sc in StudyCry.objects.filter(participant=participant, cry__in=cries)
    }
    return [
        (cry, known.get(cry.pk) or study_cry_for(participant=participant, cry=cry)) for cry in cries
    ]


def received(participant: Participant) -> list[tuple[Cry, StudyCry]]:
    """What the study receives of one participant: nothing unless it may use their data,
    else their cries in its window that they did not keep out."""
    if not uses_data_of(participant, current_version=participant.study.consent.number):
        return []
    return [(cry, sc) for cry, sc in study_cries(participant) if not sc.excluded]


def participants_used(study: Study) -> Iterable[Participant]:
    """The participants whose data the study may use, in the order they joined."""
    current = study.consent.number
    participants = study.participants.select_related("user", "study").prefetch_related(
        "consents__version"
    )
    return [p for p in participants if uses_data_of(p, current_version=current)]
