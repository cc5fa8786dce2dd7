"""Follow-ups (the scheduled requests for a later rating), push subscriptions, delivery attempts.

A follow-up's row is the source of truth for its delivery: the task queue only wakes a
worker up. See docs/followups.md for the states and the guarantees.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from crylog.accounts.models import FOLLOWUP_DELAY_MAX, FOLLOWUP_DELAY_MIN
from crylog.cries.models import Cry, Moment
from crylog.lib.user_agents import describe_user_agent

if TYPE_CHECKING:
    from crylog.accounts.models import User

# How long after a cry's end each follow-up moment is due; after_90 uses the person's own delay.
AFTER_20_DELAY = timedelta(minutes=20)
# How long after its due time an answer still counts as on time (for after_90 at the default
# delay: 60–150 minutes after the cry). A reminder is never sent after this: it has gone stale.
WINDOW_AFTER_DUE = {
    Moment.AFTER_20: timedelta(minutes=20),
    Moment.AFTER_90: timedelta(minutes=60),
}
# An answer this long before its due time still counts as "≈ the moment" (60 minutes for
# after_90 at the default delay); earlier answers are kept and simply not labelled so.
WINDOW_BEFORE_DUE = {
    Moment.AFTER_20: timedelta(minutes=10),
    Moment.AFTER_90: timedelta(minutes=30),
}
# The home page shows an unanswered follow-up for this long after it came due.
SHOWN_FOR = timedelta(hours=24)
# "In 15 minutes": how much later a snoozed follow-up is due again, and how often a person may
# put one off. A snooze never takes a reminder past the answer window (services.followup_snooze).
SNOOZE_FOR = timedelta(minutes=15)
MAX_SNOOZES = 2
FOLLOWUP_MOMENTS = [Moment.AFTER_20, Moment.AFTER_90]
# A person's devices that get Web Push; a new one beyond this replaces the longest silent one.
MAX_DEVICES = 10
ERROR_MAX_LENGTH = 300


class FollowUpQuerySet(models.QuerySet["FollowUp"]):
    def for_user(self, user: User) -> FollowUpQuerySet:
        return self.filter(cry__user=user)

    def waiting_for_answer(self) -> FollowUpQuerySet:
        """Neither answered nor skipped: the person may still give this rating."""
        return self.exclude(state__in=NOT_WAITING)

    def due_for_answer(self, now: datetime) -> FollowUpQuerySet:
        """What the home page offers: came due within the last day and still unanswered.

        ``FollowUp.is_due_for_answer`` asks the same of one row already in hand.
        """
        return (
            self.waiting_for_answer()
            .filter(due_at__lte=now, due_at__gt=now - SHOWN_FOR)
            # A cry that reached crylog after its window (kept on a phone offline, or logged
            # long afterwards) is not asked about: "how do you feel now?" has no answer then.
            .exclude(expires_at__lte=F("created_at"))
            .order_by("due_at")
        )

    def unclaimed(self, now: datetime) -> FollowUpQuerySet:
        """Not held by a live delivery: never claimed, or the claim's lease ran out."""
        lease = timedelta(seconds=settings.FOLLOWUP_CLAIM_LEASE_SECONDS)
        return self.filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - lease))

    def deliverable(self, now: datetime) -> FollowUpQuerySet:
        """Scheduled, due for an attempt, not stale and not being delivered right now."""
        return self.unclaimed(now).filter(
            state=FollowUp.State.SCHEDULED, next_attempt_at__lte=now, expires_at__gt=now
        )

    def stale(self, now: datetime) -> FollowUpQuerySet:
        """Still scheduled after its window closed: too late to remind anyone."""
        return self.unclaimed(now).filter(state=FollowUp.State.SCHEDULED, expires_at__lte=now)

    def lost(self, now: datetime) -> FollowUpQuerySet:
        """Due, unsent and unclaimed well after their task should have run.

        Their task failed, or its worker died (django-tasks-db then leaves it RUNNING for
        ever), or the queue lost it: the sweep enqueues them again.
        """
        grace = now - timedelta(seconds=settings.FOLLOWUP_SWEEP_GRACE_SECONDS)
        return self.deliverable(now).filter(
            Q(enqueued_at__isnull=True) | Q(enqueued_at__lte=grace), next_attempt_at__lte=grace
        )


class FollowUpState(models.TextChoices):
    SCHEDULED = "scheduled", "scheduled"
    SENT = "sent", "sent"
    ANSWERED = "answered", "answered"
    EXPIRED = "expired", "expired unsent"
    CANCELLED = "cancelled", "cancelled"
    FAILED = "failed", "failed"
    # Came due in the person's quiet hours: no push, no e-mail; the banner still asks.
    QUIET = "quiet", "held: quiet hours"


# Answered or skipped: the person is no longer asked for this rating.
NOT_WAITING = [FollowUpState.ANSWERED, FollowUpState.CANCELLED]


class FollowUp(models.Model):
    """The scheduled request for a later rating of one cry, at one moment."""

    State = FollowUpState

    cry = models.ForeignKey(Cry, on_delete=models.CASCADE, related_name="followups")
    moment = models.CharField(max_length=12, choices=[(m.value, m.label) for m in FOLLOWUP_MOMENTS])
    state = models.CharField(max_length=12, choices=State.choices, default=State.SCHEDULED)
    due_at = models.DateTimeField(help_text="When the reminder goes out.")
    expires_at = models.DateTimeField(
        help_text="When the answer window closes; no reminder is sent after it."
    )
    next_attempt_at = models.DateTimeField(
        help_text="The earliest the next delivery attempt may run (the due time, then backoff)."
    )
    enqueued_at = models.DateTimeField(
        null=True, blank=True, help_text="When a delivery task was last put on the queue."
    )
    claimed_at = models.DateTimeField(
        null=True, blank=True, help_text="When a delivery claimed it; the claim has a lease."
    )
    claim_token = models.CharField(max_length=32, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=ERROR_MAX_LENGTH, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    snoozes = models.PositiveSmallIntegerField(
        default=0, help_text='How often the person chose "In 15 minutes" (at most twice).'
    )
    snoozed_until = models.DateTimeField(
        null=True, blank=True, help_text="The due time the last snooze set."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revision = models.PositiveIntegerField(
        default=0,
        help_text="How many times the due time moved: the calendar event's SEQUENCE.",
    )
    revised_at = models.DateTimeField(
        null=True, blank=True, help_text="When the due time last moved."
    )

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["due_at"]
        indexes = [
            # The sweep (deliver.sweep) scans scheduled follow-ups by their next attempt; once
            # sent, answered or expired a row leaves this index, so it stays small.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(state="scheduled"),
                name="followup_scheduled_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["cry", "moment"], name="followup_one_per_moment"),
            models.CheckConstraint(
                condition=Q(moment__in=[m.value for m in FOLLOWUP_MOMENTS]),
                name="followup_moment_valid",
            ),
            models.CheckConstraint(
                condition=Q(state__in=FollowUpState.values), name="followup_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("due_at")), name="followup_expires_after_due"
            ),
            models.CheckConstraint(
                condition=Q(sent_at__isnull=False) | ~Q(state="sent"),
                name="followup_sent_has_sent_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_moment_display()} follow-up of cry {self.cry_id} ({self.state})"

    def get_absolute_url(self) -> str:
        return reverse("followup-answer", args=[self.pk])

    @property
    def check_in_minutes(self) -> int:
        """The check-in's minutes after the cry, as its name says them: "your 20-minute check-in"."""
        return 20 if self.moment == Moment.AFTER_20 else 90

    @property
    def check_in_name(self) -> str:
        return f"{self.check_in_minutes}-minute"

    @property
    def is_after_90(self) -> bool:
        return self.moment == Moment.AFTER_90

    @property
    def topic(self) -> str:
        """The Web Push Topic: a newer message for the same follow-up replaces an older one."""
        return f"followup-{self.pk}"

    def answer_facts(self, at: datetime) -> dict[str, float | bool | None]:
        """What a rating given at ``at`` records about its timing."""
        return {
            "minutes_since_end": _minutes_between(self.cry.ended_at, at),
            "minutes_since_reminder": _minutes_between(self.sent_at, at),
            "is_late": at > self.expires_at,
        }

    def is_due_for_answer(self, now: datetime) -> bool:
        """Whether ``FollowUpQuerySet.due_for_answer`` would hold this row."""
        return (
            self.state not in NOT_WAITING
            and now - SHOWN_FOR < self.due_at <= now
            and self.expires_at > self.created_at
        )

    def can_snooze(self, now: datetime) -> bool:
        """Whether "In 15 minutes" is possible now: services.followup_snooze asks the same."""
        return (
            self.state not in NOT_WAITING
            and self.due_at <= now
            and self.snoozes < MAX_SNOOZES
            and now + SNOOZE_FOR < self.expires_at
            and not self.cry.user.in_quiet_hours(now + SNOOZE_FOR)
        )

    def is_calendar_ready(self, now: datetime) -> bool:
        """Whether a calendar alarm still makes sense: due later, and not answered or skipped."""
        return self.state == FollowUpState.SCHEDULED and self.due_at > now

    @property
    def last_modified(self) -> datetime:
        """When what a calendar shows of this follow-up last changed."""
        return self.revised_at or self.created_at

    def is_on_time(self, at: datetime) -> bool:
        """Whether an answer at ``at`` counts as this moment ("≈90")."""
        return self.due_at - WINDOW_BEFORE_DUE[Moment(self.moment)] <= at <= self.expires_at


def _minutes_between(start: datetime | None, end: datetime) -> float | None:
    """Real minutes elapsed (in UTC: two times in one zone would subtract as wall clocks)."""
    if start is None:
        return None
    return round((end.astimezone(UTC) - start.astimezone(UTC)).total_seconds() / 60, 2)


class PushSubscription(models.Model):
    """One device (browser or installed app) that accepts Web Push for one person."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=2000, unique=True)
    p256dh = models.CharField(max_length=120, help_text="The browser's public key, base64url.")
    auth = models.CharField(max_length=48, help_text="The browser's auth secret, base64url.")
    user_agent = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_failure_at = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveIntegerField(
        default=0, help_text="Failed sends in a row; a success resets it."
    )
    last_error = models.CharField(max_length=ERROR_MAX_LENGTH, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.device_label} of {self.user_id}"

    def subscription_info(self) -> dict[str, object]:
        """What pywebpush needs, in the shape of the browser's PushSubscription.toJSON()."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}

    @property
    def device_label(self) -> str:
        return describe_user_agent(self.user_agent)


class DeliveryAttempt(models.Model):
    """One try at reaching a person through one channel: what happened and how long it took."""

    class Channel(models.TextChoices):
        PUSH = "push", "Web Push"
        EMAIL = "email", "e-mail"

    class Outcome(models.TextChoices):
        SENT = "sent", "sent"
        RETRY = "retry", "temporary failure, tried again later"
        GONE = "gone", "subscription gone, removed"
        FAILED = "failed", "failed"

    # Came due in the person's quiet hours: no push, no e-mail; the banner still asks.
    QUIET = "quiet", "held: quiet hours"

    followup = models.ForeignKey(
        FollowUp,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="delivery_attempts",
        help_text="Empty for a test notification.",
    )
    subscription = models.ForeignKey(
        PushSubscription,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="delivery_attempts",
    )
    channel = models.CharField(max_length=8, choices=Channel.choices)
    outcome = models.CharField(max_length=8, choices=Outcome.choices)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=ERROR_MAX_LENGTH, blank=True)
    attempted_at = models.DateTimeField()
    elapsed_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["attempted_at"]
        indexes = [
            # Pruning old attempts (deliver.sweep) goes by time.
            models.Index(fields=["attempted_at"], name="attempt_attempted_at_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__in=["push", "email"]), name="attempt_channel_valid"
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=["sent", "retry", "gone", "failed"]),
                name="attempt_outcome_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.outcome} at {self.attempted_at:%Y-%m-%d %H:%M:%S}"


class ProtocolTimingQuerySet(models.QuerySet["ProtocolTiming"]):
    def covering(self, instant: datetime) -> ProtocolTimingQuerySet:
        """The timing in force for a cry that ended at ``instant``: from ``starts_at`` on, up to
        ``ends_at`` (not included)."""
        return self.filter(starts_at__lte=instant, ends_at__gt=instant)


class ProtocolTiming(models.Model):
    """Follow-up timing set for a person from outside their own settings: a study's protocol
    while they take part (crylog.studies writes it on joining and removes it on leaving).

    It sets when the follow-ups of cries that end from ``starts_at`` to ``ends_at`` are due, in
    place of the person's own delay and 20-minute choice; quiet hours still hold.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="protocol_timing"
    )
    delay_minutes = models.PositiveSmallIntegerField()
    after_20 = models.BooleanField()
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    # What sets it, as the reminders page names it (a study's title).
    set_by = models.CharField(max_length=200)

    objects = ProtocolTimingQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="protocoltiming_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(
                    delay_minutes__gte=FOLLOWUP_DELAY_MIN, delay_minutes__lte=FOLLOWUP_DELAY_MAX
                ),
                name="protocoltiming_delay_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"timing of {self.user_id} set by {self.set_by}"
