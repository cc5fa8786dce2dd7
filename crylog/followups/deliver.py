"""Delivering follow-ups: claim, send on every channel, record, retry with backoff; the sweep.

Guarantees (docs/followups.md explains them in full):

* A follow-up is sent by one delivery at a time: a delivery goes on only if its conditional
  UPDATE claimed the row, and a claim holds for FOLLOWUP_CLAIM_LEASE_SECONDS. No send starts
  after half the lease, so a delivery settles or lets go of its claims before they run out.
* Answered, cancelled, sent and stale follow-ups are never claimed, so never sent; one that
  comes due in its person's quiet hours is claimed and settled as ``quiet``, unsent.
* Nothing is lost when a worker dies: the sweep finds due, unsent, unclaimed follow-ups whose
  task should long have run and enqueues them again.

A delivery task takes, with its own follow-up, others that are due (up to FOLLOWUP_BATCH_SIZE)
and sends to FOLLOWUP_SEND_THREADS devices at once: when many come due together, a worker
spends its time sending rather than on a task's bookkeeping for each, and one slow push
service does not hold up everyone behind it. The tasks of the follow-ups it settled are
dropped from the queue.
"""

from __future__ import annotations

import logging
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from itertools import islice
from typing import NamedTuple

from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.crypto import get_random_string

from crylog.followups import mail, push, wording
from crylog.followups.models import ERROR_MAX_LENGTH, DeliveryAttempt, FollowUp, PushSubscription
from crylog.followups.tasks import deliveries_drop, enqueue_delivery

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(minutes=15)
FINAL = {"sent", "failed"}  # results after which a follow-up is never delivered again
SWEEP_BATCH = 1000


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the n-th failed attempt: doubling from FOLLOWUP_RETRY_SECONDS."""
    seconds = settings.FOLLOWUP_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return min(timedelta(seconds=seconds), MAX_BACKOFF)


def _claimed(now: datetime, token: str) -> dict[str, object]:
    """What a claim writes on a follow-up's row."""
    return {"claimed_at": now, "claim_token": token, "attempts": F("attempts") + 1}


def claim(*, followup_id: int, now: datetime) -> str | None:
    """Take a deliverable follow-up for this delivery; None if it is not deliverable or taken."""
    token = get_random_string(32)
    claimed = (
        FollowUp.objects.deliverable(now).filter(pk=followup_id).update(**_claimed(now, token))
    )
    return token if claimed == 1 else None


def claim_others(*, followup_id: int, now: datetime, token: str, limit: int) -> list[int]:
    """Take up to ``limit`` other deliverable follow-ups, the longest due first.

    Rows another delivery is claiming at this moment are skipped, not waited for.
    """
    if limit <= 0:
        return []
    with transaction.atomic():
        others = list(
            FollowUp.objects.deliverable(now)
            .exclude(pk=followup_id)
            .order_by("next_attempt_at", "pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        if others:
            FollowUp.objects.deliverable(now).filter(pk__in=others).update(**_claimed(now, token))
    return others


def deliver(*, followup_id: int) -> str:
    """Deliver this follow-up if it is due, and others due with it; say what happened."""
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
    others = claim_others(
        followup_id=followup_id, now=now, token=token, limit=settings.FOLLOWUP_BATCH_SIZE - 1
    )
    batch = list(
        FollowUp.objects.filter(pk__in=[followup_id, *others], claim_token=token)
        .select_related("cry__user")
        .prefetch_related("cry__user__push_subscriptions")
    )
    batch.sort(key=lambda followup: followup.pk != followup_id)  # its own first
    results = hold_quiet(batch, now=now, token=token)
    batch = [followup for followup in batch if followup.pk not in results]
    if batch:
        results |= send_and_record(batch, token=token)
    own = results.pop(followup_id, "deleted")
    if not results:
        return own
    counts = ", ".join(f"{n} {result}" for result, n in sorted(Counter(results.values()).items()))
    return f"{own}; with it {len(results)} more: {counts}"


def hold_quiet(batch: list[FollowUp], *, now: datetime, token: str) -> dict[int, str]:
    """Settle, unsent, the follow-ups that came due in their person's quiet hours.

    Each is ``quiet``: no push and no e-mail, ever (by the end of the quiet hours its window
    has usually closed); the home page and the cry's page still offer the check-in. The
    claim's attempt is given back: nothing was tried.
    """
    quiet = [followup.pk for followup in batch if followup.cry.user.in_quiet_hours(now)]
    if not quiet:
        return {}
    with transaction.atomic():  # the rows still held, locked: an answer now waits its turn
        held = locked(
            FollowUp.objects.filter(claim_token=token, state=FollowUp.State.SCHEDULED), quiet
        )
        FollowUp.objects.filter(pk__in=held).update(
            state=FollowUp.State.QUIET, claimed_at=None, claim_token="", attempts=F("attempts") - 1
        )
    deliveries_drop(followup_ids=held)
    return {pk: "quiet" if pk in held else "claim lost" for pk in quiet}


def send_and_record(batch: list[FollowUp], *, token: str) -> dict[int, str]:
    """Send the batch's reminders, several at once, recording each as soon as it is done.

    No more than FOLLOWUP_SEND_THREADS reminders are ever out and not yet recorded: a worker
    that dies can have sent no more than that without knowing. No send starts after half the
    claims' lease; what is left then is let go, for the next delivery to take.
    """
    deadline = time.monotonic() + settings.FOLLOWUP_CLAIM_LEASE_SECONDS / 2
    if len(batch) == 1:  # the usual case when nothing else is due: no thread needed
        return finish(batch=batch, token=token, sent={batch[0].pk: send_settled(batch[0])})
    senders = _senders(settings.FOLLOWUP_SEND_THREADS)
    waiting = iter(batch)
    out: dict[Future[list[DeliveryAttempt]], FollowUp] = {}
    results: dict[int, str] = {}

    def send_more(count: int) -> None:
        if time.monotonic() < deadline:
            for followup in islice(waiting, count):
                out[senders.submit(send_settled, followup)] = followup

    send_more(settings.FOLLOWUP_SEND_THREADS)
    while out:
        done, _ = wait(out, return_when=FIRST_COMPLETED)
        sent = {out.pop(future).pk: future.result() for future in done}
        results |= finish(batch=batch, token=token, sent=sent)
        send_more(len(done))
    left = [followup.pk for followup in waiting]
    if left:
        release(left, token=token)
        results |= dict.fromkeys(left, "left for later")
    # Their queued tasks would find nothing to do. (A retry keeps the task for its next try.)
    deliveries_drop(followup_ids=[pk for pk, result in results.items() if result in FINAL])
    return results


def release(pks: list[int], *, token: str) -> None:
    """Let go of claimed follow-ups that were not tried, as if they had never been claimed."""
    FollowUp.objects.filter(pk__in=pks, claim_token=token).update(
        claimed_at=None, claim_token="", attempts=F("attempts") - 1
    )


@cache
def _senders(threads: int) -> ThreadPoolExecutor:
    """Threads that live as long as the worker, each keeping its connections to push services."""
    return ThreadPoolExecutor(max_workers=threads, thread_name_prefix="followup-send")


def send_everywhere(followup: FollowUp) -> list[DeliveryAttempt]:
    """Try every way the person can be reached; returns the unsaved attempts.

    Reads nothing from the database (the devices come prefetched), so it can run in a thread.
    """
    user = followup.cry.user
    attempts = []
    if push.is_configured():
        with wording.in_language_of(user):
            payload = push.followup_payload(followup)
        ttl = push.followup_ttl(followup)
        for subscription in user.push_subscriptions.all():
            attempts.append(
                push.send(subscription=subscription, payload=payload, topic=followup.topic, ttl=ttl)
            )
    if user.followup_email:
        with wording.in_language_of(user):
            attempts.append(mail.send(followup=followup))
    for attempt in attempts:
        attempt.followup = followup
    return attempts


def send_settled(followup: FollowUp) -> list[DeliveryAttempt]:
    """send_everywhere, which never raises: one follow-up's failure never stops the batch.

    Each push send settles its own failures (push.send); this catches what is left, so the
    follow-up is recorded as failed rather than the task dying with the others unrecorded.
    """
    try:
        return send_everywhere(followup)
    except Exception as error:
        log.exception("follow-up %s: sending failed unexpectedly", followup.pk)
        return [
            DeliveryAttempt(
                followup=followup,
                channel=DeliveryAttempt.Channel.PUSH,
                outcome=DeliveryAttempt.Outcome.FAILED,
                error=f"could not send: {type(error).__name__}",
                attempted_at=timezone.now(),
            )
        ]


class Settlement(NamedTuple):
    result: str  # sent, retry or failed
    changes: dict[str, object]  # to the follow-up's row
    retry_at: datetime | None = None


def settle(followup: FollowUp, attempts: list[DeliveryAttempt], now: datetime) -> Settlement:
    """What the attempts make of a follow-up.

    Reaching the person once is enough: it is sent. With no way to reach them it is sent too,
    as the home page's banner is then its reminder. Otherwise a temporary failure is tried
    again later, up to FOLLOWUP_MAX_ATTEMPTS and never past the answer window; anything else
    failed.
    """
    outcomes = {attempt.outcome for attempt in attempts}
    errors = "; ".join(a.error for a in attempts if a.error)[:ERROR_MAX_LENGTH]
    changes: dict[str, object] = {"claimed_at": None, "claim_token": "", "last_error": errors}
    retry_at = now + retry_delay(followup.attempts)
    if DeliveryAttempt.Outcome.SENT in outcomes or not attempts:
        return Settlement("sent", changes | {"state": FollowUp.State.SENT, "sent_at": now})
    if (
        DeliveryAttempt.Outcome.RETRY in outcomes
        and followup.attempts < settings.FOLLOWUP_MAX_ATTEMPTS
        and retry_at < followup.expires_at
    ):
        changes |= {"next_attempt_at": retry_at, "enqueued_at": now}
        return Settlement("retry", changes, retry_at)
    return Settlement("failed", changes | {"state": FollowUp.State.FAILED})


def finish(
    *, batch: list[FollowUp], token: str, sent: dict[int, list[DeliveryAttempt]]
) -> dict[int, str]:
    """Record the attempts and settle the follow-ups this delivery still holds; their results.

    All in one transaction, which first locks the rows still held: answering, deleting a cry
    or another delivery waits until the follow-up is settled and its attempts are recorded.
    """
    now = timezone.now()
    by_pk = {followup.pk: followup for followup in batch}
    tried = sorted(sent)
    results: dict[int, str] = {}
    with transaction.atomic():
        held = locked(
            FollowUp.objects.filter(claim_token=token, state=FollowUp.State.SCHEDULED), tried
        )
        settled = {pk: settle(by_pk[pk], sent[pk], now) for pk in held}
        alike: dict[tuple[tuple[str, object], ...], list[int]] = defaultdict(list)
        for pk, settlement in settled.items():
            results[pk] = settlement.result
            alike[tuple(sorted(settlement.changes.items()))].append(pk)
        for same_changes, pks in alike.items():  # usually one UPDATE: all sent
            FollowUp.objects.filter(pk__in=pks).update(**dict(same_changes))
        # The rest were answered while we sent, or the lease ran out and another delivery
        # took over; or the cry was deleted, taking its follow-up (and our attempts) with it.
        lost = [pk for pk in tried if pk not in held]
        still_there = locked(FollowUp.objects.all(), lost)
        for pk in lost:
            results[pk] = "claim lost" if pk in still_there else "deleted"
        # The locks keep the follow-ups from being deleted under the attempts we add.
        record_attempts(a for pk in sorted(held | still_there) for a in sent[pk])
        for pk, settlement in settled.items():
            if settlement.retry_at is not None:
                enqueue_delivery(followup_id=pk, run_after=settlement.retry_at)
    for pk in lost:
        if pk in still_there:
            log.warning("follow-up %s: the claim was lost while sending", pk)
    for pk, settlement in settled.items():
        if settlement.result != "sent":
            log.warning(
                "follow-up %s: %s after attempt %s: %s",
                pk,
                settlement.result,
                by_pk[pk].attempts,
                settlement.changes["last_error"],
            )
    return results


def locked(rows: QuerySet[FollowUp], pks: list[int]) -> set[int]:
    """Lock those of ``pks`` that ``rows`` has, in key order (no deadlocks); their keys."""
    if not pks:
        return set()
    return set(
        rows.select_for_update().filter(pk__in=pks).order_by("pk").values_list("pk", flat=True)
    )


def record_attempts(attempts: Iterable[DeliveryAttempt]) -> None:
    """Save the attempts and what they teach about each device. Call inside a transaction.

    A device that answered "gone" is deleted; one whose every attempt succeeded is marked
    so in a single UPDATE with the others; the rest are updated attempt by attempt.
    """
    attempts = list(attempts)
    by_device: dict[int, list[DeliveryAttempt]] = defaultdict(list)
    for attempt in attempts:
        if attempt.subscription_id is not None:
            by_device[attempt.subscription_id].append(attempt)
    devices = PushSubscription.objects.select_for_update().filter(pk__in=by_device).order_by("pk")
    # Locked first: a device is not deleted by its owner under the attempts that name it.
    present = set(devices.values_list("pk", flat=True)) if by_device else set()
    gone, succeeded = [], []
    for device, its_attempts in by_device.items():
        outcomes = {attempt.outcome for attempt in its_attempts}
        if device not in present or DeliveryAttempt.Outcome.GONE in outcomes:
            gone.append(device)
        elif outcomes == {DeliveryAttempt.Outcome.SENT}:
            succeeded.append(device)
        else:
            for attempt in its_attempts:
                _record_on_device(device, attempt)
    PushSubscription.objects.filter(pk__in=gone).delete()
    if succeeded:  # the latest success of this record for all: they are moments apart
        PushSubscription.objects.filter(pk__in=succeeded).update(
            last_success_at=max(a.attempted_at for d in succeeded for a in by_device[d]),
            failures=0,
            last_error="",
        )
    for device in gone:
        for attempt in by_device[device]:
            attempt.subscription = None
    DeliveryAttempt.objects.bulk_create(attempts)


def _record_on_device(pk: int, attempt: DeliveryAttempt) -> None:
    device = PushSubscription.objects.filter(pk=pk)
    if attempt.outcome == DeliveryAttempt.Outcome.SENT:
        device.update(last_success_at=attempt.attempted_at, failures=0, last_error="")
    else:
        device.update(
            last_failure_at=attempt.attempted_at,
            failures=F("failures") + 1,
            last_error=attempt.error,
        )


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
