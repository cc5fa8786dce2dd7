"""Keeping a cry's follow-ups in step with the cry.

``crylog.cries.services`` calls these inside its own transactions, so a follow-up and its
delivery task commit (or roll back) together with the cry: logging a cry schedules its
follow-ups, and a rating at a follow-up's moment answers it. This is the only module of
followups that cries imports, and nothing here sends anything.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from crylog.cries.models import Cry, Moment
from crylog.followups.models import (
    AFTER_20_DELAY,
    FOLLOWUP_MOMENTS,
    WINDOW_AFTER_DUE,
    FollowUp,
    ProtocolTiming,
)
from crylog.followups.tasks import enqueue_delivery

# A follow-up in one of these states may still move when the cry's end time changes: its
# reminder has not gone out.
MOVABLE = [FollowUp.State.SCHEDULED, FollowUp.State.EXPIRED, FollowUp.State.QUIET]


def due_times(cry: Cry) -> dict[Moment, datetime]:
    """When each follow-up of an ended cry is due: real elapsed time, whatever the clocks do.

    The arithmetic is done in UTC: adding minutes to a time in a zone with daylight saving
    adds wall-clock minutes, which is an hour off across a change.
    """
    assert cry.ended_at is not None
    ended_at = cry.ended_at.astimezone(UTC)
    delay, after_20 = timing_for(cry)
    due = {Moment.AFTER_90: ended_at + timedelta(minutes=delay)}
    if after_20:
        due[Moment.AFTER_20] = ended_at + AFTER_20_DELAY
    return due


def timing_for(cry: Cry) -> tuple[int, bool]:
    """The follow-up delay in minutes and whether to ask at 20 minutes, for an ended cry: a
    study's protocol while the person takes part (for the cries that end meanwhile), else
    their own settings."""
    assert cry.ended_at is not None
    timing = ProtocolTiming.objects.filter(user_id=cry.user_id).covering(cry.ended_at).first()
    if timing is not None:
        return timing.delay_minutes, timing.after_20
    return cry.user.followup_delay_minutes, cry.user.followup_after_20


# No savepoint: every caller runs this inside its own transaction and lets an error roll
# the whole of it back, so a savepoint would only cost two statements per call.
@transaction.atomic(savepoint=False)
def followups_schedule(*, cry: Cry, is_new: bool = False) -> list[FollowUp]:
    """Create the follow-ups of an ended cry, or move the unsent ones to a new end time.

    A follow-up whose answer window has already closed (a cry logged long afterwards) is
    created expired, so nobody gets a pointless reminder. ``is_new`` says the cry was
    created in this transaction, so it has no follow-ups yet to look for.
    """
    if cry.ended_at is None:
        return []
    now = timezone.now()
    existing = {} if is_new else {f.moment: f for f in FollowUp.objects.filter(cry=cry)}
    followups = []
    for moment, due_at in due_times(cry).items():
        expires_at = due_at + WINDOW_AFTER_DUE[moment]
        state = FollowUp.State.SCHEDULED if expires_at > now else FollowUp.State.EXPIRED
        followup = existing.get(moment)
        if followup is None:
            followup = FollowUp.objects.create(
                cry=cry,
                moment=moment,
                state=state,
                due_at=due_at,
                expires_at=expires_at,
                next_attempt_at=due_at,
                enqueued_at=now if state == FollowUp.State.SCHEDULED else None,
            )
        elif followup.state in MOVABLE and followup.due_at != due_at:
            moved = FollowUp.objects.filter(pk=followup.pk, state__in=MOVABLE).update(
                state=state,
                due_at=due_at,
                expires_at=expires_at,
                next_attempt_at=due_at,
                enqueued_at=now if state == FollowUp.State.SCHEDULED else None,
                # A calendar that imported the event replaces it only for a higher SEQUENCE.
                revision=F("revision") + 1,
                revised_at=now,
            )
            if not moved:  # a delivery finished meanwhile; leave it as it is
                continue
            followup.refresh_from_db()
        else:
            continue
        if followup.state == FollowUp.State.SCHEDULED:
            # The task that was queued for the old time finds nothing due and does nothing.
            enqueue_delivery(followup_id=followup.pk, run_after=due_at)
        followups.append(followup)
    return followups


def followups_answered(*, cry: Cry, moment: str, at: datetime) -> None:
    """A rating at a follow-up moment was given: that follow-up is answered.

    If its reminder had not gone out yet, it never will. An answer at 90 minutes also
    cancels a 20-minute reminder that has not gone out: asking that now makes no sense.
    """
    if moment not in FOLLOWUP_MOMENTS:
        return
    FollowUp.objects.filter(cry=cry, moment=moment).exclude(state=FollowUp.State.ANSWERED).update(
        state=FollowUp.State.ANSWERED, answered_at=at
    )
    if moment == Moment.AFTER_90:
        FollowUp.objects.filter(
            cry=cry, moment=Moment.AFTER_20, state=FollowUp.State.SCHEDULED
        ).update(state=FollowUp.State.CANCELLED)
