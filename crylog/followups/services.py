"""Writes for follow-ups and devices: answering, skipping, subscribing, a test notification."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from crylog.cries import services as cry_services
from crylog.cries.models import Cry, Moment, MoodRating
from crylog.followups import push, wording
from crylog.followups.deliver import record_attempts
from crylog.followups.models import (
    MAX_DEVICES,
    MAX_SNOOZES,
    NOT_WAITING,
    SNOOZE_FOR,
    DeliveryAttempt,
    FollowUp,
    PushSubscription,
)
from crylog.followups.tasks import enqueue_delivery

if TYPE_CHECKING:
    from crylog.accounts.models import User


@transaction.atomic
def followup_answer(
    *,
    followup: FollowUp,
    valence: int,
    relief: int | None = None,
    resolved: str = "",
    new_understanding: bool | None = None,
) -> MoodRating:
    """Record the rating a follow-up asked for, with when it came relative to the cry and reminder.

    Saving the rating marks the follow-up answered (crylog.cries.services.rating_save), so a
    reminder that has not gone out yet never will. The same answer given again (a double tap,
    a retry, the back button) changes nothing, not even when it was given: it returns the
    rating already there. A different answer replaces it, as the check-in page says.
    """
    # Copies of one answer wait here for each other, so a second finds the first.
    list(FollowUp.objects.select_for_update().filter(pk=followup.pk).values_list("pk"))
    previous = MoodRating.objects.filter(cry_id=followup.cry_id, moment=followup.moment).first()
    if not followup.is_after_90:  # asked at 90 minutes only
        relief, resolved, new_understanding = None, "", None
    if previous is not None and (previous.valence, previous.relief) == (valence, relief):
        cry = Cry.objects.get(pk=followup.cry_id)
        if resolved in ("", cry.resolved) and new_understanding in (None, cry.new_understanding):
            return previous
    now = timezone.now()
    rating = cry_services.rating_save(
        cry=followup.cry,
        moment=Moment(followup.moment),
        valence=valence,
        relief=relief,
        extra={"given_at": now, **followup.answer_facts(now)},
    )
    changes = {"resolved": resolved, "new_understanding": new_understanding}
    changes = {name: value for name, value in changes.items() if value not in ("", None)}
    if changes:
        cry_services.cry_update(cry=followup.cry, changes=changes)
    return rating


def followup_skip(*, followup: FollowUp) -> bool:
    """Not now, thanks: no reminder (if it has not gone out) and no banner. False if answered."""
    return bool(
        FollowUp.objects.filter(pk=followup.pk)
        .waiting_for_answer()
        .update(state=FollowUp.State.CANCELLED)
    )


@transaction.atomic
def followup_snooze(
    *, followup_id: int, user_id: int, snoozes: int | None = None
) -> FollowUp | None:
    """ "In 15 minutes": the follow-up is due again SNOOZE_FOR from now; None if refused.

    Refused once answered or skipped, before it came due, after MAX_SNOOZES, while a
    delivery holds it, when the new due time falls in the person's quiet hours, or when it
    would not fall inside the answer window (a reminder is never sent after it; a shorter
    snooze is not offered instead). With
    ``snoozes`` (what a notification's token was made for) only that one snooze is allowed.

    One conditional UPDATE, as the delivery's claim: two taps at once snooze once. The row
    goes back to ``scheduled`` with a fresh count of attempts, and a delivery task is queued
    for the new due time in the same transaction, so the worker (or the sweep, if that task
    is lost) sends the reminder once more through the usual delivery.
    """
    now = timezone.now()
    until = now + SNOOZE_FOR
    owned = FollowUp.objects.filter(pk=followup_id, cry__user_id=user_id)
    followup = owned.select_related("cry__user").first()
    if followup is None or followup.cry.user.in_quiet_hours(until):
        return None  # in quiet hours, the reminder would be held: "in 15 minutes" would not come
    # Conditions on the row's own columns only: a join would make Django update through a
    # subquery, which PostgreSQL does not re-check on the row a concurrent snooze just changed.
    rows = (
        FollowUp.objects.filter(
            pk=followup_id,
            due_at__lte=now,
            snoozes__lt=MAX_SNOOZES,
            expires_at__gt=until,
        )
        .waiting_for_answer()
        .unclaimed(now)
    )
    if snoozes is not None:
        rows = rows.filter(snoozes=snoozes)
    snoozed = rows.update(
        state=FollowUp.State.SCHEDULED,
        due_at=until,
        next_attempt_at=until,
        snoozed_until=until,
        snoozes=F("snoozes") + 1,
        revision=F("revision") + 1,  # the due time moved: a calendar event replaces its own
        revised_at=now,
        enqueued_at=now,
        claimed_at=None,
        claim_token="",
        attempts=0,
        last_error="",
    )
    if not snoozed:
        return None
    enqueue_delivery(followup_id=followup_id, run_after=until)
    return FollowUp.objects.select_related("cry").get(pk=followup_id)


def snooze_refusal(followup: FollowUp, now: datetime) -> str:
    """Why "In 15 minutes" is not possible for this follow-up now, in the person's words."""
    if followup.state in NOT_WAITING:
        return gettext("This check-in is already answered or skipped.")
    if followup.due_at > now:
        return gettext("This check-in is not due yet.")
    if followup.snoozes >= MAX_SNOOZES:
        return gettext("This check-in was put off twice already; it cannot wait any longer.")
    if now + SNOOZE_FOR >= followup.expires_at:
        return gettext("This check-in closes in less than 15 minutes; it cannot wait any longer.")
    if followup.cry.user.in_quiet_hours(now + SNOOZE_FOR):
        return gettext("Your quiet hours begin before then, so no reminder would come.")
    return gettext("This check-in cannot be put off right now.")


@transaction.atomic
def push_subscription_save(
    *, user: User, endpoint: str, p256dh: str, auth: str, user_agent: str = ""
) -> PushSubscription:
    """Remember a device. An endpoint seen before is updated, and moves to whoever is logged in."""
    subscription, _ = PushSubscription.objects.update_or_create(
        endpoint=endpoint,
        defaults={
            "user": user,
            "p256dh": p256dh,
            "auth": auth,
            "user_agent": user_agent[:300],
            "failures": 0,
            "last_error": "",
        },
    )
    beyond_limit = (
        user.push_subscriptions.exclude(pk=subscription.pk)
        .order_by(F("last_success_at").desc(nulls_last=True), "-created_at")
        .values_list("pk", flat=True)[MAX_DEVICES - 1 :]
    )
    PushSubscription.objects.filter(pk__in=list(beyond_limit)).delete()
    return subscription


def push_trial(*, user: User) -> list[DeliveryAttempt]:
    """Send a test notification to each of the person's devices, right now, and record it."""
    with wording.in_language_of(user):  # as the reminders it stands for will be
        payload = push.trial_payload(user)
    attempts = [
        push.send(subscription=device, payload=payload, topic="test", ttl=60)
        for device in user.push_subscriptions.all()
    ]
    with transaction.atomic():
        record_attempts(attempts)
    return attempts
