from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Length, Lower, StrIndex, Trim
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, pgettext_lazy

from crylog.lib.lookups import Lowered

if TYPE_CHECKING:
    from crylog.accounts.models import User

NOTE_MAX_LENGTH = 2000


class Moment(models.TextChoices):
    BEFORE = "before", pgettext_lazy("moment", "before")
    RIGHT_AFTER = "right_after", pgettext_lazy("moment", "right after")
    AFTER_20 = "after_20", pgettext_lazy("moment", "20 minutes after")
    AFTER_90 = "after_90", pgettext_lazy("moment", "90 minutes after")


class Duration(models.TextChoices):
    UNDER_1 = "lt1", _("under a minute")
    MIN_1_5 = "1-5", _("1–5 minutes")
    MIN_5_15 = "5-15", _("5–15 minutes")
    OVER_15 = "15+", _("more than 15 minutes")


class Company(models.TextChoices):
    ALONE = "alone", _("alone")
    ONE = "one", _("with one person")
    SEVERAL = "several", _("with several people")


class CompanyKnown(models.TextChoices):
    KNOWN = "known", _("someone I know")
    STRANGER = "stranger", _("strangers")


class Resolved(models.TextChoices):
    NO = "no", _("no")
    PARTLY = "partly", _("partly")
    YES = "yes", _("yes")


class Trigger(models.TextChoices):
    CONFLICT = "conflict", _("conflict")
    LOSS = "loss", _("loss")
    FAILURE = "failure", _("failure or powerlessness")
    LONELINESS = "loneliness", _("loneliness")
    OVERLOAD = "overload", _("overload")
    OTHERS_SUFFERING = "others_suffering", _("others' suffering")
    MOVED = "moved", _("moved or joy")
    MEDIA = "media", _("film, music or book")
    OTHER = "other", _("other")


class Feeling(models.TextChoices):
    """What the tears were about ("How did it feel?"): the emotions that most often go with
    adult crying in the crying-antecedent research (Vingerhoets and colleagues; see
    docs/data-model.md, "What the tears were about"). Several may be chosen, none is required."""

    SAD = "sad", pgettext_lazy("feeling", "sad")
    HELPLESS = "helpless", pgettext_lazy("feeling", "helpless")
    ANGRY = "angry", pgettext_lazy("feeling", "angry or frustrated")
    OVERWHELMED = "overwhelmed", pgettext_lazy("feeling", "overwhelmed")
    MOVED = "moved", pgettext_lazy("feeling", "moved")
    HAPPY = "happy", pgettext_lazy("feeling", "happy")
    RELIEVED = "relieved", pgettext_lazy("feeling", "relieved")


# A person's own trigger: its longest name, and how many one person may have (retired ones
# included), far above any real list and low enough that the form stays a form.
OWN_TRIGGER_NAME_MAX_LENGTH = 40
OWN_TRIGGERS_MAX = 30


INTENSITY_LABELS = {
    0: _("an urge, no tears"),
    1: _("moist eyes"),
    2: _("some tears"),
    3: _("crying"),
    4: _("sobbing"),
}
SHAME_LABELS = {
    0: pgettext_lazy("shame", "none"),
    1: pgettext_lazy("shame", "a little"),
    2: pgettext_lazy("shame", "some"),
    3: pgettext_lazy("shame", "much"),
    4: pgettext_lazy("shame", "very much"),
}
RELIEF_LABELS = {
    0: pgettext_lazy("relief", "not at all"),
    1: pgettext_lazy("relief", "a little"),
    2: pgettext_lazy("relief", "somewhat"),
    3: pgettext_lazy("relief", "quite"),
    4: pgettext_lazy("relief", "very much"),
}


# When a cry can have ended, or a rating been given: one rule for the forms, the admin and import.
# Not before 2000 in the person's own time zone (an earlier year is a typing mistake, and years
# near 1 overflow when shown in another zone), and not in the future beyond a clock's drift.
EARLIEST_YEAR = 2000
FUTURE_TOLERANCE = timedelta(minutes=5)
# Said of a time in an import's problems (gettext them there); the forms say TIME_MESSAGES.
TOO_EARLY = gettext_noop("is before 2000")
IN_FUTURE = gettext_noop("is in the future")
NO_SUCH_OFFSET = gettext_noop(
    "has an offset from UTC that no time zone has (from −12:00 to +14:00)"
)
TIME_MESSAGES = {
    TOO_EARLY: _("That is before 2000: please check the year."),
    IN_FUTURE: _("That time is in the future."),
    NO_SUCH_OFFSET: _(
        "That time's offset from UTC is one no time zone has: offsets run from −12:00 to "
        "+14:00, in quarter hours."
    ),
}
# Every offset a time zone has had since 2000 lies from UTC−12:00 (Etc/GMT+12, Baker Island)
# to UTC+14:00 (Pacific/Kiritimati) and is a whole number of quarter hours (Asia/Kathmandu is
# +05:45, Pacific/Chatham +12:45). A time sent with another offset was read off no clock, and
# PostgreSQL refuses some of them (beyond ±15:59) outright.
OFFSET_MIN = timedelta(hours=-12)
OFFSET_MAX = timedelta(hours=14)
OFFSET_STEP = timedelta(minutes=15)
# The database's own floor, a safety net under the rule above: 2000 begins at 1999-12-31T10:00
# UTC in the earliest time zone (UTC+14), so every time the rule lets through is above this.
DATABASE_FLOOR = datetime(1999, 12, 31, tzinfo=UTC)


def time_problem(value: datetime, *, now: datetime, zone: tzinfo) -> str | None:
    """What is wrong with ``value`` as a time something happened (NO_SUCH_OFFSET, TOO_EARLY
    or IN_FUTURE), or None when it can be."""
    # Far-off years are settled before any time-zone arithmetic, which overflows near years
    # 1 and 9999 (and before the offset, which was a town's own solar time there).
    if value.year < EARLIEST_YEAR - 1:
        return TOO_EARLY
    if value.year > now.year + 1:
        return IN_FUTURE
    if problem := offset_problem(value):
        return problem
    if value.astimezone(zone).year < EARLIEST_YEAR:
        return TOO_EARLY
    if value > now + FUTURE_TOLERANCE:
        return IN_FUTURE
    return None


def offset_problem(value: datetime) -> str | None:
    """NO_SUCH_OFFSET when ``value`` carries an offset from UTC no time zone has, else None."""
    offset = value.utcoffset()
    if offset is None or (OFFSET_MIN <= offset <= OFFSET_MAX and not offset % OFFSET_STEP):
        return None
    return NO_SUCH_OFFSET


def validate_time(value: datetime | None) -> None:
    """``time_problem`` for a form, in the time zone of the person using it."""
    if value is None:
        return
    problem = time_problem(value, now=timezone.now(), zone=timezone.get_current_timezone())
    if problem:
        raise ValidationError(TIME_MESSAGES[problem], code="time_out_of_range")


def new_cry_limits() -> tuple[tuple[timedelta, int], ...]:
    """The most cries one person can log in a while, as (span, most): over the last hour and
    the last day (settings ``CRIES_PER_HOUR``, ``CRIES_PER_DAY``). Far above anyone's real
    crying (a few cries a month in Bylsma's diaries; see docs/architecture.md, "The limit on
    new cries"), so that only a script or a stuck client ever meets it. Imported and
    illustrative cries do not count."""
    return (
        (timedelta(hours=1), settings.CRIES_PER_HOUR),
        (timedelta(days=1), settings.CRIES_PER_DAY),
    )


def validate_triggers(value: object) -> None:
    allowed = set(Trigger.values)
    if not isinstance(value, list) or not all(item in allowed for item in value):
        raise ValidationError(_("Choose triggers from the list."))


def validate_feelings(value: object) -> None:
    allowed = set(Feeling.values)
    if not isinstance(value, list) or not all(item in allowed for item in value):
        raise ValidationError(_("Choose feelings from the list."))


# Refused in an own trigger's name: it is one short line, shown among chips and written
# into export files (control characters, line and paragraph separators, direction overrides,
# lone surrogates). Joiners stay: they hold emoji sequences together.
_NAME_REFUSED = {"Cc", "Cf", "Cs", "Zl", "Zp"}
_JOINERS = {"\u200c", "\u200d"}


def clean_own_trigger_name(value: str) -> str:
    """An own trigger's name as it is kept: without space around it. Raises ValidationError
    (codes ``empty``, ``too_long``, ``not_one_line``) for a name that cannot be one."""
    name = value.strip()
    if not name:
        raise ValidationError(_("Write a name for it."), code="empty")
    if len(name) > OWN_TRIGGER_NAME_MAX_LENGTH:
        raise ValidationError(
            _("Keep the name to %(most)s characters; this one has %(length)s."),
            code="too_long",
            params={"most": OWN_TRIGGER_NAME_MAX_LENGTH, "length": len(name)},
        )
    if any(
        unicodedata.category(character) in _NAME_REFUSED and character not in _JOINERS
        for character in name
    ):
        raise ValidationError(
            _("Write the name on one line, without line breaks or control characters."),
            code="not_one_line",
        )
    return name


class OwnTriggerQuerySet(models.QuerySet["OwnTrigger"]):
    def for_user(self, user: User) -> OwnTriggerQuerySet:
        return self.filter(user=user)

    def in_use(self) -> OwnTriggerQuerySet:
        """Not retired: offered on the form for new cries."""
        return self.filter(retired_at__isnull=True)


class OwnTrigger(models.Model):
    """A trigger a person named themselves, beside the built-in ones. Renaming it renames it on
    every cry; retiring it takes it off the form but keeps it on the cries that have it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="own_triggers"
    )
    name = models.CharField(_("name"), max_length=OWN_TRIGGER_NAME_MAX_LENGTH)
    retired_at = models.DateTimeField(
        null=True, blank=True, help_text="When the person took it off the form; empty while in use."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OwnTriggerQuerySet.as_manager()

    class Meta:
        ordering = [Lower("name"), "pk"]
        constraints = [
            # One name once per person, whatever its case: "Work" and "work" are one trigger
            # (adding a retired name again brings that one back, services.own_trigger_add).
            models.UniqueConstraint(Lower("name"), "user", name="own_trigger_one_per_name"),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("name"), OWN_TRIGGER_NAME_MAX_LENGTH)
                & GreaterThan(Length(Trim("name")), 0),
                name="own_trigger_name_length",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None


class CryQuerySet(models.QuerySet["Cry"]):
    def for_user(self, user: User) -> CryQuerySet:
        return self.filter(user=user)

    def ended(self) -> CryQuerySet:
        return self.filter(ended_at__isnull=False)

    def in_progress(self) -> CryQuerySet:
        """Planned cries that have not ended yet."""
        return self.filter(ended_at__isnull=True)

    def logged_here(self) -> CryQuerySet:
        """Cries a person logged in crylog: not imported from a file, not illustrative."""
        return self.filter(imported=False, is_demo=False)

    def limit_lifts_at(self, now: datetime) -> datetime | None:
        """When one more cry may be logged, if ``new_cry_limits`` hold it back at ``now``;
        None when it may be logged now. Call it on one person's cries."""
        lifts: list[datetime] = []
        for span, most in new_cry_limits():
            # The most-th newest cry in the window: with it there, the window is full until
            # it leaves.
            full = (
                self.logged_here()
                .filter(created_at__gt=now - span)
                .order_by("-created_at")
                .values_list("created_at", flat=True)[most - 1 : most]
            )
            lifts.extend(created_at + span for created_at in full)
        return max(lifts, default=None)

    def ended_between(self, start: datetime, end: datetime) -> CryQuerySet:
        return self.filter(ended_at__gte=start, ended_at__lt=end)

    def newest_first(self) -> CryQuerySet:
        return self.order_by(models.F("ended_at").desc(nulls_first=True), "-created_at")

    def with_ratings(self) -> CryQuerySet:
        return self.prefetch_related("ratings")

    # History's filters (crylog/cries/history.py); each works on SQLite and PostgreSQL alike.

    def ended_since(self, start: datetime) -> CryQuerySet:
        return self.filter(ended_at__gte=start)

    def ended_before(self, end: datetime) -> CryQuerySet:
        return self.filter(ended_at__lt=end)

    def with_trigger(self, code: str) -> CryQuerySet:
        """Cries with this built-in trigger (``has_item``: crylog/lib/lookups.py)."""
        return self.filter(triggers__has_item=code)

    def with_own_trigger(self, own_trigger: OwnTrigger) -> CryQuerySet:
        return self.filter(own_triggers=own_trigger)

    def with_feeling(self, code: str) -> CryQuerySet:
        return self.filter(feelings__has_item=code)

    def with_company(self, code: str) -> CryQuerySet:
        return self.filter(company=code)

    def with_after_90(self, *, answered: bool) -> CryQuerySet:
        """Cries whose 90-minute check-in was answered (or not: never asked, not yet, missed)."""
        given = models.Exists(
            MoodRating.objects.filter(cry=models.OuterRef("pk"), moment=Moment.AFTER_90)
        )
        return self.filter(given if answered else ~given)

    def with_note_containing(self, text: str) -> CryQuerySet:
        """Cries whose note holds ``text`` in any case, ä and Ä alike (``Lowered``)."""
        found_at = StrIndex(Lowered("note"), Lowered(models.Value(text)))
        return self.alias(note_found_at=found_at).filter(note_found_at__gt=0)


class Cry(models.Model):
    """One crying episode of one person."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cries"
    )
    ended_at = models.DateTimeField(
        _("ended"),
        null=True,
        blank=True,
        validators=[validate_time],
        help_text="When the cry ended; empty while a planned cry has not happened yet.",
    )
    planned = models.BooleanField(
        default=False, help_text="Expected in advance, so the before rating was given for real."
    )
    intensity = models.PositiveSmallIntegerField(
        null=True, blank=True, choices=sorted(INTENSITY_LABELS.items())
    )
    duration = models.CharField(max_length=8, blank=True, choices=Duration.choices)
    company = models.CharField(max_length=8, blank=True, choices=Company.choices)
    company_known = models.CharField(
        _("who was there"), max_length=8, blank=True, choices=CompanyKnown.choices
    )
    support = models.BooleanField(_("received comfort"), null=True, blank=True)
    held_back = models.BooleanField(_("tried to hold back tears"), null=True, blank=True)
    shame = models.PositiveSmallIntegerField(
        null=True, blank=True, choices=sorted(SHAME_LABELS.items())
    )
    triggers = models.JSONField(default=list, blank=True, validators=[validate_triggers])
    own_triggers = models.ManyToManyField(OwnTrigger, blank=True, related_name="cries")
    feelings = models.JSONField(
        _("how did it feel?"), default=list, blank=True, validators=[validate_feelings]
    )
    resolved = models.CharField(
        _("was what made you cry resolved?"), max_length=8, blank=True, choices=Resolved.choices
    )
    new_understanding = models.BooleanField(
        _("did you understand something new?"), null=True, blank=True
    )
    note = models.TextField(blank=True, max_length=NOTE_MAX_LENGTH)
    is_demo = models.BooleanField(
        default=False, help_text="Illustrative data made by seed_demo, not a real cry."
    )
    client_id = models.UUIDField(
        null=True,
        blank=True,
        editable=False,
        help_text="The check-in's own id, made with its form (by the server, or by the phone "
        "for one kept offline): the same check-in sent again (a double tap, a retry, a "
        "replay) is this cry, not a new one.",
    )
    imported = models.BooleanField(
        default=False,
        editable=False,
        help_text="Added from an export file, not logged here: not counted in the limit on "
        "new cries.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = _("cries")
        indexes = [
            models.Index(fields=["user", "-ended_at"], name="cry_user_ended_idx"),
            # The limit on new cries (services.cry_create) reads a person's newest rows.
            models.Index(fields=["user", "-created_at"], name="cry_user_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_at__isnull=False) | models.Q(planned=True),
                name="cry_ended_unless_planned",
            ),
            # One cry per check-in made on a phone, however often it is sent; most cries have
            # no client_id, and NULLs never collide.
            models.UniqueConstraint(fields=["user", "client_id"], name="cry_one_per_client_id"),
            models.CheckConstraint(
                condition=models.Q(ended_at__isnull=True) | models.Q(ended_at__gte=DATABASE_FLOOR),
                name="cry_ended_since_2000",
            ),
            models.CheckConstraint(
                condition=models.Q(intensity__isnull=True) | models.Q(intensity__lte=4),
                name="cry_intensity_0_4",
            ),
            models.CheckConstraint(
                condition=models.Q(shame__isnull=True) | models.Q(shame__lte=4),
                name="cry_shame_0_4",
            ),
            models.CheckConstraint(
                condition=models.Q(duration__in=["", *Duration.values]), name="cry_duration_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(company__in=["", *Company.values]), name="cry_company_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(company_known__in=["", *CompanyKnown.values]),
                name="cry_company_known_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(resolved__in=["", *Resolved.values]), name="cry_resolved_valid"
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("note"), NOTE_MAX_LENGTH),
                name="cry_note_length",
            ),
        ]

    def __str__(self) -> str:
        return f"cry {self.pk} of {self.user_id}"

    def get_absolute_url(self) -> str:
        return reverse("cry-detail", args=[self.pk])

    @property
    def is_over(self) -> bool:
        return self.ended_at is not None

    def ratings_in_order(self) -> list[MoodRating]:
        """Ratings from before to 90 minutes after, whatever order they were given in."""
        order = list(Moment.values)
        return sorted(self.ratings.all(), key=lambda rating: order.index(rating.moment))

    def rating_at(self, moment: str) -> MoodRating | None:
        """The rating at this moment, if given (from the ratings already read, if they were)."""
        return next((rating for rating in self.ratings.all() if rating.moment == moment), None)

    def trigger_labels(self) -> list[str]:
        labels = dict(Trigger.choices)
        return [str(labels[t]) for t in self.triggers if t in labels]

    def feeling_labels(self) -> list[str]:
        labels = dict(Feeling.choices)
        return [str(labels[f]) for f in self.feelings if f in labels]


class MoodRating(models.Model):
    """One answer to "how do you feel?" at one moment of a cry."""

    cry = models.ForeignKey(Cry, on_delete=models.CASCADE, related_name="ratings")
    moment = models.CharField(max_length=12, choices=Moment.choices)
    valence = models.PositiveSmallIntegerField(
        help_text="0 very unpleasant, 50 neutral, 100 very pleasant."
    )
    arousal = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="0 calm, 100 agitated."
    )
    relief = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        choices=sorted(RELIEF_LABELS.items()),
        help_text="Did it help? Asked at 90 minutes only.",
    )
    given_at = models.DateTimeField(
        validators=[validate_time], help_text="When the rating was given."
    )
    is_recalled = models.BooleanField(
        default=False, help_text="A before rating remembered afterwards, not given at the time."
    )
    minutes_since_end = models.FloatField(
        null=True, blank=True, help_text="For follow-ups: minutes from the cry's end to the answer."
    )
    minutes_since_reminder = models.FloatField(
        null=True, blank=True, help_text="For follow-ups: minutes from the reminder to the answer."
    )
    is_late = models.BooleanField(
        default=False, help_text="A follow-up answered after its window closed."
    )
    corrected_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the person last corrected this rating; given_at stays when it was given.",
    )

    class Meta:
        ordering = ["given_at"]
        constraints = [
            models.UniqueConstraint(fields=["cry", "moment"], name="rating_one_per_moment"),
            models.CheckConstraint(
                condition=models.Q(moment__in=Moment.values), name="rating_moment_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(valence__lte=100), name="rating_valence_0_100"
            ),
            models.CheckConstraint(
                condition=models.Q(given_at__gte=DATABASE_FLOOR), name="rating_given_since_2000"
            ),
            models.CheckConstraint(
                condition=models.Q(arousal__isnull=True) | models.Q(arousal__lte=100),
                name="rating_arousal_0_100",
            ),
            models.CheckConstraint(
                condition=models.Q(relief__isnull=True)
                | models.Q(relief__lte=4, moment=Moment.AFTER_90),
                name="rating_relief_0_4_at_after_90",
            ),
            models.CheckConstraint(
                condition=models.Q(is_recalled=False) | models.Q(moment=Moment.BEFORE),
                name="rating_only_before_is_recalled",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_moment_display()}: {self.valence}"
