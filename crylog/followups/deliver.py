"""Delivering follow-ups: claim, send on every channel, record, retry with backoff; the sweep.

Guarantees (docs/followups.md explains them in full):

* A follow-up is sent by one delivery at a time: a delivery goes on only if its conditional
  UPDATE claimed the row, and a claim holds for FOLLOWUP_CLAIM_LEASE_SECONDS.
* Answered, cancelled, sent and stale follow-ups are never claimed, so never sent.
* Nothing is lost when a worker dies: the sweep finds due, unsent, unclaimed follow-ups whose
  task should long have run and enqueues them again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import get_random_string

from crylog.followups import mail, push
from crylog.followups.models import ERROR_MAX_LENGTH, DeliveryAttempt, FollowUp, PushSubscription
from crylog.followups.scheduling import enqueue_delivery

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(minutes=15)
SWEEP_BATCH = 1000


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the n-th failed attempt: doubling from FOLLOWUP_RETRY_SECONDS."""
    seconds = settings.FOLLOWUP_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return min(timedelta(seconds=seconds), MAX_BACKOFF)


def claim(*, followup_id: int, now: datetime) -> str | None:
    """Take a deliverable follow-up for this delivery; None if it is not deliverable or taken."""
    token = get_random_string(32)
    claimed = (
        FollowUp.objects.deliverable(now)
        .filter(pk=followup_id)
        .update(claimed_at=now, claim_token=token, attempts=F("attempts") + 1)
    )
    return token if claimed == 1 else None


def deliver(*, followup_id: int) -> str:
    """Deliver one follow-up if it is due; say what happened in a word or two."""
    now = timezone.now()
    token = claim(followup_id=followup_id, now=now)
    if token is None:
        if (
            FollowUp.objects.stale(now)
            .filter(pk=followup_id)
            .update(state=FollowUp.State.EXPIRED, claimed_at=None, claim_token="")
        ):
            return "expired"
        # Answered, cancelled, already sent, moved later, deleted, or held by a live delivery.
        return "nothing to do"
    try:
        followup = FollowUp.objects.select_related("cry__user").get(pk=followup_id)
    except FollowUp.DoesNotExist:
        return "deleted"
    attempts = send_everywhere(followup)
    return finish(followup=followup, token=token, attempts=attempts)


def send_everywhere(followup: FollowUp) -> list[DeliveryAttempt]:
    """Try every way the person can be reached; returns the unsaved attempts."""
    user = followup.cry.user
    attempts = []
    if push.is_configured():
        payload = push.followup_payload(followup)
        ttl = push.followup_ttl(followup)
        for subscription in user.push_subscriptions.all():
            attempts.append(
                push.send(subscription=subscription, payload=payload, topic=followup.topic, ttl=ttl)
            )
    if user.followup_email:
        attempts.append(mail.send(followup=followup))
    return attempts


def finish(*, followup: FollowUp, token: str, attempts: list[DeliveryAttempt]) -> str:
    """Record the attempts and settle the follow-up, if this delivery still holds its claim.

    Reaching the person once is enough: it is sent. With no way to reach them it is sent too,
    as the home page's banner is then its reminder. Otherwise a temporary failure is tried
    again later, up to FOLLOWUP_MAX_ATTEMPTS and never past the answer window; anything else
    failed.
    """
    now = timezone.now()
    outcomes = {attempt.outcome for attempt in attempts}
    errors = "; ".join(a.error for a in attempts if a.error)[:ERROR_MAX_LENGTH]
    retry_at = now + retry_delay(followup.attempts)
    if DeliveryAttempt.Outcome.SENT in outcomes or not attempts:
        result = "sent"
        changes: dict[str, object] = {"state": FollowUp.State.SENT, "sent_at": now}
    elif (
        DeliveryAttempt.Outcome.RETRY in outcomes
        and followup.attempts < settings.FOLLOWUP_MAX_ATTEMPTS
        and retry_at < followup.expires_at
    ):
        result = "retry"
        changes = {"next_attempt_at": retry_at, "enqueued_at": now}
    else:
        result = "failed"
        changes = {"state": FollowUp.State.FAILED}
    with transaction.atomic():
        finished = FollowUp.objects.filter(
            pk=followup.pk, claim_token=token, state=FollowUp.State.SCHEDULED
        ).update(claimed_at=None, claim_token="", last_error=errors, **changes)
        if not finished:
            # Answered while we sent, or the lease ran out and another delivery took over;
            # or the cry was deleted, taking its follow-up (and so our attempts) with it.
            if not FollowUp.objects.select_for_update().filter(pk=followup.pk).values("pk"):
                return "deleted"
            record_attempts(followup=followup, attempts=attempts)
            log.warning("follow-up %s: the claim was lost while sending", followup.pk)
            return "claim lost"
        # The UPDATE locked the row, so the cry cannot be deleted under the attempts we add.
        record_attempts(followup=followup, attempts=attempts)
        if result == "retry":
            enqueue_delivery(followup_id=followup.pk, run_after=retry_at)
    if result != "sent":
        log.warning(
            "follow-up %s: %s after attempt %s: %s", followup.pk, result, followup.attempts, errors
        )
    return result


def record_attempts(*, followup: FollowUp | None, attempts: list[DeliveryAttempt]) -> None:
    """Save the attempts and what they teach about each device. Call inside a transaction."""
    for attempt in attempts:
        attempt.followup = followup
        if attempt.subscription_id is None:
            continue
        devices = PushSubscription.objects.filter(pk=attempt.subscription_id)
        if attempt.outcome == DeliveryAttempt.Outcome.GONE:
            devices.delete()
            still_there = 0
        elif attempt.outcome == DeliveryAttempt.Outcome.SENT:
            still_there = devices.update(
                last_success_at=attempt.attempted_at, failures=0, last_error=""
            )
        else:
            still_there = devices.update(
                last_failure_at=attempt.attempted_at,
                failures=F("failures") + 1,
                last_error=attempt.error,
            )
        if not still_there:  # removed by its owner while we were sending, or gone
            attempt.subscription = None
    # After the updates: they lock the devices, so none is deleted under the new rows.
    DeliveryAttempt.objects.bulk_create(attempts)


@dataclass(frozen=True)
class SweepReport:
    expired: int
    enqueued: int
    pruned: int


def sweep() -> SweepReport:
    """Expire what went stale unsent, enqueue again what was lost, drop old attempt records."""
    now = timezone.now()
    expired = FollowUp.objects.stale(now).update(
        state=FollowUp.State.EXPIRED, claimed_at=None, claim_token=""
    )
    enqueued = 0
    for pk in list(FollowUp.objects.lost(now).values_list("pk", flat=True)[:SWEEP_BATCH]):
        with transaction.atomic():
            # Conditional, so two sweeps running at once enqueue a follow-up only once.
            if FollowUp.objects.lost(now).filter(pk=pk).update(enqueued_at=now):
                enqueue_delivery(followup_id=pk, run_after=now)
                enqueued += 1
    keep_after = now - timedelta(days=settings.FOLLOWUP_ATTEMPTS_KEEP_DAYS)
    pruned, _ = DeliveryAttempt.objects.filter(attempted_at__lt=keep_after).delete()
    return SweepReport(expired=expired, enqueued=enqueued, pruned=pruned)
