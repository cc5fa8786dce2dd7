"""Studies: a researcher's run of the 90-minute protocol with people who joined by invitation
and consented, each known to the researcher only by a random code (docs/research.md).

A study keeps no copy of anyone's cries: what it receives is read from the participants' own
cries when the researcher looks (``crylog.studies.data``), so a cry kept out, a withdrawal or
a new consent version not yet agreed to takes effect at once.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from crylog.accounts.models import FOLLOWUP_DELAY_MAX, FOLLOWUP_DELAY_MIN, User
from crylog.cries.models import Cry

# The permission the site's operator grants (manage.py researcher, or the admin).
RUN_STUDIES = "studies.run_studies"
TITLE_MAX_LENGTH = 120
CODE_MAX_LENGTH = 12


class StudyQuerySet(models.QuerySet["Study"]):
    def for_researcher(self, user: User) -> StudyQuerySet:
        """A researcher's own studies: every researcher view starts here, so another
        researcher's study is a 404."""
        return self.filter(researcher=user)

    def running_on(self, day: date) -> StudyQuerySet:
        """Studies that have not ended by ``day`` (those still to start included)."""
        return self.filter(ends_on__gte=day)


class Study(models.Model):
    researcher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="studies_run"
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    run_by = models.CharField(
        _("who runs it"),
        max_length=200,
        help_text=_("The people and the institution, as participants should read them."),
    )
    contact = models.CharField(
        _("how to reach them"),
        max_length=200,
        help_text=_("An e-mail address or a phone number for participants' questions."),
    )
    followup_delay_minutes = models.PositiveSmallIntegerField(
        _("follow-up after (minutes)"),
        default=90,
        help_text=_("How long after a cry ends participants are asked again."),
    )
    after_20 = models.BooleanField(_("ask at 20 minutes too"), default=False)
    collects_details = models.BooleanField(
        _("the details of each cry"),
        default=True,
        help_text=_("How hard, how long, who was there, what brought it on, and the rest."),
    )
    collects_notes = models.BooleanField(
        _("the notes"),
        default=False,
        help_text=_("What participants write in a cry's note, word for word."),
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    max_participants = models.PositiveIntegerField(_("most participants"), default=30)
    # An invitation is handed out to many people, so the link is kept to show again; closing
    # it stops new joins, a new one stops the old.
    invitation_token = models.CharField(max_length=43, unique=True)
    invitation_open = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = StudyQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name_plural = "studies"
        permissions = (("run_studies", "Can run studies"),)
        constraints = (
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="study_dates_order"
            ),
            models.CheckConstraint(
                condition=Q(
                    followup_delay_minutes__gte=FOLLOWUP_DELAY_MIN,
                    followup_delay_minutes__lte=FOLLOWUP_DELAY_MAX,
                ),
                name="study_delay_in_range",
            ),
            models.CheckConstraint(
                condition=Q(max_participants__gte=1), name="study_takes_someone"
            ),
        )

    def __str__(self) -> str:
        return self.title

    @property
    def consent(self) -> ConsentVersion:
        """The consent text in force: its latest version."""
        return self.consent_versions.order_by("-number")[0]

    def has_ended(self, today: date) -> bool:
        return today > self.ends_on

    def window(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """When it runs on a participant's own clock: from the first day's midnight to the
        midnight after the last day."""
        start = datetime.combine(self.starts_on, time(0), tzinfo=zone)
        end = datetime.combine(self.ends_on + timedelta(days=1), time(0), tzinfo=zone)
        return start, end


class ConsentVersion(models.Model):
    """One version of a study's consent text. Never edited once someone agreed to it: a
    change is a new version, which everyone in the study is asked again."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="consent_versions")
    number = models.PositiveIntegerField()
    text = models.TextField(_("consent text"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("study", "number")
        constraints = (
            models.UniqueConstraint(fields=("study", "number"), name="consent_one_per_number"),
        )

    def __str__(self) -> str:
        return f"{self.study} consent v{self.number}"


class ParticipantQuerySet(models.QuerySet["Participant"]):
    def enrolled(self) -> ParticipantQuerySet:
        """Who has joined and not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)

    def running_on(self, day: date) -> ParticipantQuerySet:
        """Enrolments in a study that has not ended by ``day``."""
        return self.enrolled().filter(study__ends_on__gte=day)


class Participant(models.Model):
    """A person in a study, known to its researcher only by ``code``: random, never derived
    from the account."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participations"
    )
    code = models.CharField(max_length=CODE_MAX_LENGTH)
    joined_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # On withdrawal: whether what they gave stays in the study (False: deleted from it).
    data_kept = models.BooleanField(null=True, blank=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ("study", "joined_at", "pk")
        constraints = (
            models.UniqueConstraint(fields=("study", "user"), name="participant_once_per_study"),
            models.UniqueConstraint(fields=("study", "code"), name="participant_code_unique"),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True, data_kept__isnull=True)
                | Q(withdrawn_at__isnull=False, data_kept__isnull=False),
                name="participant_withdrawal_says_what_stays",
            ),
        )

    def __str__(self) -> str:
        return f"{self.study} participant {self.code}"

    @property
    def agreed_version(self) -> int | None:
        """The latest consent version they agreed to."""
        # Over all() so that a prefetch of consents__version serves it.
        return max((c.version.number for c in self.consents.all()), default=None)


class Consent(models.Model):
    """A participant agreed to one version of the consent, at ``agreed_at``."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="consents")
    version = models.ForeignKey(ConsentVersion, on_delete=models.CASCADE, related_name="agreements")
    agreed_at = models.DateTimeField()

    class Meta:
        ordering = ("participant", "agreed_at")
        constraints = (
            models.UniqueConstraint(
                fields=("participant", "version"), name="consent_once_per_version"
            ),
        )

    def __str__(self) -> str:
        return f"{self.participant} agreed to v{self.version.number}"


class StudyCry(models.Model):
    """One of a participant's cries as the study knows it: under a random code, or kept out
    of the study by the participant (``excluded``)."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="cries")
    cry = models.ForeignKey(Cry, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=CODE_MAX_LENGTH)
    excluded = models.BooleanField(default=False)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("participant", "cry"), name="studycry_once"),
            models.UniqueConstraint(fields=("participant", "code"), name="studycry_code_unique"),
        )

    def __str__(self) -> str:
        return f"{self.participant} cry {self.code}"


class ExportLog(models.Model):
    """Who took which study's export, when."""

    class What(models.TextChoices):
        RATINGS = "ratings", "ratings"
        CODEBOOK = "codebook", "codebook"

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="exports")
    researcher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    what = models.CharField(max_length=8, choices=What.choices)
    rows = models.PositiveIntegerField(default=0)
    at = models.DateTimeField()

    class Meta:
        ordering = ("-at", "-pk")

    def __str__(self) -> str:
        return f"{self.what} of {self.study} at {self.at:%Y-%m-%d %H:%M}"
